import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { auditEntries, keystoneError } from './support/api-helpers.js';
import { alarmBody, uuidOfReply } from './support/fm-helpers.js';
import type { InjectOptions } from './support/test-controller.js';
import { useTestController } from './support/use-test-controller.js';

/** JSON text in which `{{s}}` stands for a string literal written byte for byte as given. */
const jsonWith = (template: string, literal: string): string => template.replace('{{s}}', literal);
const bytesWith = (template: string, bytes: readonly number[]): Buffer => {
  const [before, after] = template.split('{{s}}') as [string, string];
  return Buffer.concat([Buffer.from(`${before}"`), Buffer.from(bytes), Buffer.from(`"${after}`)]);
};

// One route per family that stores the text it is given, with the body it takes.
interface Target {
  readonly family: string;
  readonly method: InjectOptions['method'];
  readonly url: (ids: { system: string }) => string;
  readonly template: string;
  readonly token: boolean;
}
const TARGETS: readonly Target[] = [
  { family: 'identity login', method: 'POST', url: () => '/identity/v3/auth/tokens', template: '{"auth":{"identity":{"methods":["password"]}},"x":{{s}}}', token: false },
  { family: 'identity', method: 'POST', url: () => '/identity/v3/projects', template: '{"project":{"name":{{s}}}}', token: true },
  { family: 'sysinv', method: 'PATCH', url: (i) => `/sysinv/v1/isystems/${i.system}`, template: '[{"op":"replace","path":"/description","value":{{s}}}]', token: true },
  { family: 'fm', method: 'POST', url: () => '/fm/v1/alarms', template: '{"alarm_id":"100.101","alarm_state":"set","entity_instance_id":"host=x","severity":"major","reason_text":{{s}}}', token: true },
  { family: 'nfv', method: 'POST', url: () => '/nfv/api/orchestration/sw-upgrade/strategy', template: '{"release":{{s}}}', token: true },
  { family: 'usm', method: 'POST', url: () => '/usm/v1/deploy_host/controller-0', template: '{"release":{{s}}}', token: true },
  { family: 'agent', method: 'POST', url: () => '/agent/v1/register', template: '{"hostname":{{s}}}', token: false },
];

// Strings a client can spell in JSON that no store keeps as given.
const ESCAPED: readonly [string, string, RegExp][] = [
  ['a lone high surrogate', '"\\ud800"', /lone surrogate/],
  ['a lone low surrogate', '"a\\udfffb"', /lone surrogate/],
  ['a reversed surrogate pair', '"\\udc00\\ud800"', /lone surrogate/],
  ['a NUL character', '"a\\u0000b"', /NUL/],
];
// Byte sequences that are not UTF-8.
const RAW: readonly [string, number[]][] = [
  ['an overlong slash', [0xc0, 0xaf]],
  ['an overlong NUL', [0xc0, 0x80]],
  ['an encoded surrogate', [0xed, 0xa0, 0x80]],
  ['a stray 0xFF', [0x61, 0xff, 0x62]],
  ['a truncated sequence', [0xe2, 0x82]],
  ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
];

