import { isAppError, parseDuration } from '@murmuration/core/common';
import type { JoinTokenObject } from '@murmuration/core/contract/dc-agent';
import { Command, InvalidArgumentError } from 'commander';
import { withDcAgent } from './dc-agent-call.js';
import { addOneTimeTokenCommands } from './one-time-token-commands.js';

const MIN_SECONDS = 60;
const MAX_SECONDS = 30 * 24 * 3600;

/** `--expires-in 2h`: a duration (30m, 2h, 7d) from one minute to 30 days, in seconds. */
function expiresIn(value: string): number {
  let ms: number;
  try {
    ms = parseDuration(value, 'expires-in');
  } catch (error) {
    throw new InvalidArgumentError(isAppError(error) ? error.message : String(error));
  }
  const seconds = Math.floor(ms / 1000);
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) throw new InvalidArgumentError('must be from 1m to 30d');
  return seconds;
}

/** `dcmanager join-token create|list|delete`: run on a subcloud, for the system controller that adds it. */
export function joinTokenCommands(): Command {
  const group = new Command('join-token').description(
    'One-time tokens with which a system controller adds this controller as its subcloud: create, list, delete',
  );
  addOneTimeTokenCommands<JoinTokenObject, 'id', 'used_by'>(group, {
    idField: 'id',
    usedByField: 'used_by',
    noun: 'Join token',
    create: {
      description: 'Create a token for one system controller (dcmanager subcloud add --join-token …); the token is shown only now',
      descriptionHelp: 'what the token is for, e.g. the system controller',
      expiresIn: { value: 'duration', help: 'how long the token stays valid, e.g. 30m, 2h, 7d (default 24h)', parse: expiresIn },
      run: (command, body) => withDcAgent(command, (api, token) => api.createJoinToken(token, body)),
    },
    list: {
      description: 'List join tokens (never the tokens themselves): unused, used (and by whom) or expired',
      run: (command) => withDcAgent(command, (api, token) => api.listJoinTokens(token)),
    },
    remove: {
      description: 'Revoke a join token',
      idHelp: 'the token id, as join-token list shows it',
      run: (command, id) => withDcAgent(command, (api, token) => api.deleteJoinToken(token, id)),
    },
  });
  return group;
}
