import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHollowSubclouds, type HollowSubcloudsProcess } from '../test-support/murmur-processes.mjs';
import { murmur } from './support/murmur-process.js';

/** A bare request on a connection of its own; its status, or the connection's error. */
function get(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { connection: 'close', ...headers } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    req.end();
  });
}

/** `murmur hollow-subclouds` as its own process, as the benchmarks start it. */
describe('murmur hollow-subclouds: a process serving 1,000 hollow subclouds', () => {
  let hollow: HollowSubcloudsProcess;

  beforeAll(async () => {
    hollow = await startHollowSubclouds({ count: 1000, seed: 'e2e', firstAddress: '127.4.0.1' });
  });
  afterAll(() => hollow.stop());

  it('writes the manifest: one line per subcloud, each on its own address of the one port', () => {
    expect(hollow.manifest).toHaveLength(1000);
    expect(hollow.urls[0]).toBe(`http://127.4.0.1:${hollow.port}`);
    expect(hollow.urls[999]).toBe(`http://127.4.3.232:${hollow.port}`);
    expect(new Set(hollow.manifest.map((line) => line.join_token)).size).toBe(1000);
  });

  it('joins a subcloud over HTTP; the control API counts it; a killed subcloud resets its connections', async () => {
    const line = hollow.manifest[5]!;
    const res = await fetch(`${line.url}/dcagent/v1/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        join_token: line.join_token, name: line.name, system_controller: { region: 'RegionOne', url: 'http://x', software_version: '0.1.0' },
      }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { region_name: string }).region_name).toBe(line.region_name);
    expect((await hollow.control.stats()).joined).toBe(1);
    const [again] = await hollow.control.joinTokens([5]);
    expect(again).toMatch(/^mjt-/);
    await hollow.control.kill([6]);
    await expect(get(`${hollow.urls[6]}/dcagent/v1/audit`)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(await get(`${hollow.urls[7]}/dcagent/v1/audit`)).toBe(401);
  });

  it('is listed and described by murmur --help, and stops on SIGTERM by its own PID', async () => {
    expect((await murmur(['--help'], {})).stdout).toMatch(/hollow-subclouds\s+Serve N hollow subclouds/);
    expect((await murmur(['hollow-subclouds', '--help'], {})).stdout).toMatch(/--first-address/);
    expect(await hollow.stop()).toEqual({ code: 0, signal: null });
  });
});