describe.each(testDialects())('ill-formed text on %s', (dialect) => {
  let admin: string;
  let system: string;

  const t = useTestController(dialect);
  beforeAll(async () => {
    admin = await t.adminToken();
    system = (await t.request({ method: 'GET', url: '/sysinv/v1/isystems', token: admin })).json().isystems[0].uuid;
  });

  const send = (target: Target, payload: string | Buffer) =>
    t.request({
      method: target.method,
      url: target.url({ system }),
      rawBody: payload,
      ...(target.token ? { token: admin } : {}),
    });

  const verify = async () => (await t.request({ method: 'GET', url: '/audit/v1/verify', token: admin })).json<{ intact: boolean; problem: string | null }>();

  it('refuses the login body with a lone surrogate as a field name, and the audit chain stays intact', async () => {
    const res = await t.request({ method: 'POST', url: '/identity/v3/auth/tokens', rawBody: '{"auth":{"identity":{"methods":["password"]}},"\\ud800":1}' });
    expect(keystoneError(res, 400, 'INVALID_INPUT')).toBe('Invalid input: body has a field name that is not well-formed Unicode (it holds a lone surrogate)');
    expect(await verify()).toMatchObject({ intact: true, problem: null });
  });

  describe.each(TARGETS)('$family', (target) => {
    it.each(ESCAPED)('refuses %s with a 400 naming the field', async (_name, literal, says) => {
      const res = await send(target, jsonWith(target.template, literal));
      expect(res.status, res.body).toBe(400);
      expect(res.headers['x-error-code']).toBe('INVALID_INPUT');
      expect(res.body).toMatch(says);
      expect(res.body).toContain('body.');
    });

    it.each(RAW)('refuses %s as a body that is not UTF-8', async (_name, bytes) => {
      const res = await send(target, bytesWith(target.template, bytes));
      expect(res.status, res.body).toBe(400);
      expect(res.headers['x-error-code']).toBe('MALFORMED_BODY');
      expect(res.body).toContain('not valid UTF-8');
    });
  });

  it.each([
    ['a NUL in an audit filter', '/audit/v1/entries?user=adm%00in', 'query.user'],
    ['a NUL in a query value', '/fm/v1/alarms?q=%00', 'query.q'],
    ['a NUL in a path parameter', '/usm/v1/release/a%00b', 'path.release'],
  ])('refuses %s that no store keeps', async (_name, url, field) => {
    const res = await t.request({ method: 'GET', url, token: admin });
    expect(res.status, res.body).toBe(400);
    expect(res.body).toContain(field);
  });

  it.each([
    ['an escape sequence', 'clear\u001b[2J'],
    ['a bell', 'ding\u0007'],
    ['a newline', 'two\nlines'],
    ['a DEL', 'del\u007f'],
    ['a C1 control', 'csi\u009b2J'],
    ['a right-to-left override', 'admin\u202egpj.exe'],
    ['a first-strong isolate', 'admin\u2068x'],
  ])('refuses user and project names holding %s', async (_name, name) => {
    const user = await t.request({ method: 'POST', url: '/identity/v3/users', token: admin, body: { user: { name } } });
    expect(keystoneError(user, 400, 'INVALID_INPUT')).toMatch(/^Invalid input: name holds a (control character|bidirectional override or isolate character)$/);
    const project = await t.request({ method: 'POST', url: '/identity/v3/projects', token: admin, body: { project: { name } } });
    expect(keystoneError(project, 400, 'INVALID_INPUT')).toMatch(/^Invalid input: name holds a/);
    const role = await t.request({ method: 'POST', url: '/identity/v3/roles', token: admin, body: { role: { name } } });
    expect(keystoneError(role, 400, 'INVALID_INPUT')).toMatch(/^Invalid input: name holds a/);
  });

  it('stores what it answered: names, alarm texts and entity ids beyond ASCII come back byte for byte', async () => {
    const name = 'Zoë-名前-🚀-\u0301e';
    const created = await t.request({ method: 'POST', url: '/identity/v3/projects', token: admin, body: { project: { name, description: 'tab\there' } } });
    expect(created.status, created.body).toBe(201);
    const id = created.json().project.id as string;
    const shown = (await t.request({ method: 'GET', url: `/identity/v3/projects/${id}`, token: admin })).json().project;
    expect(shown).toMatchObject({ name, description: 'tab\there' });

    // Alarm texts may hold controls (the CLI escapes them when it prints); they are kept exactly.
    const text = 'disk \u001b[31mfull\u001b[0m on ✓ 𝔁';
    const entity = 'host=контроллер-0.fs=/var/🗄';
    const raised = await t.request({ method: 'POST', url: '/fm/v1/alarms', token: admin, body: alarmBody('100.104', entity, 'major', { reason_text: text }) });
    const uuid = uuidOfReply(raised);
    const alarm = (await t.request({ method: 'GET', url: `/fm/v1/alarms/${uuid}`, token: admin })).json();
    expect(alarm).toMatchObject({ reason_text: text, entity_instance_id: entity });

    const entries = await auditEntries(t, admin, 'limit=50');
    expect(entries.find((e) => e.target === `project:${id}`)?.detail).toBe(`project ${name} created`);
    expect(await verify()).toMatchObject({ intact: true, problem: null });
  });

  it('keeps the audit chain intact after every refusal above', async () => {
    expect(await verify()).toMatchObject({ intact: true, problem: null });
  });
});
