import { discoverHost, fixtureRoots, hollowReport, HostAgent } from '@murmuration/agent';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { TestDialect } from '../../../../test-support/databases.js';
import { auditEntries } from './api-helpers.js';
import type { TestController, TestControllerOptions } from './test-controller.js';
import { useTestController } from './use-test-controller.js';

const quiet = { info: () => undefined, warn: () => undefined, debug: () => undefined };

/** A real controller serving as a subcloud, with its one host's agent (hollow hardware) in this process. */
export interface RealSubcloud {
  readonly name: string;
  readonly t: TestController;
  /** Its base URL (listening once the suite has started). */
  readonly url: string;
  readonly admin: string;
  /**
   * Logs its admin in again with this password: once the system controller has synced its users to the subcloud,
   * the subcloud's admin has the central admin's password (and its earlier tokens were revoked).
   */
  loginAs(password: string): Promise<void>;
  /** A join token made there, as `murmur dcmanager join-token create` makes one. */
  joinToken(): Promise<string>;
  /** The release each of its hosts runs. */
  running(): Promise<Record<string, string | null>>;
  /** The releases its own sw-deploy strategies were created for, oldest first (from its audit log). */
  strategiesCreated(): Promise<string[]>;
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A subcloud for the calling describe: a controller of its own region whose controller-0 is enrolled, unlocked
 * and available, its agent installing releases into its slots (`MURMUR_SLOT` holds the subcloud's name, for hooks
 * that fail on one). Options given as a function are evaluated when it starts (to share a signing key made by a
 * controller started before it).
 */
export function useRealSubcloud(
  dialect: TestDialect,
  name: string,
  options: () => TestControllerOptions,
): RealSubcloud {
  const scratch = mkdtempSync(path.join(os.tmpdir(), `murmur-${name}-`));
  const t = useTestController(dialect, () => {
    const given = options();
    return { ...given, config: { orchestration: { pollMs: 20, stabilizeSeconds: 0 }, ...given.config } };
  });
  let url = '';
  let admin = '';
  let agent: HostAgent | null = null;
  const host = async () => (await t.request({ method: 'GET', url: '/sysinv/v1/ihosts/controller-0', token: admin })).json();

  beforeAll(async () => {
    url = await t.controller.listen();
    admin = await t.adminToken();
    const report = hollowReport(await discoverHost(await fixtureRoots('small-aio', scratch)), 'controller-0', 0);
    const token = (await t.request({ method: 'POST', url: '/sysinv/v1/host_bootstrap_tokens', token: admin, body: {} })).json().token as string;
    agent = new HostAgent({
      controller: url, stateDir: path.join(scratch, name), configRoot: path.join(scratch, name, 'config'),
      softwareRoot: path.join(scratch, name, 'software'), bootstrapToken: token, hostname: 'controller-0',
      personality: 'controller', discover: async () => report, inventoryIntervalMs: 3_600_000, maxBackoffMs: 1000, log: quiet,
    });
    await agent.start();
    await until(`${name} controller-0 online`, async () => (await host()).availability === 'online');
    const unlock = await t.request({ method: 'PATCH', url: '/sysinv/v1/ihosts/controller-0', token: admin, body: [{ op: 'replace', path: '/action', value: 'unlock' }] });
    if (unlock.status !== 200) throw new Error(`unlock refused: ${unlock.body}`);
    await until(`${name} controller-0 available`, async () => (await host()).availability === 'available');
  }, 120_000);

  afterAll(async () => {
    await agent?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  return {
    name,
    t,
    get url() {
      return url;
    },
    get admin() {
      return admin;
    },
    async loginAs(password) {
      admin = await t.login('admin', password, 'admin');
    },
    async joinToken() {
      const res = await t.request({ method: 'POST', url: '/dcagent/v1/join-tokens', token: admin, body: {} });
      if (res.status !== 201) throw new Error(`join token refused: ${res.body}`);
      return res.json().token as string;
    },
    async running() {
      const hosts = (await t.request({ method: 'GET', url: '/usm/v1/deploy_host', token: admin })).json() as Array<{ hostname: string; software_release: string | null }>;
      return Object.fromEntries(hosts.map((h) => [h.hostname, h.software_release]));
    },
    async strategiesCreated() {
      const entries = await auditEntries(t, admin, 'limit=10000');
      return entries
        .filter((e) => e.target === 'strategy:sw-upgrade' && e.outcome < 300 && e.detail?.startsWith('created for '))
        .map((e) => /^created for (\S+?):/.exec(e.detail!)![1]!)
        .reverse();
    },
  };
}
