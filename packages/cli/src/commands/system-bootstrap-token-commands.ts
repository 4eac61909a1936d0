import { BootstrapTokenApi } from '@murmuration/client';
import type { BootstrapTokenObject } from '@murmuration/core/contract/agents';
import { Command, InvalidArgumentError } from 'commander';
import { connect } from '../connection.js';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, formatObject, type Cell } from '../output/printer.js';

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 60 || n > 30 * 24 * 3600) throw new InvalidArgumentError('must be a whole number of seconds from 60 to 2592000 (30 days)');
  return n;
}

function tokenFields(token: BootstrapTokenObject): Record<string, Cell> {
  return {
    uuid: token.uuid,
    state: token.state,
    description: token.description,
    created_by: token.created_by,
    created_at: token.created_at,
    expires_at: token.expires_at,
    used_at: token.used_at,
    used_by_host: token.used_by_host,
  };
}

const api = (command: Command): BootstrapTokenApi => new BootstrapTokenApi(connect(command).session);

/** `system host-bootstrap-token create|list|delete`: one-time tokens with which host agents join. */
export function bootstrapTokenCommands(): Command {
  const group = new Command('host-bootstrap-token').description('One-time tokens with which host agents join: create, list, delete');

  withOutputOptions(
    group
      .command('create')
      .description('Create a token for one host agent to join (murmur agent --bootstrap-token …); the token is shown only now')
      .option('-d, --description <text>', 'what the token is for, e.g. the host or rack')
      .option('--expires-in <seconds>', 'how long the token stays valid (default 86400, one day)', seconds),
  ).action(async (options: { description?: string; expiresIn?: number }, command: Command) => {
    const created = await api(command).create({
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(options.expiresIn !== undefined ? { expiresInSeconds: options.expiresIn } : {}),
    });
    emit(formatObject({ token: created.token, ...tokenFields(created) }, outputOptions(command)));
  });

  withOutputOptions(group.command('list').description('List tokens (never the tokens themselves): unused, used (and by which host) or expired')).action(
    async (_options, command: Command) => {
      const columns: Array<[string, string]> = [
        ['uuid', 'uuid'],
        ['state', 'state'],
        ['description', 'description'],
        ['expires_at', 'expires_at'],
        ['used_by_host', 'used_by_host'],
      ];
      emit(formatList((await api(command).list()).map(tokenFields), columns, outputOptions(command)));
    },
  );

  group
    .command('delete')
    .description('Revoke a token that has not been used')
    .argument('<uuid>', 'the token uuid, as host-bootstrap-token list shows it')
    .action(async (uuid: string, _options, command: Command) => {
      await api(command).remove(uuid);
      console.log(`Bootstrap token ${uuid} deleted.`);
    });

  return group;
}
