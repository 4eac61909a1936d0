import { DC_ENDPOINT_TYPES, type DcEndpointType } from '@murmuration/core/dc';
import { hollowAddressRange, type HollowAddressRange } from './hollow-addresses.js';
import { hollowRandom, sampleIndices } from './hollow-random.js';
import { putRelease } from './hollow-releases.js';
import { createHollowStats, type HollowStats } from './hollow-stats.js';
import {
  createHollowSubcloud, hollowJoinToken, type HollowBehaviour, type HollowRelease, type HollowSubcloud,
} from './hollow-subcloud.js';

export interface HollowFleetOptions {
  readonly count: number;
  /** Subcloud 0's address; subcloud i is at this address + i. */
  readonly firstAddress: string;
  /** The port every subcloud answers on. */
  readonly port: number;
  readonly seed: string;
  readonly softwareVersion: string;
  readonly tokenTtlSeconds: number;
  /** How long a VIM strategy's apply takes on each subcloud. */
  readonly deployMs: number;
  /** How long a VIM strategy stays `building` after its create. */
  readonly buildMs: number;
  /** The key uploaded releases must be signed with; null: their signature is not checked. */
  readonly releasePublicKey: string | null;
  /** The clock of the strategies (milliseconds). */
  readonly now: () => number;
}

/** N hollow subclouds, their addresses and what they have been asked. */
export interface HollowFleet {
  readonly subclouds: readonly HollowSubcloud[];
  readonly range: HollowAddressRange;
  readonly seed: string;
  readonly softwareVersion: string;
  readonly tokenTtlMs: number;
  readonly deployMs: number;
  readonly buildMs: number;
  readonly releasePublicKey: string | null;
  now(): number;
  readonly stats: HollowStats;
  /** Subcloud i's base URL. */
  urlOf(index: number): string;
  /** Counts a join (the fleet keeps how many have joined). */
  joined(): void;
  joinedCount(): number;
  /** Changes the alarm counts of `count` subclouds picked at random; their indices. */
  changeAlarms(count: number): number[];
  /** Marks the subclouds' state changed, so their next audit answer is made again. */
  touched(indices: readonly number[]): void;
  behave(indices: readonly number[], behaviour: HollowBehaviour): void;
  /** A new join token of subcloud i. */
  newJoinToken(index: number): string;
  /** Digests reported in place of computed ones (null: computed again). */
  setSyncDigests(indices: readonly number[], digests: Readonly<Partial<Record<DcEndpointType, string | null>>>): void;
  /** Their next apply of a VIM strategy ends `apply-failed`. */
  failNextDeploy(indices: readonly number[]): void;
  /** They hold these releases, as if uploaded (or prestaged). */
  giveReleases(indices: readonly number[], releases: readonly HollowRelease[]): void;
}

const SEVERITIES = ['critical', 'major', 'minor', 'warnings'] as const;

export function createHollowFleet(options: HollowFleetOptions): HollowFleet {
  const range = hollowAddressRange(options.firstAddress, options.count);
  const subclouds = Array.from({ length: options.count }, (_, i) => createHollowSubcloud(options.seed, i));
  const random = hollowRandom(options.seed, 'changes');
  let joined = 0;
  const touched = (indices: readonly number[]) => {
    for (const i of indices) subclouds[i]!.answer = null;
  };
  return {
    subclouds,
    range,
    seed: options.seed,
    softwareVersion: options.softwareVersion,
    tokenTtlMs: options.tokenTtlSeconds * 1000,
    deployMs: options.deployMs,
    buildMs: options.buildMs,
    releasePublicKey: options.releasePublicKey,
    now: options.now,
    stats: createHollowStats(options.count),
    urlOf: (index) => `http://${range.addressOf(index)}:${options.port}`,
    joined() {
      joined++;
    },
    joinedCount: () => joined,
    changeAlarms(count) {
      const picked = sampleIndices(random, subclouds.length, count);
      for (const i of picked) {
        const subcloud = subclouds[i]!;
        const severity = SEVERITIES[Math.floor(random() * SEVERITIES.length)]!;
        subcloud.alarms = { ...subcloud.alarms, [severity]: subcloud.alarms[severity] + 1 };
      }
      touched(picked);
      return picked;
    },
    touched,
    behave(indices, behaviour) {
      for (const i of indices) subclouds[i]!.behaviour = behaviour;
    },
    newJoinToken(index) {
      const subcloud = subclouds[index]!;
      const token = hollowJoinToken(options.seed, index, subcloud.joinTokens.length + subcloud.spentJoinTokens.length);
      subcloud.joinTokens.push(token);
      return token;
    },
    setSyncDigests(indices, digests) {
      for (const i of indices) {
        const override: Partial<Record<DcEndpointType, string>> = { ...subclouds[i]!.syncOverride };
        for (const type of DC_ENDPOINT_TYPES) {
          const given = digests[type];
          if (given === null) delete override[type];
          else if (given !== undefined) override[type] = given;
        }
        subclouds[i]!.syncOverride = override;
      }
      touched(indices);
    },
    failNextDeploy(indices) {
      for (const i of indices) subclouds[i]!.failNextDeploy = true;
    },
    giveReleases(indices, releases) {
      for (const i of indices) for (const release of releases) putRelease(subclouds[i]!, release);
    },
  };
}
