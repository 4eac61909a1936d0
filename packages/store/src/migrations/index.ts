import { foundation } from './0001-foundation.js';
import { fault } from './0002-fault.js';
import { hosts } from './0003-hosts.js';
import { hostAgents } from './0004-host-agents.js';
import { networksAndLabels } from './0005-networks-and-labels.js';
import { releases } from './0006-releases.js';
import { hostSoftware } from './0007-host-software.js';
import { strategies } from './0008-strategies.js';
import { deployHostHistory } from './0009-deploy-host-history.js';
import type { Migration } from './migration.js';

/** Every schema step, in order. Append only: a released step never changes. */
export const MIGRATIONS: readonly Migration[] = [
  foundation,
  fault,
  hosts,
  hostAgents,
  networksAndLabels,
  releases,
  hostSoftware,
  strategies,
  deployHostHistory,
];
