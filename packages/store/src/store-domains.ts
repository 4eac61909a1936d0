import { agentsRepos } from './agents/agents-repos.js';
import { auditRepos } from './audit/audit-repos.js';
import { dcDomain } from './dc/dc-domain.js';
import { dcAgentDomain } from './dc-agent/dc-agent-domain.js';
import { faultRepos } from './fault/fault-repos.js';
import { receiversFleetWide } from './fault/receivers-fleet-wide-migration.js';
import { identityRepos } from './identity/identity-repos.js';
import { inventoryRepos } from './inventory/inventory-repos.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Migration } from './migrations/migration.js';
import { networkRepos } from './network/network-repos.js';
import { orchestrationRepos } from './orchestration/orchestration-repos.js';
import { replicasDomain } from './replicas/replicas-domain.js';
import { softwareRepos } from './software/software-repos.js';
import { storeDomain } from './store-domain.js';

/** Every service's slice of the store, the one place a new slice is registered. */
export const STORE_DOMAINS = [
  storeDomain(identityRepos),
  storeDomain(auditRepos),
  storeDomain(inventoryRepos),
  storeDomain(agentsRepos),
  storeDomain(networkRepos),
  storeDomain(faultRepos, [receiversFleetWide]),
  storeDomain(softwareRepos),
  storeDomain(orchestrationRepos),
  dcDomain,
  dcAgentDomain,
  replicasDomain,
] as const;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Every slice's repositories, merged: what the list above binds, so that a slice's group cannot be missing. */
export type DomainRepos = UnionToIntersection<ReturnType<(typeof STORE_DOMAINS)[number]['repos']>>;

/** Every schema step, the shared ones and each slice's, in version order. */
export const STORE_MIGRATIONS: readonly Migration[] = [
  ...MIGRATIONS,
  ...STORE_DOMAINS.flatMap((domain) => domain.migrations),
].sort((a, b) => a.version - b.version);
