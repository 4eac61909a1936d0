import { buildAlarmSet, ALARM_IDS, type AlarmChange } from '@murmuration/core/fault';
import type { SubcloudAuditReport } from '@murmuration/core/contract/dc-agent';
import {
  AUDIT_FAILURES_TO_OFFLINE,
  auditVerdict,
  DC_ENDPOINT_TYPES,
  PUSHED_ENDPOINT_TYPES,
  stateAlarms,
  type AuditAnswer,
  type AuditVerdict,
} from '@murmuration/core/dc';
import type { Clock } from '@murmuration/core/common';
import type { AuditClaim, AuditTarget, Store } from '@murmuration/store';
import type { Logger } from 'pino';
import { loopHealth, type BackgroundLoop, type LoopHealthRecorder } from '../../runtime/background-loop.js';
import type { FaultService } from '../fault/index.js';
import type { CentralSyncSnapshot } from './central-sync-state.js';
import type { SubcloudAuditCaller } from './subcloud-audit-call.js';
import type { SubcloudSyncPush } from './subcloud-sync-push.js';

export interface SubcloudAuditSettings {
  readonly intervalMs: number;
  /** Audits in flight at once, across every subcloud this replica holds. */
  readonly concurrency: number;
  /** How long a claim holds: a replica that dies leaves its subclouds to the others after this. */
  readonly leaseMs: number;
}

export interface SubcloudAuditorDeps {
  readonly store: Store;
  readonly fault: FaultService;
  readonly clock: Clock;
  readonly logger: Logger;
  /** This replica's name in the claims it makes. */
  readonly owner: string;
  /** The system controller's region: the entity of its audit-overrun alarm. */
  readonly region: string;
  readonly caller: SubcloudAuditCaller;
  /** What the system controller holds per synced endpoint type: the digests and the state a sync pushes. */
  readonly central: () => Promise<CentralSyncSnapshot>;
  /** Pushes an endpoint type's central state to a subcloud. */
  readonly sync: SubcloudSyncPush;
  readonly settings: SubcloudAuditSettings;
}

/** What the audit has done since the controller started, and how far behind it is. */
export interface SubcloudAuditStats {
  readonly audits: number;
  readonly unchanged: number;
  readonly reports: number;
  readonly failures: number;
  /** Pushes of central state to out-of-sync subclouds, and how many of them failed. */
  readonly syncs: number;
  readonly syncFailures: number;
  readonly inFlight: number;
  /** How long ago the most overdue scheduled subcloud was due (0 when none is late). */
  readonly lagMs: number;
  readonly overrun: boolean;
  /** Cycles ended: runs of audits without a pause, from the first claim after being idle until idle again. */
  readonly cycles: number;
  /** The last cycle that ended: how long it took and how many subclouds it audited; null before the first. */
  readonly lastCycle: { readonly ms: number; readonly audits: number } | null;
}

export interface SubcloudAuditor extends BackgroundLoop {
  readonly health: LoopHealthRecorder;
  stats(): SubcloudAuditStats;
}

interface Finished {
  readonly claim: AuditClaim;
  readonly target: AuditTarget | null;
  readonly verdict: AuditVerdict | null;
  readonly etag: string | null;
}

/** Audits handed back per transaction, and the longest a finished audit waits to be written. */
const FLUSH_BATCH = 1000;
const FLUSH_MS = 250;
/** How often the audit checks whether it keeps up with its interval. */
const LAG_CHECK_MS = 1000;
/** How soon a subcloud that failed one audit is audited again. */
const FAILED_RECHECK_MS = 5000;
/** The longest a subcloud whose sync keeps failing waits before the next try. */
const SYNC_BACKOFF_MAX_MS = 3_600_000;

function parseReport(text: string | null): SubcloudAuditReport | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as SubcloudAuditReport;
  } catch {
    return null;
  }
}

/**
 * The fleet audit: claims due subclouds from the shared schedule, keeps up to `concurrency`
 * audits in flight (each one request with its own deadline, so a dead subcloud costs one
 * timeout and nothing else waits on it), decides each outcome with `auditVerdict`, and writes
 * the outcomes in batches: one transaction hands the subclouds back due one interval later and
 * applies whatever changed (their rows, and 280.001 and 280.002 as `stateAlarms` derives them). Only subclouds this
 * replica still holds are written, so an unmanage or delete meanwhile wins. When the most overdue subcloud is
 * more than an interval late, 280.101 is raised on the system controller until it catches up.
 */
