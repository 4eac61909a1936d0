import { OrchestrationApi, Session, SoftwareApi } from '@murmuration/client';
import { AppError } from '@murmuration/core/common';
import type { DcJoinAnswer } from '@murmuration/core/contract/dc-agent';
import { StrategyObject } from '@murmuration/core/contract/orchestration';
import { ReleaseObject, UsmActionResult } from '@murmuration/core/contract/software';
import { buildBundle } from '@murmuration/release';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { expect } from 'vitest';

/**
 * What a system controller asks of a subcloud to deploy a release there, checked through the
 * client it uses (`SoftwareApi`, `OrchestrationApi`) with the subcloud's service account, so that
 * a real controller and a hollow subcloud are held to the same wire: USM's release list and
 * upload, the VIM sw-deploy strategy's create, apply, refusals and delete.
 */
export interface SwDeployTarget {
  /** A session of the subcloud's service account (what a join answered). */
  readonly session: Session;
  /** A release bundle the subcloud will take, and its id. */
  readonly bundle: Uint8Array;
  readonly releaseId: string;
  /** How long to wait between two looks at a strategy under way (default 20 ms). */
  readonly pollMs?: number;
}

/** What the options of a subcloud's strategy-config make of a create request (dcmanager's `creating_vim_strategy`). */
export const SUBCLOUD_STRATEGY_OPTIONS = {
  'storage-apply-type': 'parallel',
  'worker-apply-type': 'parallel',
  'max-parallel-worker-hosts': 10,
  'default-instance-action': 'migrate',
  'alarm-restrictions': 'relaxed',
} as const;

function expectSchema(schema: TSchema, value: unknown, what: string): void {
  const errors = [...Value.Errors(schema, value)].slice(0, 3).map((e) => `${e.instancePath} ${e.message}`);
  expect(errors, `${what} does not follow the contract`).toEqual([]);
}

/** The HTTP status of a refusal (the client's AppError keeps it). */
async function refusal(call: Promise<unknown>): Promise<number> {
  try {
    await call;
  } catch (error) {
    if (error instanceof AppError) return Number(error.details?.['status'] ?? error.status);
    throw error;
  }
  throw new Error('expected a refusal, the call succeeded');
}

/** Runs the checks in order; answers the last state of the strategy before its delete. */
export async function swDeployContract(target: SwDeployTarget): Promise<StrategyObject> {
  const software = new SoftwareApi(target.session);
  const vim = new OrchestrationApi(target.session);
  const pause = () => new Promise((resolve) => setTimeout(resolve, target.pollMs ?? 20));
  const { releaseId } = target;
  const until = async (what: string, done: (s: StrategyObject) => boolean): Promise<StrategyObject> => {
    for (;;) {
      const strategy = await vim.get();
      expect(strategy, `the strategy while waiting for ${what}`).not.toBeNull();
      expectSchema(StrategyObject, strategy, 'the strategy');
      if (done(strategy!)) return strategy!;
      await pause();
    }
  };

  expect(await vim.get(), 'no strategy yet').toBeNull();
  const before = await software.list();
  for (const release of before) expectSchema(ReleaseObject, release, 'a release');
  expect(before.map((r) => r.release_id)).not.toContain(releaseId);
  expect(await refusal(vim.create({ release: releaseId, ...SUBCLOUD_STRATEGY_OPTIONS })), 'a strategy for a release not uploaded').toBe(400);

  // The upload, as the system controller sends a release the subcloud lacks.
  const uploaded = await software.upload(target.bundle, `${releaseId}.tar.gz`);
  expectSchema(UsmActionResult, uploaded, 'the upload answer');
  expect(uploaded.upload_info?.[0]?.[`${releaseId}.tar.gz`]?.id).toBe(releaseId);
  const listed = (await software.list()).find((r) => r.release_id === releaseId);
  expect(listed?.state).toBe('available');
  expect((await software.show(releaseId)).release_id).toBe(releaseId);
  expect(await software.list('deployed')).not.toContainEqual(expect.objectContaining({ release_id: releaseId }));
  expect(await refusal(software.upload(target.bundle, `${releaseId}.tar.gz`)), 'the same release again').toBe(409);
  expect(await refusal(software.show('no-such-release')), 'an unknown release').toBe(404);

  // The strategy: built, refused twice, applied, ended, deleted.
  const created = await vim.create({ release: releaseId, ...SUBCLOUD_STRATEGY_OPTIONS });
  expectSchema(StrategyObject, created, 'the created strategy');
  expect(['building', 'ready-to-apply']).toContain(created.state);
  expect(created['release-id']).toBe(releaseId);
  expect(created['storage-apply-type']).toBe('parallel');
  expect(created['alarm-restrictions']).toBe('relaxed');
  expect(await refusal(vim.create({ release: releaseId, ...SUBCLOUD_STRATEGY_OPTIONS })), 'a second strategy').toBe(409);
  expect(await refusal(vim.act('abort')), 'an abort of a strategy not applying').toBe(409);
  const ready = await until('ready-to-apply', (s) => s.state !== 'building');
  expect(ready.state).toBe('ready-to-apply');
  expect(ready.uuid).toBe(created.uuid);
  const applying = await vim.act('apply-all');
  expectSchema(StrategyObject, applying, 'the apply answer');
  expect(applying.state).toBe('applying');
  expect(applying['current-phase']).toBe('apply');
  expect(await refusal(vim.act('apply-all')), 'a second apply').toBe(409);
  const ended = await until('the end of the apply', (s) => s.state !== 'applying');
  expect(ended.state, JSON.stringify(ended['apply-phase'])).toBe('applied');
  expect(ended['apply-phase'].result).toBe('success');
  expect(ended['current-phase-completion-percentage']).toBe(100);
  await vim.remove(false);
  expect(await vim.get(), 'deleted').toBeNull();
  expect(await refusal(vim.remove(false)), 'a delete of no strategy').toBe(404);
  return ended;
}

/** A session of the service account a join answered, as the system controller makes one (any region, public URLs). */
export function serviceAccountSession(answer: DcJoinAnswer): Session {
  const { account } = answer;
  return new Session({
    authUrl: answer.auth_url,
    username: account.username,
    password: account.password,
    projectName: account.project_name,
    userDomainName: account.user_domain_name,
    projectDomainName: account.project_domain_name,
    regionName: null,
    interface: 'public',
  });
}

/** A signed release bundle of one small file: what `murmur software build-release` makes. */
export function contractBundle(id: string, version: string, privateKeyPem: string): Uint8Array {
  const files = [
    { path: 'metadata.json', data: Buffer.from(JSON.stringify({ id, version, summary: `${id} for the contract` })) },
    { path: 'payload/version', data: Buffer.from(version) },
  ];
  return buildBundle(files, privateKeyPem).bundle;
}
