import type { Command } from 'commander';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, formatObject, type Cell } from '../output/printer.js';

/** What every one-time token object of the wire has (its id and its spender under names of its own). */
interface TokenObject {
  readonly state: string;
  readonly description: string | null;
  readonly created_by: string | null;
  readonly created_at: string;
  readonly expires_at: string;
  readonly used_at: string | null;
}

/** What differs between the `create|list|delete` groups of one-time tokens. */
export interface OneTimeTokenCommands<T extends TokenObject, I extends keyof T & string, U extends keyof T & string> {
  /** The token's id and spender fields, e.g. `id` and `used_by`. */
  readonly idField: I;
  readonly usedByField: U;
  /** How a deleted one is named: `Join token`. */
  readonly noun: string;
  readonly create: {
    readonly description: string;
    readonly descriptionHelp: string;
    /** The `--expires-in` option: its value's name, help and parser (to seconds). */
    readonly expiresIn: { readonly value: string; readonly help: string; readonly parse: (value: string) => number };
    readonly run: (
      command: Command,
      body: { description?: string; expiresInSeconds?: number },
    ) => Promise<T & { readonly token: string }>;
  };
  readonly list: { readonly description: string; readonly run: (command: Command) => Promise<readonly T[]> };
  readonly remove: {
    readonly description: string;
    readonly idHelp: string;
    readonly run: (command: Command, id: string) => Promise<void>;
  };
}

/**
 * Adds `create`, `list` and `delete` to a group of one-time tokens: the create shows the token
 * (only then) above its fields, the list never shows tokens, the delete says what it did.
 */
export function addOneTimeTokenCommands<T extends TokenObject, I extends keyof T & string, U extends keyof T & string>(
  group: Command,
  spec: OneTimeTokenCommands<T, I, U>,
): void {
  const fields = (token: T): Record<string, Cell> => ({
    [spec.idField]: token[spec.idField] as Cell,
    state: token.state,
    description: token.description,
    created_by: token.created_by,
    created_at: token.created_at,
    expires_at: token.expires_at,
    used_at: token.used_at,
    [spec.usedByField]: token[spec.usedByField] as Cell,
  });

  withOutputOptions(
    group
      .command('create')
      .description(spec.create.description)
      .option('-d, --description <text>', spec.create.descriptionHelp)
      .option(`--expires-in <${spec.create.expiresIn.value}>`, spec.create.expiresIn.help, spec.create.expiresIn.parse),
  ).action(async (options: { description?: string; expiresIn?: number }, command: Command) => {
    const created = await spec.create.run(command, {
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(options.expiresIn !== undefined ? { expiresInSeconds: options.expiresIn } : {}),
    });
    emit(formatObject({ token: created.token, ...fields(created) }, outputOptions(command)));
  });

  withOutputOptions(group.command('list').description(spec.list.description)).action(async (_options, command: Command) => {
    const columns: Array<[string, string]> = [
      [spec.idField, spec.idField],
      ['state', 'state'],
      ['description', 'description'],
      ['expires_at', 'expires_at'],
      [spec.usedByField, spec.usedByField],
    ];
    emit(formatList((await spec.list.run(command)).map(fields), columns, outputOptions(command)));
  });

  group
    .command('delete')
    .description(spec.remove.description)
    .argument(`<${spec.idField}>`, spec.remove.idHelp)
    .action(async (id: string, _options, command: Command) => {
      await spec.remove.run(command, id);
      console.log(`${spec.noun} ${id} deleted.`);
    });
}
