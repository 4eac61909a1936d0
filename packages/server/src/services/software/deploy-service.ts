import { conflict, invalid, notFound, type Clock, type RequestContext } from '@murmuration/core/common';
import type { HostRecord } from '@murmuration/core/inventory';
import {
  deployHostAlarm, planRollback, versionMismatchAlarm, type HostSoftwareRecord, type HostSoftwareReport,
} from '@murmuration/core/software';
import type { Repos, SoftwareRepos, Store } from '@murmuration/store';
import type { AuditService } from '../audit/index.js';
import type { FaultService } from '../fault/index.js';
import type { HostService } from '../inventory/index.js';

/** Software on hosts: what each runs and should run (`software deploy-host|rollback-host`, USM `deploy_host`). */
export interface DeployService {
  list(): Promise<Array<{ host: HostRecord; software: HostSoftwareRecord }>>;
  /**
   * Makes a release the host's target; its agent installs it into its other slot and switches.
   * Without a release, the one under way: the host's own unfinished target, else the one
   * release other hosts are deploying.
   */
  deployHost(ctx: RequestContext, hostRef: string, releaseId: string | null): Promise<HostSoftwareRecord>;
  /**
   * Sends the host back to the release it ran when its last deployment began (after a failed
   * one, the release its agent switched back to), whose hooks its agent runs again.
   */
  rollbackHost(ctx: RequestContext, hostRef: string): Promise<HostSoftwareRecord>;
  /** What the host's agent says after working on its target. */
  report(ctx: RequestContext, hostUuid: string, report: HostSoftwareReport): Promise<HostSoftwareRecord>;
}

const idle = (hostUuid: string, at: number): HostSoftwareRecord => ({
  hostUuid,
  running: null,
  previous: null,
  target: null,
  from: null,
  state: 'idle',
  reason: null,
  hookOutput: null,
  updatedAt: at,
});

export function createDeployService(deps: {
  store: Store<SoftwareRepos>;
  audit: AuditService;
  fault: FaultService;
  hosts: HostService;
  clock: Clock;
}): DeployService {
  const { store, audit, fault, hosts, clock } = deps;

  /**
   * A release is deployed once every host it is the target of runs it, and available again once
   * no host targets it (as USM's after a host rollback).
   */
  async function settleRelease(repos: Repos, id: string): Promise<void> {
    const release = await repos.releases.find(id);
    if (!release) return;
    const targets = (await repos.hostSoftware.list()).filter((s) => s.target === id);
    const done = targets.length > 0 && targets.every((s) => s.running === id && (s.state === 'deployed' || s.state === 'rolled-back'));
    const next = done ? 'deployed' : targets.length > 0 ? 'deploying' : 'available';
    if (release.state !== next && (release.state === 'available' || release.state === 'deploying' || release.state === 'deployed')) await repos.releases.setState(id, next);
  }

  /**
   * The release a host is to get when none is named (USM's `deploy host`, which deploys the deployment in progress).
   */
  async function releaseUnderWay(repos: Repos, host: HostRecord, current: HostSoftwareRecord): Promise<string> {
    if (current.target !== null && (current.running !== current.target || current.state === 'failed')) return current.target;
    const deploying = (await repos.releases.list()).filter((r) => r.state === 'deploying').map((r) => r.metadata.id);
    if (deploying.length === 1 && deploying[0] !== current.running) return deploying[0]!;
    if (deploying.length > 1) throw conflict(`Several releases are being deployed (${deploying.join(', ')}): name the one for ${host.hostname}`, { rule: 'deploy_release_ambiguous' });
    if (deploying.length === 1) throw conflict(`${host.hostname} already runs ${deploying[0]}, the release being deployed`, { rule: 'deploy_done' });
    throw conflict(`No deployment is under way for ${host.hostname}: name the release to deploy`, { rule: 'deploy_no_release' });
  }

  return {
    async list() {
      const software = new Map((await store.repos.hostSoftware.list()).map((s) => [s.hostUuid, s]));
      return (await hosts.list()).map(({ host }) => ({
        host,
        software: software.get(host.uuid) ?? idle(host.uuid, host.createdAt),
      }));
    },

    async deployHost(ctx, hostRef, requested) {
      return hosts.changeConfig(ctx, hostRef, `deploy ${requested ?? 'the release under way'}`, async (repos, host) => {
        const current = (await repos.hostSoftware.find(host.uuid)) ?? idle(host.uuid, clock.now());
        const releaseId = requested ?? (await releaseUnderWay(repos, host, current));
        const release = await repos.releases.find(releaseId);
        if (!release) throw notFound(`release ${releaseId} not found`, { release: releaseId });
        if (release.state !== 'available' && release.state !== 'deploying' && release.state !== 'deployed') {
          throw conflict(`release ${releaseId} is ${release.state} and cannot be deployed`, { rule: 'release_state' });
        }
        if (release.metadata.rebootRequired && host.administrative !== 'locked') {
          throw invalid(`Can not deploy ${releaseId} on ${host.hostname}: the release needs a reboot and the host is unlocked. Lock it first.`, { rule: 'deploy_unlocked' });
        }
        if (current.state === 'deploying' || current.state === 'rolling-back') throw conflict(`${host.hostname} is already ${current.state}`, { rule: 'deploy_busy' });
        const next: HostSoftwareRecord = { ...current, target: releaseId, from: current.running, state: 'deploying', reason: null, hookOutput: null, updatedAt: clock.now() };
        await repos.hostSoftware.save(next);
        if (current.target !== null && current.target !== releaseId) await settleRelease(repos, current.target);
        await settleRelease(repos, releaseId);
        return next;
      });
    },

    async rollbackHost(ctx, hostRef) {
      return hosts.changeConfig(ctx, hostRef, 'rollback', async (repos, host) => {
        const current = await repos.hostSoftware.find(host.uuid);
        const next = planRollback(host.hostname, current, clock.now());
        await repos.hostSoftware.save(next);
        // The release given up goes back to available once no host targets it.
        if (current?.target != null && current.target !== next.target) await settleRelease(repos, current.target);
        await settleRelease(repos, next.target);
        return next;
      });
    },

    async report(ctx, hostUuid, report) {
      const result = await audit.change(
        ctx,
        { target: `ihost:${hostUuid}`, detail: `software ${report.state}: running ${report.running ?? 'none'}${report.reason ? ` (${report.reason})` : ''}`.slice(0, 500) },
        async (repos) => {
          const stored = await repos.hosts.find(hostUuid);
          if (!stored) throw notFound(`host not found: ${hostUuid}`, { host: hostUuid });
          const current = (await repos.hostSoftware.find(hostUuid)) ?? idle(hostUuid, clock.now());
          const state = report.state === 'deployed' && current.state === 'rolling-back' ? 'rolled-back' : report.state;
          const next: HostSoftwareRecord = {
            ...current,
            running: report.running,
            previous: report.previous,
            state,
            reason: report.reason,
            hookOutput: report.state === 'failed' ? report.hookOutput : null,
            updatedAt: clock.now(),
          };
          await repos.hostSoftware.save(next);
          if (current.target !== null) await settleRelease(repos, current.target);
          await fault.applyIn(repos, [
            deployHostAlarm(stored.host.hostname, report),
            versionMismatchAlarm(stored.host.hostname, next.running, next.target),
          ]);
          return next;
        },
      );
      fault.feed.poke();
      return result;
    },
  };
}
