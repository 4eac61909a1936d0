// The loopback HTTP ceiling: how fast a bare client fetches the audit of distinct hollow subclouds, one new
// connection per request (node:http, `agent: false`, `Connection: close`), as a system controller reaches subclouds
// that are separate machines. The fleet audit benchmark measures its own rate against this in the same run:
//
//   import { hollowAuditTargets, measureLoopbackCeiling } from './loopback-ceiling.mjs';
//   const targets = await hollowAuditTargets(hollow, indices);   // subclouds the system controller has joined
//   const ceiling = await measureLoopbackCeiling({ targets, hollowPid: hollow.process.pid });
//
// Plain JavaScript, so that a benchmark runs with node alone.
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpuTicks, TICKS_PER_SECOND } from './support.mjs';

export const CEILING_CONCURRENCY = 512;
const SAMPLE_MS = 250;

/**
 * @typedef {{ host: string, port: number, token: string, etag: string | null }} AuditTarget  one subcloud's audit
 * @typedef {{ method: string, path: string, headers: (t: AuditTarget) => Record<string, string>,
 *   body?: (t: AuditTarget) => string | undefined }} RequestShape
 */

/** The audit with If-None-Match, as a system controller asks a subcloud that has not changed. */
export const AUDIT_REQUEST = {
  method: 'GET',
  path: '/dcagent/v1/audit',
  /** @param {AuditTarget} t */
  headers: (t) => ({ connection: 'close', 'x-auth-token': t.token, ...(t.etag ? { 'if-none-match': t.etag } : {}) }),
};

/** Time-wait sockets and TCP sockets in use on the machine (/proc/net/sockstat). */
export function tcpSockets() {
  const line = /TCP: inuse (\d+) orphan (\d+) tw (\d+)/.exec(readFileSync('/proc/net/sockstat', 'utf8'));
  return { inUse: Number(line?.[1] ?? 0), orphan: Number(line?.[2] ?? 0), timeWait: Number(line?.[3] ?? 0) };
}

/** @param {number | 'self'} pid */
const openFds = (pid) => readdirSync(`/proc/${pid}/fd`).length;

/** @param {Float64Array} sorted @param {number} p */
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/**
 * Fetches `passes` times every target (each pass visits every subcloud once, like an audit cycle), `concurrency`
 * requests in flight, each on a new connection. Returns the rate, latencies, what came back, the CPU the client and
 * the hollow process spent per request and what the machine's sockets and file descriptors did meanwhile.
 * With `keepAlive`, each subcloud's requests reuse one connection of its own instead.
 * @param {{ targets: readonly AuditTarget[], hollowPid: number, passes?: number, concurrency?: number,
 *   shape?: RequestShape, keepAlive?: boolean }} options
 */
export async function measureLoopbackCeiling({
  targets, hollowPid, passes = 1, concurrency = CEILING_CONCURRENCY, shape = AUDIT_REQUEST, keepAlive = false,
}) {
  const total = targets.length * passes;
  // Kept alive, each subcloud has a connection of its own that later requests to it reuse: the cost of an answer
  // without the cost of a new connection.
  const agents = keepAlive ? targets.map(() => new Agent({ keepAlive: true, maxSockets: 1 })) : null;
  const options = targets.map((t, i) => {
    const headers = shape.headers(t);
    if (agents) headers.connection = 'keep-alive';
    return { host: t.host, port: t.port, path: shape.path, method: shape.method, agent: agents?.[i] ?? false, headers };
  });
  const bodies = shape.body ? targets.map((t) => shape.body?.(t)) : null;
  /** @type {Record<string, number>} */
  const statuses = {};
  /** @type {Record<string, number>} */
  const errors = {};
  const latencies = new Float64Array(total);
  const answered = [];
  const peak = { timeWait: tcpSockets().timeWait, tcpInUse: 0, hollowFds: 0, clientFds: 0 };
  const sample = () => {
    const sockets = tcpSockets();
    peak.timeWait = Math.max(peak.timeWait, sockets.timeWait);
    peak.tcpInUse = Math.max(peak.tcpInUse, sockets.inUse);
    peak.hollowFds = Math.max(peak.hollowFds, openFds(hollowPid));
    peak.clientFds = Math.max(peak.clientFds, openFds('self'));
  };
  const sampler = setInterval(sample, SAMPLE_MS);

  /** @param {number} i */
  const one = (i) =>
    new Promise((resolve) => {
      const k = i % targets.length;
      const started = performance.now();
      const req = request(options[k], (res) => {
        res.on('data', () => {});
        res.once('end', () => {
          const key = String(res.statusCode);
          statuses[key] = (statuses[key] ?? 0) + 1;
          latencies[i] = performance.now() - started;
          answered.push(k);
          resolve(undefined);
        });
        res.once('error', (error) => {
          errors[error.code ?? error.message] = (errors[error.code ?? error.message] ?? 0) + 1;
          resolve(undefined);
        });
      });
      req.once('error', (error) => {
        const code = /** @type {NodeJS.ErrnoException} */ (error).code ?? error.message;
        errors[code] = (errors[code] ?? 0) + 1;
        latencies[i] = performance.now() - started;
        resolve(undefined);
      });
      req.end(bodies?.[k]);
    });

  const cpu0 = process.cpuUsage();
  const hollow0 = cpuTicks(hollowPid);
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < total) await one(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const hollowCpuSeconds = (cpuTicks(hollowPid) - hollow0) / TICKS_PER_SECOND;
  clearInterval(sampler);
  sample();
  for (const agent of agents ?? []) agent.destroy();
  const clientCpuSeconds = (cpu.user + cpu.system) / 1e6;
  const sorted = Float64Array.from(latencies).sort();
  return {
    subclouds: targets.length,
    passes,
    concurrency,
    requests: total,
    seconds,
    reqPerSec: total / seconds,
    /** The time of one pass: every subcloud fetched once. */
    cycleSeconds: seconds / passes,
    statuses,
    errors,
    latencyMs: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? 0 },
    clientCpuPct: (clientCpuSeconds / seconds) * 100,
    hollowCpuPct: (hollowCpuSeconds / seconds) * 100,
    clientMicrosPerRequest: (clientCpuSeconds / total) * 1e6,
    hollowMicrosPerRequest: (hollowCpuSeconds / total) * 1e6,
    peak,
  };
}

/**
 * A target per subcloud the fleet's control API issues a token for: a token of the account made at join and the
 * current ETag, so that the bare client fetches what the system controller fetches. Subclouds not joined are left out.
 * @param {{ urls: readonly string[], control: import('../test-support/murmur-processes.mjs').HollowControl }} hollow
 * @param {readonly number[]} indices
 * @returns {Promise<AuditTarget[]>}
 */
export async function hollowAuditTargets(hollow, indices) {
  const { tokens, etags } = await hollow.control.tokens(indices);
  return indices.flatMap((index, i) => {
    const token = tokens[i];
    if (token === null || token === undefined) return [];
    const url = new URL(hollow.urls[index]);
    return [{ host: url.hostname, port: Number(url.port), token, etag: etags[i] ?? null }];
  });
}
