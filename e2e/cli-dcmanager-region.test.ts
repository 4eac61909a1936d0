import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminToken, murmur, readOpenrc, startController, stopController, type CliResult, type RunningController,
} from './support/murmur-process.js';
import { cells, valueOf } from './support/table-cells.js';

const OPERATOR = { OS_USERNAME: 'fleet-op', OS_PASSWORD: 'Glacier-fo-Orbit-8841' };

describe('murmur --os-region-name <subcloud> on the system controller, against a real subcloud', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-cli-dc-region-'));
  const cache = path.join(dir, 'cache');
  let central: RunningController;
  let edge: RunningController;
  let centralAdmin: Record<string, string>;
  let edgeAdmin: Record<string, string>;
  /** The operator on the system controller, with a region of the subcloud's. */
  let operator: (region: string) => Record<string, string>;

  const ok = async (args: string[], env: Record<string, string>): Promise<string> => {
    const result: CliResult = await murmur(args, env);
    expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: '' });
    return result.stdout;
  };

  beforeAll(async () => {
    [central, edge] = await Promise.all([
      startController(['--data', path.join(dir, 'central'), '--role', 'systemcontroller']),
      startController(['--data', path.join(dir, 'edge'), '--region', 'edge-west']),
    ]);
    const isolated = { XDG_CACHE_HOME: path.join(dir, 'admin-cache') };
    centralAdmin = { ...readOpenrc(path.join(dir, 'central', 'openrc')), ...isolated };
    edgeAdmin = { ...readOpenrc(path.join(dir, 'edge', 'openrc')), ...isolated };
    // The same user on both controllers, as the identity sync makes it.
    for (const env of [centralAdmin, edgeAdmin]) {
      await ok(['identity', 'user', 'create', OPERATOR.OS_USERNAME, '--password', OPERATOR.OS_PASSWORD], env);
      await ok(['identity', 'role', 'add', 'admin', '--project', 'admin', '--user', OPERATOR.OS_USERNAME], env);
    }
    const joinToken = await ok(['dcmanager', 'join-token', 'create', '-f', 'value', '-c', 'token'], edgeAdmin);
    await ok(['dcmanager', 'subcloud', 'add', '--name', 'west-1', '--url', edge.url, '--join-token', joinToken.trim()], centralAdmin);
    // An alarm only the subcloud has.
    const token = await adminToken(edge.url, edge.adminPassword!);
    const raised = await fetch(`${edge.url}/fm/v1/alarms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': token },
      body: JSON.stringify({
        alarm_id: '100.101', alarm_state: 'set', entity_instance_id: 'host=controller-0', severity: 'major',
        reason_text: 'Platform CPU threshold exceeded on the west site',
      }),
    });
    expect(raised.status).toBe(200);
    operator = (region) => ({ ...centralAdmin, ...OPERATOR, OS_REGION_NAME: region, XDG_CACHE_HOME: cache });
  });
  afterAll(async () => {
    await Promise.all([central && stopController(central), edge && stopController(edge)]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the subcloud\'s own system by its region, and by its name', async () => {
    const own = await ok(['system', 'show'], { ...centralAdmin, OS_REGION_NAME: 'RegionOne' });
    const edgeSystem = await ok(['system', 'show'], edgeAdmin);
    const byRegion = await ok(['system', 'show'], operator('edge-west'));
    expect(valueOf(byRegion, 'region_name')).toBe('edge-west');
    expect(valueOf(byRegion, 'uuid')).toBe(valueOf(edgeSystem, 'uuid'));
    expect(valueOf(byRegion, 'uuid')).not.toBe(valueOf(own, 'uuid'));
    const byName = await ok(['--os-region-name', 'west-1', 'system', 'show'], operator('RegionOne'));
    expect(valueOf(byName, 'uuid')).toBe(valueOf(edgeSystem, 'uuid'));
  });

  it('lists the subcloud\'s alarms with fm, and keeps each region\'s token in a file of its own', async () => {
    const alarms = cells(await ok(['--os-region-name', 'edge-west', 'fm', 'alarm-list'], operator('RegionOne')));
    expect(alarms.slice(1).map((r) => [r[0], r[1]])).toEqual([['100.101', 'Platform CPU threshold exceeded on the west site']]);
    expect(cells(await ok(['fm', 'alarm-list'], { ...operator('RegionOne') })).slice(1)).toEqual([]);
    // The central token, the subcloud's by region and by name.
    expect(readdirSync(path.join(cache, 'murmur')).filter((f) => f.endsWith('.json'))).toHaveLength(3);
  });

  it('says a region neither the catalog nor a subcloud has is unknown', async () => {
    const refused = await murmur(['system', 'show'], operator('edge-east'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('no region edge-east: the catalog does not list it and no subcloud of the system controller has that region or name');
  });
});
