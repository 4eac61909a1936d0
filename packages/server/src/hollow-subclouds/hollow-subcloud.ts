import { JOIN_TOKEN_PREFIX, type DcServiceAccount, type SubcloudAuditReport } from '@murmuration/core/contract/dc-agent';
import type { PrestageRecord } from '@murmuration/core/dc';
import type { ReleaseMetadata, ReleaseState } from '@murmuration/core/software';
import { createHash } from 'node:crypto';
import type { HollowStrategy } from './hollow-strategy.js';

/**
 * One hollow subcloud: what a real subcloud would hold for its system controller, generated from
 * the process's seed and the subcloud's index, so one seed always makes the same fleet.
 */

export type HollowAlarmCounts = SubcloudAuditReport['alarms'];
export type HollowHostSummary = SubcloudAuditReport['hosts'];

/** A release the hollow subcloud holds: what its bundle said of itself, and its USM state. */
export interface HollowRelease {
  readonly metadata: ReleaseMetadata;
  readonly state: ReleaseState;
  /** Its bundle's SHA-256, when it came as a bundle (a release the control API gave has none). */
  readonly sha256?: string;
}

/** A bundle being prestaged to a hollow subcloud: where it stands, and the chunks kept while it is received. */
export interface HollowPrestage {
  readonly record: PrestageRecord;
  /** Kept in order; only while receiving. */
  readonly chunks: Buffer[];
}

/**
 * How a hollow subcloud answers: `serving` as a real one; `refusing` resets every connection to
 * its address (a machine that is down); `hanging` accepts and never answers; `invalid-json` and
 * `huge` answer its audit with a body that is not JSON or one far over the size a controller reads.
 */
export type HollowBehaviour = 'serving' | 'refusing' | 'hanging' | 'invalid-json' | 'huge';

export interface HollowMembership {
  readonly region: string;
  readonly url: string;
  readonly name: string;
  readonly version: string;
  readonly joinedAt: number;
}

export interface HollowToken {
  readonly secret: string;
  readonly expiresAt: number;
}

/** The audit answer as it goes on the wire, made once per change of state. */
export interface HollowAuditAnswer {
  readonly body: Buffer;
  /** The quoted SHA-256 (hex) of the body. */
  readonly etag: string;
}

export interface HollowSubcloud {
  readonly index: number;
  /** The name its manifest line suggests the system controller give it. */
  readonly name: string;
  readonly regionName: string;
  readonly systemUuid: string;
  readonly projectId: string;
  /** The join token its manifest line gives. */
  readonly joinToken: string;
  /** Join tokens not used yet (the manifest's, and those the control API made since), and those spent. */
  joinTokens: string[];
  spentJoinTokens: string[];
  /** The system controller that adopted it and the name it gave; null before a join. */
  membership: HollowMembership | null;
  /** Joins so far: each makes a new account. */
  joins: number;
  /** The account the last join made, whose password was shown once; null before. */
  account: DcServiceAccount | null;
  /** The live tokens of its account, oldest first. */
  tokens: HollowToken[];
  alarms: HollowAlarmCounts;
  hosts: HollowHostSummary;
  /** Its releases, by id. */
  releases: HollowRelease[];
  /** The bundles prestaged to it, by release id; null until the first offer. */
  prestages: Map<string, HollowPrestage> | null;
  /** Its VIM sw-deploy strategy (`sw-upgrade`), or null when it has none. */
  strategy: HollowStrategy | null;
  /** Whether its next apply ends `apply-failed` (the control API's `fail-deploy`). */
  failNextDeploy: boolean;
  behaviour: HollowBehaviour;
  /** Digests the control API set in place of the ones its resources give, as if a sync had brought them. */
  syncOverride: Partial<SubcloudAuditReport['sync']>;
  /** The current audit answer, or null when its state changed since it was last made. */
  answer: HollowAuditAnswer | null;
}

/** 32 bytes that depend only on the seed, the subcloud and what they are for. */
export function seededBytes(seed: string, index: number, purpose: string): Buffer {
  return createHash('sha256').update(`hollow\0${seed}\0${index}\0${purpose}`).digest();
}

/** A version 4 UUID made of 16 of the bytes. */
export function uuidOf(bytes: Buffer): string {
  const hex = bytes.toString('hex', 0, 16);
  const variant = ((parseInt(hex[16]!, 16) & 3) | 8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A subcloud's name from its index: `hollow-000042`. */
export function hollowName(index: number): string {
  return `hollow-${String(index).padStart(6, '0')}`;
}

/** The subcloud's n-th join token (0: its manifest's). */
export function hollowJoinToken(seed: string, index: number, n: number): string {
  return `${JOIN_TOKEN_PREFIX}${seededBytes(seed, index, `join ${n}`).toString('base64url')}`;
}

/** A fresh, not yet joined hollow subcloud. */
export function createHollowSubcloud(seed: string, index: number): HollowSubcloud {
  const joinToken = hollowJoinToken(seed, index, 0);
  const facts = seededBytes(seed, index, 'facts');
  const counts = seededBytes(seed, index, 'counts');
  const total = 1 + (counts[4]! % 2);
  return {
    index,
    name: hollowName(index),
    regionName: facts.toString('hex', 0, 16),
    systemUuid: uuidOf(facts.subarray(16, 32)),
    projectId: seededBytes(seed, index, 'project').toString('hex', 0, 16),
    joinToken,
    joinTokens: [joinToken],
    spentJoinTokens: [],
    membership: null,
    joins: 0,
    account: null,
    tokens: [],
    alarms: { critical: counts[0]! % 2, major: counts[1]! % 3, minor: counts[2]! % 4, warnings: counts[3]! % 6 },
    hosts: { total, available: total, degraded: 0, failed: 0, offline: 0 },
    releases: [],
    prestages: null,
    strategy: null,
    failNextDeploy: false,
    behaviour: 'serving',
    syncOverride: {},
    answer: null,
  };
}
