import { BootstrapTokenApi } from '@murmuration/client';
import type { BootstrapTokenObject } from '@murmuration/core/contract/agents';
import { Command, InvalidArgumentError } from 'commander';
import { connect } from '../connection.js';
import { addOneTimeTokenCommands } from './one-time-token-commands.js';

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 60 || n > 30 * 24 * 3600) throw new InvalidArgumentError('must be a whole number of seconds from 60 to 2592000 (30 days)');
  return n;
}

const api = (command: Command): BootstrapTokenApi => new BootstrapTokenApi(connect(command).session);

/** `system host-bootstrap-token create|list|delete`: one-time tokens with which host agents join. */
export function bootstrapTokenCommands(): Command {
  const group = new Command('host-bootstrap-token').description('One-time tokens with which host agents join: create, list, delete');
  addOneTimeTokenCommands<BootstrapTokenObject, 'uuid', 'used_by_host'>(group, {
    idField: 'uuid',
    usedByField: 'used_by_host',
    noun: 'Bootstrap token',
    create: {
      description: 'Create a token for one host agent to join (murmur agent --bootstrap-token …); the token is shown only now',
      descriptionHelp: 'what the token is for, e.g. the host or rack',
      expiresIn: { value: 'seconds', help: 'how long the token stays valid (default 86400, one day)', parse: seconds },
      run: (command, body) => api(command).create(body),
    },
    list: {
      description: 'List tokens (never the tokens themselves): unused, used (and by which host) or expired',
      run: (command) => api(command).list(),
    },
    remove: {
      description: 'Revoke a token that has not been used',
      idHelp: 'the token uuid, as host-bootstrap-token list shows it',
      run: (command, uuid) => api(command).remove(uuid),
    },
  });
  return group;
}
