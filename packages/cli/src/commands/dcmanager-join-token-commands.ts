import { isAppError, parseDuration } from '@murmuration/core/common';
import type { JoinTokenObject } from '@murmuration/core/contract/dc-agent';
import { Command, InvalidArgumentError } from 'commander';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { withDcAgent } from './dc-agent-call.js';
import { emit, formatList, formatObject, type Cell } from '../output/printer.js';

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

function tokenFields(token: JoinTokenObject): Record<string, Cell> {
  return {
    id: token.id,
    state: token.state,
    description: token.description,
    created_by: token.created_by,
    created_at: token.created_at,
    expires_at: token.expires_at,
    used_at: token.used_at,
    used_by: token.used_by,
  };
}

/** `dcmanager join-token create|list|delete`: run on a subcloud, for the system controller that adds it. */
export function joinTokenCommands(): Command {
  const group = new Command('join-token').description(
    'One-time tokens with which a system controller adds this controller as its subcloud: create, list, delete',
  );

  withOutputOptions(
    group
      .command('create')
      .description('Create a token for one system controller (dcmanager subcloud add --join-token …); the token is shown only now')
      .option('-d, --description <text>', 'what the token is for, e.g. the system controller')
      .option('--expires-in <duration>', 'how long the token stays valid, e.g. 30m, 2h, 7d (default 24h)', expiresIn),
  ).action(async (options: { description?: string; expiresIn?: number }, command: Command) => {
    const created = await withDcAgent(command, (api, token) =>
      api.createJoinToken(token, {
        ...(options.description !== undefined ? { description: options.description } : {}),
        ...(options.expiresIn !== undefined ? { expiresInSeconds: options.expiresIn } : {}),
      }),
    );
    emit(formatObject({ token: created.token, ...tokenFields(created) }, outputOptions(command)));
  });

  withOutputOptions(group.command('list').description('List join tokens (never the tokens themselves): unused, used (and by whom) or expired')).action(
    async (_options, command: Command) => {
      const columns: Array<[string, string]> = [
        ['id', 'id'],
        ['state', 'state'],
        ['description', 'description'],
        ['expires_at', 'expires_at'],
        ['used_by', 'used_by'],
      ];
      const tokens = await withDcAgent(command, (api, token) => api.listJoinTokens(token));
      emit(formatList(tokens.map(tokenFields), columns, outputOptions(command)));
    },
  );

  group
    .command('delete')
    .description('Revoke a join token')
    .argument('<id>', 'the token id, as join-token list shows it')
    .action(async (id: string, _options, command: Command) => {
      await withDcAgent(command, (api, token) => api.deleteJoinToken(token, id));
      console.log(`Join token ${id} deleted.`);
    });

  return group;
}
