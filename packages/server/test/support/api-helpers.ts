import type { AuditEntryObject } from '@murmuration/core/contract/audit';
import { expect } from 'vitest';
import type { InjectResult, TestController } from './test-controller.js';

/** A password every default rule accepts; `tag` keeps passwords of different users apart. */
export function strongPassword(tag: string): string {
  return `Glacier-${tag}-Orbit-8841`;
}

/** Body of `POST /identity/v3/auth/tokens` for the password method. */
export function passwordAuth(
  user: { name?: string; id?: string },
  password: string,
  scope: { name?: string; id?: string } | null = { name: 'admin' },
): Record<string, unknown> {
  return {
    auth: {
      identity: { methods: ['password'], password: { user: { ...user, password, domain: { name: 'Default' } } } },
      ...(scope ? { scope: { project: { ...scope, domain: { name: 'Default' } } } } : {}),
    },
  };
}

export function issueToken(t: TestController, body: unknown): Promise<InjectResult> {
  return t.request({ method: 'POST', url: '/identity/v3/auth/tokens', body });
}

async function idByName(t: TestController, token: string, collection: 'users' | 'projects' | 'roles', name: string): Promise<string> {
  const res = await t.request({ method: 'GET', url: `/identity/v3/${collection}?name=${encodeURIComponent(name)}`, token });
  expect(res.status).toBe(200);
  const found = (res.json()[collection] as Array<{ id: string }>)[0];
  if (!found) throw new Error(`no ${collection} named ${name}`);
  return found.id;
}

export const roleId = (t: TestController, token: string, name: string) => idByName(t, token, 'roles', name);
export const projectId = (t: TestController, token: string, name: string) => idByName(t, token, 'projects', name);
export const userId = (t: TestController, token: string, name: string) => idByName(t, token, 'users', name);

export interface CreatedUser {
  readonly id: string;
  readonly name: string;
  readonly password: string;
}

/**
 * Creates a user through the API (as admin) and, unless `role` is null, grants it a role on the
 * admin project so that it can log in there.
 */
export async function createUser(
  t: TestController,
  adminToken: string,
  name: string,
  options: { role?: string | null; project?: string; password?: string; extra?: Record<string, unknown> } = {},
): Promise<CreatedUser> {
  const password = options.password ?? strongPassword(name.replace(/[^A-Za-z]/g, '').slice(0, 2) + 'x');
  const res = await t.request({ method: 'POST', url: '/identity/v3/users', token: adminToken, body: { user: { name, password, ...(options.extra ?? {}) } } });
  if (res.status !== 201) throw new Error(`creating ${name} failed: ${res.status} ${res.body}`);
  const id = res.json().user.id as string;
  const role = options.role === undefined ? 'member' : options.role;
  if (role !== null) await grant(t, adminToken, options.project ?? 'admin', id, role);
  return { id, name, password };
}

export async function grant(
  t: TestController,
  adminToken: string,
  project: string,
  user: string,
  role: string,
): Promise<void> {
  const pid = await projectId(t, adminToken, project);
  const rid = await roleId(t, adminToken, role);
  const res = await t.request({ method: 'PUT', url: `/identity/v3/projects/${pid}/users/${user}/roles/${rid}`, token: adminToken });
  if (res.status !== 204) throw new Error(`granting ${role} failed: ${res.status} ${res.body}`);
}

/** An audit entry as the API returns it. */
export type AuditRow = AuditEntryObject;

/** Audit entries, newest first, through the API. */
export async function auditEntries(t: TestController, adminToken: string, query = ''): Promise<AuditRow[]> {
  const res = await t.request({ method: 'GET', url: `/audit/v1/entries${query ? `?${query}` : ''}`, token: adminToken });
  if (res.status !== 200) throw new Error(`audit list failed: ${res.status} ${res.body}`);
  return res.json().entries as AuditRow[];
}

/** The fault string of a sysinv (wsme) error body: a JSON document inside a string. */
export function faultOf(res: InjectResult): { faultstring: string; debuginfo: unknown; faultcode: string } {
  const body = res.json<{ error_message: unknown }>();
  expect(Object.keys(body)).toEqual(['error_message']);
  expect(typeof body.error_message).toBe('string');
  return JSON.parse(body.error_message as string);
}

/** Keystone's error body, checked for shape, with the stable code header. */
export function keystoneError(res: InjectResult, status: number, code: string): string {
  expect(res.status).toBe(status);
  expect(res.headers['x-error-code']).toBe(code);
  const body = res.json<{ error: { code: number; title: string; message: string } }>();
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(status);
  expect(typeof body.error.title).toBe('string');
  expect(body.error.title.length).toBeGreaterThan(0);
  expect(typeof body.error.message).toBe('string');
  return body.error.message;
}
