import { alarmRepo, type AlarmRepo } from './alarm-repo.js';
import { eventLogRepo, type EventLogRepo } from './event-log-repo.js';
import { receiverRepo, type ReceiverRepo } from './receiver-repo.js';
import { silenceRepo, type SilenceRepo } from './silence-repo.js';
import { suppressionRepo, type SuppressionRepo } from './suppression-repo.js';
import type { DialectName } from '../dialects/dialect-name.js';
import type { Executor } from '../repos/executor.js';

/** The fault service's repositories. */
export interface FaultRepos {
  readonly alarms: AlarmRepo;
  readonly events: EventLogRepo;
  readonly suppressions: SuppressionRepo;
  readonly silences: SilenceRepo;
  readonly receivers: ReceiverRepo;
}

export function faultRepos(db: Executor, dialect: DialectName): FaultRepos {
  return {
    alarms: alarmRepo(db, dialect),
    events: eventLogRepo(db, dialect),
    suppressions: suppressionRepo(db),
    silences: silenceRepo(db),
    receivers: receiverRepo(db),
  };
}
