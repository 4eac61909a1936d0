import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from './free-port.js';
import os from 'node:os';
import path from 'node:path';

/** The Debian package's binary (Alertmanager 0.25.0 on bookworm). */
export const ALERTMANAGER_BINARY = '/usr/bin/prometheus-alertmanager';

const READY_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 5_000;
const START_ATTEMPTS = 3;

/** An alert as `GET /api/v2/alerts` returns it (the fields tests need). */
export interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  fingerprint: string;
  receivers: { name: string }[];
  status: { state: 'unprocessed' | 'active' | 'suppressed'; silencedBy: string[]; inhibitedBy: string[] };
  generatorURL?: string;
}

/** One alert inside a webhook notification. */
export interface AmWebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/** The JSON body Alertmanager's webhook receiver POSTs (version "4"). */
export interface AmWebhookPayload {
  version: string;
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: AmWebhookAlert[];
}

export interface AlertmanagerOptions {
  /**
   * Where the single receiver posts notifications (with `send_resolved: true`); none: a receiver with no integrations.
   */
  webhookUrl?: string;
}

/** Filters for {@link Alertmanager.alerts}, the query parameters of `GET /api/v2/alerts`. */
export interface AmAlertQuery {
  /** Label matchers, e.g. `severity="critical"`, `alertname=~"Ptp.*"`; all must match. */
  filter?: string[];
  /** Regular expression the alert's receiver name must match. */
  receiver?: string;
  /** Include alerts in that state; all true unless set. */
  active?: boolean;
  silenced?: boolean;
  inhibited?: boolean;
  unprocessed?: boolean;
}

export interface Alertmanager {
  /** Base URL, `http://127.0.0.1:PORT`; the API is under `/api/v2`. */
  readonly url: string;
  /**
   * The alerts Alertmanager currently holds, sorted by fingerprint. Alertmanager's API never returns
   * resolved alerts (those whose endsAt has passed): watch the webhook for `resolved` instead.
   */
  alerts(query?: AmAlertQuery): Promise<AmAlert[]>;
  /** SIGTERM, then SIGKILL if it has not exited after 5 s; removes the temp directory. */
  stop(): Promise<void>;
  /** Everything the process wrote to stdout and stderr so far. */
  log(): string;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills any Alertmanager a test forgot to stop when the test process exits, so none outlives the run. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** The config: one route grouping by every label (one group, so one notification, per alert). */
function configYaml(webhookUrl: string | undefined): string {
  const receiver = webhookUrl
    ? ['  - name: test-webhook', '    webhook_configs:', `      - url: ${JSON.stringify(webhookUrl)}`, '        send_resolved: true']
    : ['  - name: test-none'];
  return [
    'route:',
    `  receiver: ${webhookUrl ? 'test-webhook' : 'test-none'}`,
    "  group_by: ['...']",
    '  group_wait: 0s',
    '  group_interval: 1s',
    '  repeat_interval: 1h',
    'receivers:',
    ...receiver,
    '',
  ].join('\n');
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

async function isReady(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (!exited(child)) {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, STOP_GRACE_MS))) {
      child.kill('SIGKILL');
      await waitForExit(child, STOP_GRACE_MS);
    }
  }
  running.delete(child);
}

/**
 * Starts the real Alertmanager on 127.0.0.1 with a free port, gossip clustering off (an empty
 * `--cluster.listen-address`, or it would bind 9094 on all interfaces), a temp storage path and
 * a generated config, and waits until `/-/ready` answers. New alerts are notified at once
 * (group_wait 0s), changes within about a second (group_interval 1s).
 */
export async function startAlertmanager(options: AlertmanagerOptions = {}): Promise<Alertmanager> {
  if (!existsSync(ALERTMANAGER_BINARY)) {
    throw new Error(
      `${ALERTMANAGER_BINARY} is missing. Install it with: apt-get install -y prometheus-alertmanager (or run scripts/test-all.sh, which installs it)`,
    );
  }
  installExitHook();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-am-'));
  const configFile = path.join(dir, 'alertmanager.yml');
  writeFileSync(configFile, configYaml(options.webhookUrl));

  let lastError: Error | null = null;
  // A free port can be taken between probing and binding; try again on another one if so.
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt += 1) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let output = '';
    const child = spawn(
      ALERTMANAGER_BINARY,
      [
        `--config.file=${configFile}`,
        `--storage.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=debug',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    running.add(child);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    let spawnError: Error | null = null;
    child.once('error', (error) => (spawnError = error));

    const deadline = Date.now() + READY_TIMEOUT_MS;
    let ready = false;
    while (!ready && !exited(child) && !spawnError && Date.now() < deadline) {
      ready = await isReady(url);
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (ready) {
      return {
        url,
        alerts: (query) => fetchAlerts(url, query),
        stop: async () => {
          await stopProcess(child);
          rmSync(dir, { recursive: true, force: true });
        },
        log: () => output,
      };
    }
    const wasRunning = !exited(child);
    await stopProcess(child);
    const reason = spawnError
      ? `could not be spawned: ${(spawnError as Error).message}`
      : wasRunning
        ? `was not ready within ${READY_TIMEOUT_MS} ms`
        : `exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready`;
    lastError = new Error(`Alertmanager on ${url} ${reason}. Its output:\n${output}`);
    if (!/address already in use/i.test(output)) break;
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError ?? new Error('Alertmanager did not start');
}

async function fetchAlerts(url: string, query: AmAlertQuery = {}): Promise<AmAlert[]> {
  const params = new URLSearchParams({
    active: String(query.active ?? true),
    silenced: String(query.silenced ?? true),
    inhibited: String(query.inhibited ?? true),
    unprocessed: String(query.unprocessed ?? true),
  });
  for (const matcher of query.filter ?? []) params.append('filter', matcher);
  if (query.receiver !== undefined) params.set('receiver', query.receiver);
  const res = await fetch(`${url}/api/v2/alerts?${params.toString()}`);
  const text = await res.text();
  if (!res.ok) throw new Error(`GET /api/v2/alerts: HTTP ${res.status}: ${text}`);
  return JSON.parse(text) as AmAlert[];
}
