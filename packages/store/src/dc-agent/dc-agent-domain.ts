import type { Executor } from '../repos/executor.js';
import { oneTimeTokenRepo, type OneTimeTokenRepo } from '../repos/one-time-token-repo.js';
import { storeDomain } from '../store-domain.js';
import { dcAgentMigration } from './dc-agent-migration.js';
import { membershipRepo, type MembershipRepo } from './membership-repo.js';
import './dc-agent-tables.js';

/** A subcloud's repositories: its join tokens and its membership. */
export interface DcAgentRepos {
  /** Spent by a system controller: its region and URL. */
  readonly joinTokens: OneTimeTokenRepo;
  readonly membership: MembershipRepo;
}

function dcAgentRepos(db: Executor): DcAgentRepos {
  return { joinTokens: oneTimeTokenRepo(db, 'dc_join_tokens', 'used_by'), membership: membershipRepo(db) };
}

/** The subcloud side of Distributed Cloud's slice of the store. */
export const dcAgentDomain = storeDomain(dcAgentRepos, [dcAgentMigration]);
