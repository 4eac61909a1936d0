import { buildProgram } from '@murmuration/cli';
import type { Command } from 'commander';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, murmur, murmurOk, readOpenrc, startController, stopController, type RunningController } from './support/murmur-process.js';

/** Characters a terminal acts on: controls (but the line feed), DEL, C1 controls and bidirectional ones. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

/** The command of the murmur tree that these words name, if there is one. */
function commandAt(words: readonly string[]): Command | undefined {
  let command: Command | undefined = buildProgram();
  for (const word of words) command = command?.commands.find((c) => c.name() === word);
  return command;
}

describe('what murmur prints, against a real controller', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-output-'));
  const data = path.join(dir, 'data');
  let controller: RunningController;
  let env: Record<string, string>;
  const ok = (args: string[]) => murmurOk(args, env);
  const reason = 'CPU hot\u001b[2J\u001b[H\u0007 \u202eTXT.EXE\u202c \u009b31m';

  beforeAll(async () => {
    controller = await startController(['--data', data]);
    env = { ...readOpenrc(path.join(data, 'openrc')), XDG_CACHE_HOME: path.join(dir, 'cache') };
    const token = await adminToken(controller.url, controller.adminPassword!);
    const raised = await fetch(`${controller.url}/fm/v1/alarms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': token },
      body: JSON.stringify({ alarm_id: '100.101', alarm_state: 'set', entity_instance_id: 'host=controller-0', severity: 'major', reason_text: reason }),
    });
    expect(raised.status).toBe(200);
    const release = path.join(dir, 'release');
    mkdirSync(path.join(release, 'payload'), { recursive: true });
    writeFileSync(path.join(release, 'metadata.json'), JSON.stringify({ id: 'edge-9.0.0', version: '9.0.0', summary: 'edge 9' }));
    writeFileSync(path.join(release, 'payload', 'version'), 'edge-9.0.0\n');
    await ok(['software', 'build-release', release, '--key', path.join(data, 'release-signing-key.pem'), '-o', path.join(dir, 'edge.tar.gz')]);
  });
  afterAll(async () => {
    if (controller) await stopController(controller);
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the control and bidirectional characters of an alarm text escaped in tables, and intact in JSON', async () => {
    const list = await ok(['fm', 'alarm-list']);
    expect(RAW.test(list)).toBe(false);
    expect(list).toContain('CPU hot\\x1b[2J\\x1b[H\\x07 \\u202eTXT.EXE\\u202c \\x9b31m');
    const uuid = (JSON.parse(await ok(['fm', 'alarm-list', '--uuid', '-f', 'json'])) as Array<Record<string, string>>)[0]!['UUID']!;
    const show = await ok(['fm', 'alarm-show', uuid]);
    expect(RAW.test(show)).toBe(false);
    expect(show).toContain('\\u202eTXT.EXE');
    expect(JSON.parse(await ok(['fm', 'alarm-show', uuid, '-f', 'json'])).reason_text).toBe(reason);
  });

  it('prints sw-deploy strategies as json, yaml and value; show --watch exits 1 when the strategy fails', async () => {
    const uploaded = JSON.parse(await ok(['software', 'upload', path.join(dir, 'edge.tar.gz'), '-f', 'json'])) as Array<Record<string, string>>;
    expect(uploaded).toEqual([{ 'Uploaded File': 'edge.tar.gz', Release: 'edge-9.0.0' }]);
    const created = JSON.parse(await ok(['sw-manager', 'sw-deploy-strategy', 'create', 'edge-9.0.0', '-f', 'json']));
    expect(created).toMatchObject({ 'release-id': 'edge-9.0.0', state: 'ready-to-apply' });
    expect(await ok(['sw-manager', 'sw-deploy-strategy', 'show', '-f', 'yaml', '-c', 'state', '-c', 'release-id'])).toBe('state: ready-to-apply\nrelease-id: edge-9.0.0\n');
    expect(await ok(['sw-manager', 'sw-deploy-strategy', 'show', '-f', 'value', '-c', 'state'])).toBe('ready-to-apply\n');
    const details = await ok(['sw-manager', 'sw-deploy-strategy', 'show', '--details']);
    expect(details.endsWith('\n\n')).toBe(false);
    // The major alarm raised above holds a strict strategy back: it fails at query-alarms.
    expect(JSON.parse(await ok(['sw-manager', 'sw-deploy-strategy', 'apply', '-f', 'json'])).state).toBe('applying');
    const watched = await murmur(['sw-manager', 'sw-deploy-strategy', 'show', '--watch'], env);
    expect(watched.stdout).toContain('sw-deploy edge-9.0.0: apply-failed');
    expect(watched.stderr).toMatch(/^Error: the strategy ended apply-failed: .*alarms are active/);
    expect(watched.code).toBe(1);
    const formatted = await murmur(['sw-manager', 'sw-deploy-strategy', 'show', '--watch', '-f', 'json'], env);
    expect(formatted.code).toBe(2);
    expect(formatted.stderr).toContain('Error: --watch draws progress bars');
  });

  it('starts every error with "Error: " and exits 2 for every usage error', async () => {
    const unknownOption = await murmur(['system', 'show', '--bogus'], env);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toMatch(/^Error: unknown option '--bogus'/);
    const badFormat = await murmur(['system', 'show', '-f', 'xml'], env);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/^Error: option '-f, --format <format>' argument 'xml' is invalid/);
    const badColumn = await murmur(['system', 'show', '-c', 'nope'], env);
    expect(badColumn.code).toBe(2);
    expect(badColumn.stderr).toBe('Error: unknown column nope; columns are: ' + Object.keys(JSON.parse(await ok(['system', 'show', '-f', 'json']))).join(', ') + '\n');
    const unknownCommand = await murmur(['system', 'nonsense'], env);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toMatch(/^Error: unknown command 'nonsense'/);
    const refused = await murmur(['system', 'host-show', 'nowhere'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^Error: /);
  });

  it('prints nothing, not a blank line, for an empty listing as values', async () => {
    expect(await ok(['software', 'deploy-host-list', '-f', 'value'])).toBe('');
    expect(await ok(['system', 'host-list', '-f', 'value'])).toBe('');
  });

  it('names a command that exists where the agent asks for a bootstrap token', async () => {
    const help = (await murmur(['agent', '--help'], {})).stdout.replace(/\s+/g, ' ');
    const named = /`murmur ([^`]+)`/.exec(help)?.[1];
    expect(named).toBe('system host-bootstrap-token create');
    expect(commandAt(named!.split(' '))?.name()).toBe('create');
    const agent = await murmur(['agent', '--controller', controller.url, '--profile', 'small-aio', '--state-dir', path.join(dir, 'agent')], {});
    expect(agent.code).toBe(1);
    expect(agent.stderr).toContain('give --bootstrap-token (create one with `murmur system host-bootstrap-token create`');
  });
});
