import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, murmur, readOpenrc, startController, stopController, type CliResult, type RunningController } from './support/murmur-process.js';

/** The cells of a bordered table, header row first. */
function cells(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.slice(1, -1).split('|').map((c) => c.trim()));
}

/** The Property column of a Property/Value table. */
const properties = (stdout: string) => cells(stdout).slice(1).map((row) => row[0]!);
const valueOf = (stdout: string, property: string) => cells(stdout).find((row) => row[0] === property)?.[1];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('murmur fm against a real controller', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-cli-fm-'));
  const data = path.join(dir, 'data');
  let controller: RunningController;
  let admin: Record<string, string>;
  let token: string;
  const uuids: Record<string, string> = {};

  const fm = (...args: string[]): Promise<CliResult> => murmur(['fm', ...args], admin);
  const ok = async (...args: string[]): Promise<string> => {
    const result = await fm(...args);
    expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: '' });
    return result.stdout;
  };
  /** The lines of a command's output, e.g. one column printed with `-f value -c`. */
  const lines = async (...args: string[]): Promise<string[]> => (await ok(...args)).trim().split('\n');
  const post = async (body: Record<string, unknown>): Promise<string> => {
    const res = await fetch(`${controller.url}/fm/v1/alarms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': token },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    return (JSON.parse(JSON.parse(text) as string) as { uuid: string }).uuid;
  };
  const raise = (alarm_id: string, entity_instance_id: string, severity: string, reason_text: string) =>
    post({ alarm_id, alarm_state: 'set', entity_instance_id, severity, reason_text });

  beforeAll(async () => {
    controller = await startController(['--data', data]);
    admin = { ...readOpenrc(path.join(data, 'openrc')), XDG_CACHE_HOME: path.join(dir, 'cache') };
    token = await adminToken(controller.url, controller.adminPassword!);
    // Apart in time, so that newest-first has one answer.
    uuids['cpu'] = await raise('100.101', 'host=controller-0', 'major', 'Platform CPU threshold exceeded; threshold 90.00%, actual 93.10%');
    await sleep(20);
    uuids['disk'] = await raise('100.104', 'host=controller-0.filesystem=/var/log', 'critical', 'Filesystem /var/log is 95% full');
    await sleep(20);
    uuids['memory'] = await raise('100.103', 'host=controller-1.memory=total', 'major', 'Memory usage above 80%');
    await sleep(20);
    uuids['log'] = await post({ alarm_id: '200.021', alarm_state: 'log', entity_instance_id: 'host=controller-0.command=unlock', severity: 'warning', reason_text: 'Unlock requested' });
  });
  afterAll(async () => {
    await stopController(controller);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists active alarms newest first with fm columns', async () => {
    const table = cells(await ok('alarm-list'));
    expect(table[0]).toEqual(['Alarm ID', 'Reason Text', 'Entity ID', 'Severity', 'Time Stamp']);
    expect(table.slice(1).map((r) => r.slice(0, 4))).toEqual([
      ['100.103', 'Memory usage above 80%', 'host=controller-1.memory=total', 'major'],
      ['100.104', 'Filesystem /var/log is 95% full', 'host=controller-0.filesystem=/var/log', 'critical'],
      ['100.101', 'Platform CPU threshold exceeded; threshold 90.00%, actual 93.10%', 'host=controller-0', 'major'],
    ]);
    expect(table[1]![4]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
  });

  it('puts UUID first and the affecting columns where fm inserts them', async () => {
    const all = cells(await ok('alarm-list', '--uuid', '--mgmt_affecting', '--degrade_affecting'));
    expect(all[0]).toEqual(['UUID', 'Alarm ID', 'Reason Text', 'Entity ID', 'Management Affecting', 'Degrade Affecting', 'Severity', 'Time Stamp']);
    expect(all.slice(1).map((r) => [r[0], r[1], r[4], r[5]])).toEqual([
      [uuids['memory'], '100.103', 'False', 'False'],
      [uuids['disk'], '100.104', 'True', 'True'],
      [uuids['cpu'], '100.101', 'True', 'False'],
    ]);
    expect(cells(await ok('alarm-list', '--mgmt_affecting'))[0]).toEqual(['Alarm ID', 'Reason Text', 'Entity ID', 'Severity', 'Management Affecting', 'Time Stamp']);
    expect(cells(await ok('alarm-list', '--degrade_affecting'))[0]).toEqual(['Alarm ID', 'Reason Text', 'Entity ID', 'Severity', 'Time Stamp', 'Degrade Affecting']);

    const json = JSON.parse(await ok('alarm-list', '--mgmt_affecting', '-f', 'json')) as Array<Record<string, string>>;
    expect(Object.keys(json[0]!)).toEqual(['Alarm ID', 'Reason Text', 'Entity ID', 'Severity', 'Management Affecting', 'Time Stamp']);
    expect(json.map((a) => [a['Alarm ID'], a['Management Affecting']])).toEqual([
      ['100.103', 'False'],
      ['100.104', 'True'],
      ['100.101', 'True'],
    ]);
  });

  it('filters with -q and refuses a malformed one (exit 2)', async () => {
    expect((await ok('alarm-list', '-q', 'alarm_id=100.104', '-f', 'value', '-c', 'Entity ID')).trim()).toBe('host=controller-0.filesystem=/var/log');
    expect((await ok('alarm-list', '-q', 'entity_instance_id=string::controller-1;severity=major', '-f', 'value', '-c', 'Alarm ID')).trim()).toBe('100.103');
    for (const [query, missing] of [
      ['alarm_id', 'operator'],
      ['=100.101', 'field'],
      ['alarm_id=', 'value'],
    ] as const) {
      const bad = await fm('alarm-list', '-q', query);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(`invalid query ${query}: missing ${missing}`);
    }
    const refused = await fm('event-list', '-q', 'bogus=1');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Error: q.field bogus is not a filter');
  });

  it('shows an alarm as sorted Property/Value rows; an unknown one is not found (exit 1)', async () => {
    const show = await ok('alarm-show', uuids['disk']!);
    expect(cells(show)[0]).toEqual(['Property', 'Value']);
    expect(properties(show)).toEqual([
      'alarm_id',
      'alarm_state',
      'alarm_type',
      'degrade_affecting',
      'entity_instance_id',
      'entity_type_id',
      'mgmt_affecting',
      'probable_cause',
      'proposed_repair_action',
      'reason_text',
      'service_affecting',
      'severity',
      'suppression',
      'suppression_status',
      'timestamp',
      'uuid',
    ]);
    expect(valueOf(show, 'alarm_id')).toBe('100.104');
    expect(valueOf(show, 'entity_type_id')).toBe('host.filesystem');
    expect(valueOf(show, 'severity')).toBe('critical');
    expect(valueOf(show, 'suppression_status')).toBe('unsuppressed');
    expect(JSON.parse(await ok('alarm-show', uuids['cpu']!, '-f', 'json'))).toMatchObject({ uuid: uuids['cpu'], alarm_state: 'set', mgmt_affecting: 'True' });

    const missing = await fm('alarm-show', '01a20efb-0000-7000-8000-000000000000');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Alarm not found: 01a20efb-0000-7000-8000-000000000000');
  });

  it('summarises active alarms by severity', async () => {
    const table = cells(await ok('alarm-summary'));
    expect(table).toEqual([
      ['Critical Alarms', 'Major Alarms', 'Minor Alarms', 'Warnings'],
      ['1', '2', '0', '0'],
    ]);
  });

  it('lists the event log newest first: alarms, logs, a limit', async () => {
    const table = cells(await ok('event-list'));
    expect(table[0]).toEqual(['Time Stamp', 'State', 'Event Log ID', 'Reason Text', 'Entity Instance ID', 'Severity']);
    expect(table.slice(1).map((r) => [r[1], r[2]])).toEqual([
      ['log', '200.021'],
      ['set', '100.103'],
      ['set', '100.104'],
      ['set', '100.101'],
    ]);
    expect(await lines('event-list', '--alarms', '-f', 'value', '-c', 'Event Log ID')).toEqual(['100.103', '100.104', '100.101']);
    expect(await lines('event-list', '--logs', '-f', 'value', '-c', 'Event Log ID')).toEqual(['200.021']);
    expect(await lines('event-list', '--alarms', '--logs', '-f', 'value', '-c', 'Event Log ID')).toHaveLength(4);
    expect(await lines('event-list', '-l', '2', '-f', 'value', '-c', 'Event Log ID')).toEqual(['200.021', '100.103']);
    const withUuid = cells(await ok('event-list', '--uuid', '--logs'));
    expect(withUuid[0]![0]).toBe('UUID');
    expect(withUuid[1]![0]).toBe(uuids['log']);
    expect((await fm('event-list', '-l', '0')).code).toBe(2);
  });

  it('shows an event-log record; an unknown one is not found (exit 1)', async () => {
    const show = await ok('event-show', uuids['log']!);
    expect(properties(show)).toEqual([
      'entity_instance_id',
      'entity_type_id',
      'event_log_id',
      'event_log_type',
      'probable_cause',
      'proposed_repair_action',
      'reason_text',
      'service_affecting',
      'severity',
      'state',
      'suppression',
      'suppression_status',
      'timestamp',
      'uuid',
    ]);
    expect(valueOf(show, 'state')).toBe('log');
    expect(valueOf(show, 'suppression_status')).toBe('None');
    const missing = await fm('event-show', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Event log not found: nope');
  });

  it('refuses to suppress an alarm id without an entry, changing nothing (exit 2)', async () => {
    const bad = await fm('event-suppress', '--alarm_id', '100.101,999.999');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('999.999');
    expect(bad.stdout).toBe('');
    expect(cells(await ok('event-suppress-list')).slice(1)).toEqual([]);
  });

  it('suppresses an alarm id: hidden from listings unless --include_suppress, shown as S(id)', async () => {
    const out = await ok('event-suppress', '--alarm_id', '100.101');
    expect(out.split('\n')[0]).toBe('Alarm ID: 100.101 suppressed.');
    expect(cells(out)).toEqual([
      ['Event ID', 'Status'],
      ['100.101', 'suppressed'],
    ]);
    expect(await lines('alarm-list', '-f', 'value', '-c', 'Alarm ID')).toEqual(['100.103', '100.104']);
    expect(await lines('alarm-list', '--include_suppress', '-f', 'value', '-c', 'Alarm ID')).toEqual(['100.103', '100.104', 'S(100.101)']);
    expect(await lines('event-list', '--alarms', '--include_suppress', '-f', 'value', '-c', 'Event Log ID')).toEqual(['100.103', '100.104', 'S(100.101)']);
    expect(cells(await ok('alarm-summary'))[1]).toEqual(['1', '1', '0', '0']);
    expect(cells(await ok('alarm-summary', '--include_suppress'))[1]).toEqual(['1', '2', '0', '0']);

    const withUuid = cells(await ok('event-suppress-list', '--uuid'));
    expect(withUuid[0]).toEqual(['UUID', 'Event ID', 'Status']);
    expect(withUuid.slice(1).map((r) => r[1])).toEqual(['100.101']);
    const everything = cells(await ok('event-suppress-list', '--include-unsuppressed')).slice(1);
    expect(everything[0]).toEqual(['100.101', 'suppressed']);
    expect(everything).toContainEqual(['100.103', 'unsuppressed']);
  });

  it('unsuppresses every suppressed alarm id', async () => {
    const out = await ok('event-unsuppress-all');
    expect(out.split('\n')[0]).toBe('Alarm ID: 100.101 unsuppressed.');
    expect(cells(out)).toEqual([['Event ID', 'Status']]);
    expect(await lines('alarm-list', '-f', 'value', '-c', 'Alarm ID')).toEqual(['100.103', '100.104', '100.101']);
    await ok('event-suppress', '--alarm_id', '100.103,100.104');
    const back = await ok('event-unsuppress', '--alarm_id', '100.104');
    expect(back.split('\n')[0]).toBe('Alarm ID: 100.104 unsuppressed.');
    expect(cells(back).slice(1)).toEqual([['100.103', 'suppressed']]);
    await ok('event-unsuppress-all');
  });

  it('adds, lists and expires a silence; silenced alarms leave the default listing', async () => {
    const add = await ok('silence-add', 'alarm_id=100.104', 'entity_instance_id=~host=controller-0\\..*', '--comment', 'disk swap', '--duration', '2h');
    expect(properties(add)).toEqual(['comment', 'created_at', 'created_by', 'ends_at', 'matchers', 'starts_at', 'state', 'uuid']);
    expect(valueOf(add, 'matchers')).toBe('alarm_id=100.104, entity_instance_id=~host=controller-0\\..*');
    expect(valueOf(add, 'state')).toBe('active');
    expect(valueOf(add, 'created_by')).toBe('admin');
    const uuid = valueOf(add, 'uuid')!;

    expect(await lines('alarm-list', '-f', 'value', '-c', 'Alarm ID')).toEqual(['100.103', '100.101']);
    const list = cells(await ok('silence-list'));
    expect(list[0]).toEqual(['UUID', 'Matchers', 'State', 'Ends At', 'Created By', 'Comment']);
    expect(list[1]).toEqual([uuid, 'alarm_id=100.104, entity_instance_id=~host=controller-0\\..*', 'active', valueOf(add, 'ends_at'), 'admin', 'disk swap']);

    expect((await ok('silence-expire', uuid)).trim()).toBe(`Silence ${uuid} expired.`);
    expect((await ok('silence-list', '--state', 'expired', '-f', 'value', '-c', 'UUID')).trim()).toBe(uuid);
    expect(cells(await ok('silence-list', '--state', 'active,pending')).slice(1)).toEqual([]);
    expect(await lines('alarm-list', '-f', 'value', '-c', 'Alarm ID')).toEqual(['100.103', '100.104', '100.101']);

    const both = await fm('silence-add', 'alarm_id=100.104', '--comment', 'x', '--duration', '1h', '--ends-at', '2099-01-01T00:00:00Z');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --duration or --ends-at');
    const badMatcher = await fm('silence-add', 'alarm_id~100', '--comment', 'x', '--duration', '1h');
    expect(badMatcher.code).toBe(2);
    expect(badMatcher.stderr).toContain('matcher "alarm_id~100" is not of the form');
  });

  it('adds, lists and deletes receivers; a bad URL is refused with the server message (exit 1)', async () => {
    const add = await ok('receiver-add', 'pager', '--type', 'webhook', '--url', 'http://127.0.0.1:9/hook');
    expect(valueOf(add, 'name')).toBe('pager');
    expect(valueOf(add, 'type')).toBe('webhook');
    expect(valueOf(add, 'url')).toBe('http://127.0.0.1:9/hook');
    expect(valueOf(add, 'fleet_wide')).toBe('False');
    const list = cells(await ok('receiver-list'));
    expect(list[0]).toEqual(['Name', 'Type', 'URL', 'Fleet Wide', 'Pending', 'Failures', 'Last Error']);
    expect(list[1]!.slice(0, 4)).toEqual(['pager', 'webhook', 'http://127.0.0.1:9/hook', 'False']);

    expect(valueOf(await ok('receiver-modify', 'pager', '--fleet-wide'), 'fleet_wide')).toBe('True');
    const moved = await ok('receiver-modify', 'pager', '--url', 'http://127.0.0.1:9/moved', '--no-fleet-wide');
    expect([valueOf(moved, 'url'), valueOf(moved, 'fleet_wide')]).toEqual(['http://127.0.0.1:9/moved', 'False']);
    const nothing = await fm('receiver-modify', 'pager');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('nothing to modify');
    const fleet = await ok('receiver-add', 'fleet-pager', '--type', 'webhook', '--url', 'http://127.0.0.1:9/f', '--fleet-wide');
    expect(valueOf(fleet, 'fleet_wide')).toBe('True');
    expect((await ok('receiver-delete', 'fleet-pager')).trim()).toBe('Receiver fleet-pager deleted.');

    const bad = await fm('receiver-add', 'ftp', '--type', 'webhook', '--url', 'ftp://x');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Error: url must use http or https');
    expect((await fm('receiver-add', 'x', '--type', 'slack', '--url', 'http://x')).code).toBe(2);

    const second = valueOf(await ok('receiver-add', 'am', '--type', 'alertmanager', '--url', 'http://127.0.0.1:9'), 'uuid')!;
    expect((await ok('receiver-delete', 'pager')).trim()).toBe('Receiver pager deleted.');
    expect((await ok('receiver-delete', second)).trim()).toBe('Receiver am deleted.');
    expect(cells(await ok('receiver-list')).slice(1)).toEqual([]);
  });

  it('deletes an alarm, printing nothing; the event log records the clear', async () => {
    expect(await ok('alarm-delete', uuids['memory']!, '--yes')).toBe('');
    const gone = await fm('alarm-show', uuids['memory']!);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`Alarm not found: ${uuids['memory']}`);
    const again = await fm('alarm-delete', uuids['memory']!);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Alarm not found: ${uuids['memory']}`);
    expect((await ok('event-list', '-l', '1', '-f', 'value', '-c', 'State', '-c', 'Event Log ID')).trim()).toBe('clear 100.103');
  });

  it('reads every page of a long alarm list', async () => {
    let next = 0;
    const worker = async () => {
      while (next < 2050) {
        const i = next++;
        await raise('100.101', `host=compute-${i}`, 'major', `load ${i}`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    const ids = await lines('alarm-list', '--uuid', '-f', 'value', '-c', 'UUID');
    expect(ids).toHaveLength(2052);
    expect(new Set(ids).size).toBe(2052);
    expect((await ok('alarm-list', '-q', 'alarm_id=100.104', '-f', 'value', '-c', 'Alarm ID')).trim()).toBe('100.104');
    expect(await lines('event-list', '-f', 'value', '-c', 'State')).toHaveLength(2000);
    expect(await lines('event-list', '-l', '2050', '-f', 'value', '-c', 'State')).toHaveLength(2050);
  });
});