export function subcloudAuditor(deps: SubcloudAuditorDeps): SubcloudAuditor {
  const { store, settings, clock } = deps;
  let inFlight = 0;
  let finished: Finished[] = [];
  let wake: (() => void) | null = null;
  let running: Promise<void> | null = null;
  let lagMs = 0;
  let overrun = false;
  const counts = { audits: 0, unchanged: 0, reports: 0, failures: 0, syncs: 0, syncFailures: 0, cycles: 0 };
  /** The cycle under way (monotonic ms: a duration of work, not a time of the schedule), and the last one ended. */
  let cycle: { readonly startedAt: number; audits: number; lastEndedAt: number } | null = null;
  let lastCycle: SubcloudAuditStats['lastCycle'] = null;
  /** Subclouds whose last sync failed: how often in a row, and not before when to try again. */
  const syncBackoff = new Map<number, { readonly failures: number; readonly notBefore: number }>();
  const health = loopHealth(() => lagMs);
  const overrunEntity = `system=${deps.region}.subcloud-audit`;

  const nudge = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const pause = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      wake = done;
      signal.addEventListener('abort', done, { once: true });
    });

  async function audit(claim: AuditClaim, target: AuditTarget, central: CentralSyncSnapshot) {
    let answer: AuditAnswer & { etag?: string };
    try {
      answer = await deps.caller.call(target, claim.etag);
    } catch (error) {
      answer = { kind: 'failed', error: String(error) };
    }
    counts.audits += 1;
    if (cycle !== null) {
      cycle.audits += 1;
      cycle.lastEndedAt = performance.now();
    }
    if (answer.kind === 'unchanged') counts.unchanged += 1;
    else if (answer.kind === 'report') counts.reports += 1;
    else counts.failures += 1;
    let verdict = auditVerdict(
      {
        name: target.name, availability: target.availability, endpointSync: target.endpointSync, alarms: target.alarms,
        softwareVersion: target.softwareVersion, failures: claim.failures, report: parseReport(claim.report),
      },
      answer,
      central.digests,
    );
    let held = target;
    if (answer.kind !== 'failed') ({ verdict, target: held } = await syncOutOfSync(target, verdict, central));
    const etag = answer.kind === 'report' ? (answer.etag ?? null) : claim.etag;
    finished.push({ claim, target: held, verdict, etag });
  }

  /**
   * Records what the audit found out of sync at once (with 280.002), so that operators see it
   * while the push runs (a push over a slow link takes a while); false when the subcloud is no
   * longer managed.
   */
  async function recordOutOfSync(target: AuditTarget, endpointSync: AuditTarget['endpointSync']): Promise<boolean> {
    return store.transaction(async (repos) => {
      const after = await repos.subclouds.updateManaged(target.subcloudId, { endpointSync }, clock.now());
      if (after === null) return false;
      const before = {
        name: target.name,
        availabilityStatus: after.availabilityStatus,
        endpointSync: target.endpointSync,
      };
      const alarms = stateAlarms(before, after);
      if (alarms.length > 0) await deps.fault.applyIn(repos, alarms);
      return true;
    });
  }

  /**
   * Pushes the central state of each pushed endpoint type the subcloud is out of sync on, and
   * counts it in sync when the subcloud answers the central digest. A failed push leaves it
   * out-of-sync (280.002 stays) and is tried again at a later audit, backing off. Answers the
   * verdict to write and what the subcloud's row holds now.
   */
  async function syncOutOfSync(
    target: AuditTarget, verdict: AuditVerdict, central: CentralSyncSnapshot,
  ): Promise<{ verdict: AuditVerdict; target: AuditTarget }> {
    const endpointSync = { ...target.endpointSync, ...verdict.changes.endpointSync };
    const stale = PUSHED_ENDPOINT_TYPES.filter((e) => endpointSync[e] === 'out-of-sync');
    const backoff = syncBackoff.get(target.subcloudId);
    if (stale.length === 0 || (backoff && backoff.notBefore > clock.now())) return { verdict, target };
    // A drift from in-sync is shown before the push; a subcloud not yet synced (unknown: new, or back from offline)
    // goes straight to in-sync when the push takes.
    if (stale.some((e) => target.endpointSync[e] === 'in-sync')) {
      if (!(await recordOutOfSync(target, endpointSync))) return { verdict, target };
      target = { ...target, endpointSync: { ...endpointSync } };
    }
    let failed: string | null = null;
    try {
      const token = await deps.caller.token(target);
      for (const endpoint of stale) {
        counts.syncs += 1;
        const pushed = await deps.sync.push(target, token, endpoint, central.inputs[endpoint]);
        if (pushed.ok && pushed.digest === central.digests[endpoint]) endpointSync[endpoint] = 'in-sync';
        else failed = pushed.ok ? `${endpoint}: the subcloud holds another digest after the sync` : `${endpoint}: ${pushed.error.message}`;
      }
    } catch (error) {
      failed = String(error);
    }
    if (failed === null) syncBackoff.delete(target.subcloudId);
    else {
      counts.syncFailures += 1;
      const failures = (backoff?.failures ?? 0) + 1;
      const wait = Math.min(settings.intervalMs * 2 ** (failures - 1), SYNC_BACKOFF_MAX_MS);
      syncBackoff.set(target.subcloudId, { failures, notBefore: clock.now() + wait });
      deps.logger.warn({ subcloud: target.name, error: failed }, 'sync of a subcloud failed; it is tried again later');
    }
    const changed = DC_ENDPOINT_TYPES.some((e) => endpointSync[e] !== target.endpointSync[e]);
    const { endpointSync: _found, ...others } = verdict.changes;
    return {
      target,
      verdict: {
        ...verdict,
        lastError: failed === null ? verdict.lastError : `sync: ${failed}`.slice(0, 500),
        changes: { ...others, ...(changed ? { endpointSync } : {}) },
      },
    };
  }

  async function flush(): Promise<void> {
    if (finished.length === 0) return;
    const batch = finished;
    finished = [];
    const now = clock.now();
    await store.transaction(async (repos) => {
      const outcomes = batch.map(({ claim, verdict, etag }) => ({
        subcloudId: claim.subcloudId,
        failures: verdict?.failures ?? claim.failures,
        etag,
        ...(verdict?.report !== undefined && verdict.report !== null ? { report: JSON.stringify(verdict.report) } : {}),
        lastError: verdict?.lastError ?? null,
        // A subcloud that just failed an audit is checked again soon, so that one that is down is offline within about
        // one interval rather than two.
        ...(verdict !== null && verdict.failures > 0 && verdict.failures < AUDIT_FAILURES_TO_OFFLINE
          ? { dueAt: now + Math.min(settings.intervalMs, FAILED_RECHECK_MS) }
          : {}),
      }));
      const held = new Set(await repos.subcloudAudits.release(deps.owner, outcomes, now + settings.intervalMs, now));
      const alarmChanges: AlarmChange[] = [];
      for (const { claim, target, verdict } of batch) {
        if (!verdict || !target || !held.has(claim.subcloudId)) continue;
        const c = verdict.changes;
        if (Object.keys(c).length === 0) continue;
        await repos.subclouds.update(
          claim.subcloudId,
          {
            ...(c.availability !== undefined ? { availabilityStatus: c.availability } : {}),
            ...(c.endpointSync !== undefined ? { endpointSync: c.endpointSync } : {}),
            ...(c.alarms !== undefined ? { alarms: c.alarms } : {}),
            ...(c.softwareVersion !== undefined ? { softwareVersion: c.softwareVersion } : {}),
          },
          now,
        );
        const before = {
          name: target.name,
          availabilityStatus: target.availability,
          endpointSync: target.endpointSync,
        };
        alarmChanges.push(
          ...stateAlarms(before, {
            name: target.name,
            availabilityStatus: c.availability ?? target.availability,
            endpointSync: c.endpointSync ?? target.endpointSync,
          }),
        );
      }
      if (alarmChanges.length > 0) await deps.fault.applyIn(repos, alarmChanges);
    });
  }

  async function checkLag(): Promise<void> {
    const earliest = await store.repos.subcloudAudits.earliestDue();
    lagMs = earliest === null ? 0 : Math.max(0, clock.now() - earliest);
    const late = lagMs > settings.intervalMs;
    const caughtUp = lagMs < settings.intervalMs / 2;
    if (late && !overrun) {
      overrun = true;
      const seconds = Math.round(lagMs / 1000);
      await deps.fault.applyIn(store.repos, [{
        kind: 'set',
        alarm: buildAlarmSet({
          alarmId: ALARM_IDS.SUBCLOUD_AUDIT_OVERRUN, entityInstanceId: overrunEntity, severity: 'major',
          reasonText: `Subcloud audit is ${seconds} s behind its ${settings.intervalMs / 1000} s interval`,
        }),
      }]);
    } else if (caughtUp && overrun) {
      overrun = false;
      await deps.fault.applyIn(store.repos, [{ kind: 'clear', alarmId: ALARM_IDS.SUBCLOUD_AUDIT_OVERRUN, entityInstanceId: overrunEntity }]);
    }
  }

  async function claimAndStart(free: number): Promise<number> {
    const now = clock.now();
    const claims = await store.transaction((repos) =>
      repos.subcloudAudits.claim(deps.owner, now, now + settings.leaseMs, free),
    );
    if (claims.length === 0) return 0;
    if (cycle === null) cycle = { startedAt: performance.now(), audits: 0, lastEndedAt: performance.now() };
    const targets = new Map(
      (await store.repos.subcloudAudits.targets(claims.map((c) => c.subcloudId))).map((t) => [t.subcloudId, t]),
    );
    const central = await deps.central();
    for (const claim of claims) {
      const target = targets.get(claim.subcloudId);
      if (!target || target.managementState !== 'managed') {
        finished.push({ claim, target: null, verdict: null, etag: claim.etag });
        continue;
      }
      inFlight += 1;
      void audit(claim, target, central)
        .catch((error: unknown) => health.failed(error))
        .finally(() => {
          inFlight -= 1;
          nudge();
        });
    }
    return claims.length;
  }

  async function pump(signal: AbortSignal): Promise<void> {
    let lastFlush = performance.now();
    let lastLagCheck = -Infinity;
    while (!signal.aborted) {
      let claimed = 0;
      try {
        const free = settings.concurrency - inFlight;
        if (free >= Math.max(1, settings.concurrency >> 2)) claimed = await claimAndStart(free);
        const t = performance.now();
        if (finished.length >= FLUSH_BATCH || (finished.length > 0 && t - lastFlush >= FLUSH_MS)) {
          lastFlush = t;
          await flush();
        }
        if (t - lastLagCheck >= LAG_CHECK_MS) {
          lastLagCheck = t;
          await checkLag();
        }
      } catch (error) {
        health.failed(error);
        deps.logger.warn({ err: error }, 'subcloud audit pass failed');
        await pause(1000, signal);
        continue;
      }
      if (claimed === 0 && inFlight === 0 && finished.length === 0 && cycle !== null) {
        // Nothing due, nothing under way, everything written: the cycle ended with its last audit.
        lastCycle = { ms: cycle.lastEndedAt - cycle.startedAt, audits: cycle.audits };
        counts.cycles += 1;
        cycle = null;
      }
      if (claimed > 0 && inFlight < settings.concurrency * 0.75) continue;
      await pause(inFlight === 0 && claimed === 0 && finished.length === 0 ? 500 : FLUSH_MS, signal);
    }
    // Let the audits under way end (each has its deadline), write them, and give back the rest.
    while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await flush().catch((error: unknown) => health.failed(error));
    await store.repos.subcloudAudits.abandon(deps.owner).catch((error: unknown) => health.failed(error));
  }

  return {
    name: 'subcloud-audit',
    health,
    async start(signal) {
      running = pump(signal);
    },
    async stop() {
      nudge();
      await running;
    },
    stats: () => ({ ...counts, inFlight, lagMs, overrun, lastCycle }),
  };
}
