import {
  AUDIT_REPORT_MAX_BYTES, DcJoinAnswer, DcMembershipObject, SubcloudAuditReport, type DcJoinRequest,
} from '@murmuration/core/contract/dc-agent';
import { DC_SERVICE_ACCOUNT_PREFIX } from '@murmuration/core/dc';
import { createHash } from 'node:crypto';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { expect } from 'vitest';

/**
 * The subcloud side of Distributed Cloud as a system controller sees it, checked over HTTP
 * against any URL: a real controller, or a hollow subcloud. It knows nothing of the server
 * package, so that both are held to the same wire.
 */
export interface DcAgentTarget {
  /** The subcloud's base URL (without `/dcagent`). */
  readonly baseUrl: string;
  /** A fresh, unused join token of that subcloud: each call makes one more. */
  readonly joinToken: () => Promise<string>;
  /** The name the contract joins it as (default `contract-subcloud`). */
  readonly name?: string;
  readonly fetch?: typeof fetch;
}

/** What the contract leaves behind: the account the last join made, a token of it, the last ETag. */
export interface DcAgentContractResult {
  readonly answer: DcJoinAnswer;
  readonly token: string;
  readonly etag: string;
  readonly report: SubcloudAuditReport;
}

interface Exchange {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

function expectSchema(schema: TSchema, value: unknown, what: string): void {
  const errors = [...Value.Errors(schema, value)].slice(0, 3).map((e) => `${e.instancePath} ${e.message}`);
  expect(errors, `${what} does not follow the contract`).toEqual([]);
}

/**
 * Runs the checks in order: a bad body and a bad token are refused and create nothing; a join
 * with a token answers the service account, which logs in and audits; the audit follows the
 * contract, its ETag is the digest of its body and a second audit with it is 304 without a
 * body; the spent token, an anonymous join and an anonymous audit are refused; a second system
 * controller is refused 409; the same system controller joining again replaces its account
 * (the old one no longer logs in); it shows its membership and leaves it when asked (its account gone), and may
 * be joined again after.
 */
export async function dcAgentContract(target: DcAgentTarget): Promise<DcAgentContractResult> {
  const fetchFn = target.fetch ?? fetch;
  const base = target.baseUrl.replace(/\/+$/, '');
  const name = target.name ?? 'contract-subcloud';
  const central = { region: 'SystemController', url: 'http://central.example:6385', software_version: '0.1.0' };

  async function call(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Exchange> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetchFn(`${base}${path}`, {
      method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }
  const join = (body: unknown, headers: Record<string, string> = {}) => call('POST', '/dcagent/v1/join', { body, headers });
  const request = (token: string, sc = central): DcJoinRequest => ({ join_token: token, name, system_controller: sc });

  async function login(answer: DcJoinAnswer): Promise<Exchange> {
    const { account } = answer;
    const response = await fetchFn(`${answer.auth_url.replace(/\/+$/, '')}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: {
              user: { name: account.username, password: account.password, domain: { name: account.user_domain_name } },
            },
          },
          scope: { project: { name: account.project_name, domain: { name: account.project_domain_name } } },
        },
      }),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }
  async function joined(res: Exchange): Promise<{ answer: DcJoinAnswer; token: string }> {
    expect(res.status, res.text).toBe(200);
    const answer = JSON.parse(res.text) as DcJoinAnswer;
    expectSchema(DcJoinAnswer, answer, 'the join answer');
    expect(answer.account.username.startsWith(DC_SERVICE_ACCOUNT_PREFIX), 'the service account is named as local').toBe(true);
    const issued = await login(answer);
    expect(issued.status, `the service account logs in: ${issued.text}`).toBe(201);
    return { answer, token: issued.headers.get('x-subject-token') ?? '' };
  }
  const audit = (token: string | null, etag?: string) =>
    call('GET', '/dcagent/v1/audit', {
      headers: { ...(token !== null ? { 'x-auth-token': token } : {}), ...(etag !== undefined ? { 'if-none-match': etag } : {}) },
    });

  // Refusals that create nothing.
  const token = await target.joinToken();
  const unknownField = await join({ ...request(token), extra: true });
  expect(unknownField.status, `an unknown field: ${unknownField.text}`).toBe(400);
  const noName = await join({ join_token: token, system_controller: central });
  expect(noName.status, `no name: ${noName.text}`).toBe(400);
  const wrongToken = await join(request(`${token}x`));
  expect([401, 403], `a wrong token: ${wrongToken.text}`).toContain(wrongToken.status);
  const anonymous = await join({ name, system_controller: central });
  expect(anonymous.status, `neither token nor admin: ${anonymous.text}`).toBe(401);

  // The join, the account, the audit.
  const first = await joined(await join(request(token)));
  const spent = await join(request(token));
  expect([401, 403], `the spent token again: ${spent.text}`).toContain(spent.status);

  expect((await audit(null)).status, 'an audit without a token').toBe(401);
  const answered = await audit(first.token);
  expect(answered.status, answered.text).toBe(200);
  expect(new TextEncoder().encode(answered.text).byteLength).toBeLessThanOrEqual(AUDIT_REPORT_MAX_BYTES);
  const report = JSON.parse(answered.text) as SubcloudAuditReport;
  expectSchema(SubcloudAuditReport, report, 'the audit report');
  expect(report.region_name).toBe(first.answer.region_name);
  expect(report.system_uuid).toBe(first.answer.system_uuid);
  const etag = answered.headers.get('etag');
  expect(etag, 'the ETag is the quoted SHA-256 of the body').toBe(`"${createHash('sha256').update(answered.text).digest('hex')}"`);
  const unchanged = await audit(first.token, etag!);
  expect(unchanged.status).toBe(304);
  expect(unchanged.text).toBe('');
  const stale = await audit(first.token, `"${'0'.repeat(64)}"`);
  expect(stale.status).toBe(200);

  // Another system controller may not adopt it; the same one may again, and gets a new account.
  const other = await join(request(await target.joinToken(), { ...central, region: 'OtherController', url: 'http://other.example:6385' }));
  expect(other.status, `a second system controller: ${other.text}`).toBe(409);
  const again = await joined(await join(request(await target.joinToken())));
  expect(again.answer.account.user_id).not.toBe(first.answer.account.user_id);
  expect((await login(first.answer)).status, 'the replaced account no longer logs in').toBe(401);
  expect((await audit(first.token)).status, "the replaced account's token no longer audits").toBe(401);

  // It shows who adopted it, and leaves when asked: the account goes, and a join is possible again.
  const membership = (token: string | null, method = 'GET') =>
    call(method, '/dcagent/v1/membership', { headers: token !== null ? { 'x-auth-token': token } : {} });
  expect((await membership(null)).status, 'the membership without a token').toBe(401);
  const shown = await membership(again.token);
  expect(shown.status, shown.text).toBe(200);
  const held = JSON.parse(shown.text) as DcMembershipObject;
  expectSchema(DcMembershipObject, held, 'the membership');
  expect(held).toMatchObject({
    subcloud_name: name, system_controller_region: central.region, system_controller_url: central.url,
  });
  expect(held.service_account).toBe(again.answer.account.username);
  const left = await membership(again.token, 'DELETE');
  expect(left.status, left.text).toBe(204);
  expect((await login(again.answer)).status, 'the account of a system controller it left no longer logs in').toBe(401);
  expect((await audit(again.token)).status, 'nor does its token audit').toBe(401);
  const last = await joined(await join(request(await target.joinToken())));
  expect((await membership(last.token)).status).toBe(200);
  const latest = await audit(last.token);
  expect(latest.status).toBe(200);
  const lastReport = JSON.parse(latest.text) as SubcloudAuditReport;
  return { answer: last.answer, token: last.token, etag: latest.headers.get('etag')!, report: lastReport };
}
