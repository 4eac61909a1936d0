import type { Executor } from '../repos/executor.js';
import { storeDomain } from '../store-domain.js';
import { dcAgentMigration } from './dc-agent-migration.js';
import { joinTokenRepo, type JoinTokenRepo } from './join-token-repo.js';
import { membershipRepo, type MembershipRepo } from './membership-repo.js';
import './dc-agent-tables.js';

/** A subcloud's repositories: its join tokens and its membership. */
export interface DcAgentRepos {
  readonly joinTokens: JoinTokenRepo;
  readonly membership: MembershipRepo;
}

function dcAgentRepos(db: Executor): DcAgentRepos {
  return { joinTokens: joinTokenRepo(db), membership: membershipRepo(db) };
}

/** The subcloud side of Distributed Cloud's slice of the store. */
export const dcAgentDomain = storeDomain(dcAgentRepos, [dcAgentMigration]);
