import type { DialectName } from '../dialects/dialect-name.js';
import type { Executor } from '../repos/executor.js';
import { storeDomain } from '../store-domain.js';
import { noticeRepo, type NoticeRepo } from './notice-repo.js';
import { noticesMigration } from './notices-migration.js';

/** What replicas over one database tell each other. */
export interface ReplicaRepos {
  readonly notices: NoticeRepo;
}

/** The replicas' slice of the store: the notices' epoch and the repository that publishes them. */
export const replicasDomain = storeDomain(
  (db: Executor, dialect: DialectName): ReplicaRepos => ({ notices: noticeRepo(db, dialect) }),
  [noticesMigration],
);
