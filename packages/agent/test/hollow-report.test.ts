import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverHost, fixtureRoots, hollowReport } from '@murmuration/agent';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'murmur-hollow-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('hollow host reports', () => {
  it('give each hollow host its own name, MACs, serials and boot id on the profile\'s hardware', async () => {
    const profile = await discoverHost(await fixtureRoots('dual-socket-server', scratch));
    const reports = Array.from({ length: 300 }, (_, i) => hollowReport(profile, `compute-${i}`, i));
    const macs = reports.flatMap((r) => r.nics.map((n) => n.mac));
    expect(new Set(macs).size).toBe(300 * 4);
    for (const mac of macs) expect(mac).toMatch(/^b4:96:91:|^3c:fd:fe:/);
    expect(new Set(reports.flatMap((r) => r.disks.map((d) => d.serial))).size).toBe(600);
    expect(new Set(reports.map((r) => r.bootId)).size).toBe(300);
    expect(reports[7]).toMatchObject({ hostname: 'compute-7', cpus: profile.cpus, numaNodes: profile.numaNodes });
  });
});
