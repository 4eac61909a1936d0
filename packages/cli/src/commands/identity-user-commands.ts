import type { UserObject } from '@murmuration/core/contract/identity';
import { Command, Option } from 'commander';
import { connect } from '../connection.js';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, formatObject, type Cell } from '../output/printer.js';
import { promptNewPassword, promptSecret } from '../prompt.js';
import { UsageError } from '../usage-error.js';
import { resolveId } from './identity-lookup.js';

function userFields(user: UserObject): Record<string, Cell> {
  return {
    default_project_id: user.default_project_id ?? null,
    description: user.description ?? null,
    domain_id: user.domain_id,
    email: user.email ?? null,
    enabled: user.enabled,
    id: user.id,
    name: user.name,
    options: user.options,
    password_expires_at: user.password_expires_at,
  };
}

async function newPassword(options: { password?: string; passwordPrompt?: boolean }): Promise<string | undefined> {
  if (options.password !== undefined && options.passwordPrompt) throw new UsageError('give --password or --password-prompt, not both');
  if (options.passwordPrompt) return promptNewPassword();
  return options.password;
}

/** `murmur identity user …`: the equivalents of `openstack user …`. */
export function userCommands(): Command {
  const user = new Command('user').description('Users (openstack user …)');

  withOutputOptions(user.command('list').description('List users').option('--long', 'show more columns')).action(async (options: { long?: boolean }, command: Command) => {
    const client = connect(command);
    const users = await client.identity.listUsers();
    const rows = users.map((u) => ({ ...userFields(u), project: u.default_project_id ?? '' }));
    const columns: Array<[string, string]> = options.long
      ? [['ID', 'id'], ['Name', 'name'], ['Project', 'project'], ['Domain', 'domain_id'], ['Description', 'description'], ['Email', 'email'], ['Enabled', 'enabled']]
      : [['ID', 'id'], ['Name', 'name']];
    emit(formatList(rows, columns, outputOptions(command)));
  });

  withOutputOptions(user.command('show').description('Show a user').argument('<user>', 'name or id')).action(async (nameOrId: string, _o, command: Command) => {
    const client = connect(command);
    const found = await client.identity.getUser(await resolveId(client, 'user', nameOrId));
    emit(formatObject(userFields(found), { ...outputOptions(command), label: 'Field' }));
  });

  withOutputOptions(
    user
      .command('create')
      .description('Create a user')
      .argument('<name>', 'user name')
      .option('--password <password>', 'password (checked against the password policy)')
      .option('--password-prompt', 'ask for the password on the terminal')
      .option('--project <project>', 'default project (name or id)')
      .option('--email <email>', 'email address')
      .option('--description <text>', 'description')
      .addOption(new Option('--disable', 'create the user disabled')),
  ).action(async (name: string, options: Record<string, string | boolean | undefined>, command: Command) => {
    const client = connect(command);
    const password = await newPassword(options as { password?: string; passwordPrompt?: boolean });
    const project = options['project'] as string | undefined;
    const created = await client.identity.createUser({
      name,
      ...(password !== undefined ? { password } : {}),
      ...(project !== undefined ? { default_project_id: await resolveId(client, 'project', project) } : {}),
      ...(options['email'] !== undefined ? { email: options['email'] as string } : {}),
      ...(options['description'] !== undefined ? { description: options['description'] as string } : {}),
      enabled: options['disable'] !== true,
    });
    emit(formatObject(userFields(created), { ...outputOptions(command), label: 'Field' }));
  });

  user
    .command('set')
    .description('Change a user')
    .argument('<user>', 'name or id')
    .option('--name <name>', 'new name')
    .option('--password <password>', 'new password (checked against the password policy)')
    .option('--password-prompt', 'ask for the new password on the terminal')
    .option('--project <project>', 'default project (name or id)')
    .option('--email <email>', 'email address')
    .option('--description <text>', 'description')
    .option('--enable', 'enable the user')
    .option('--disable', 'disable the user (revokes its tokens)')
    .action(async (nameOrId: string, options: Record<string, string | boolean | undefined>, command: Command) => {
      if (options['enable'] && options['disable']) throw new UsageError('give --enable or --disable, not both');
      const client = connect(command);
      const id = await resolveId(client, 'user', nameOrId);
      const password = await newPassword(options as { password?: string; passwordPrompt?: boolean });
      const project = options['project'] as string | undefined;
      const changes = {
        ...(options['name'] !== undefined ? { name: options['name'] as string } : {}),
        ...(password !== undefined ? { password } : {}),
        ...(project !== undefined ? { default_project_id: await resolveId(client, 'project', project) } : {}),
        ...(options['email'] !== undefined ? { email: options['email'] as string } : {}),
        ...(options['description'] !== undefined ? { description: options['description'] as string } : {}),
        ...(options['enable'] ? { enabled: true } : {}),
        ...(options['disable'] ? { enabled: false } : {}),
      };
      if (Object.keys(changes).length === 0) throw new UsageError('nothing to change; see murmur identity user set --help');
      await client.identity.updateUser(id, changes);
    });

  user
    .command('delete')
    .description('Delete users')
    .argument('<user...>', 'names or ids')
    .action(async (names: string[], _o, command: Command) => {
      const client = connect(command);
      for (const nameOrId of names) await client.identity.deleteUser(await resolveId(client, 'user', nameOrId));
    });

  const password = user.command('password').description('Your own password');
  password
    .command('set')
    .description('Change your own password; all your tokens are revoked')
    .option('--password <new>', 'the new password')
    .option('--original-password <current>', 'your current password (default: OS_PASSWORD)')
    .action(async (options: { password?: string; originalPassword?: string }, command: Command) => {
      const client = connect(command);
      const token = await client.session.token();
      const original = options.originalPassword ?? client.session.credentials.password;
      const next = options.password ?? (await promptSecret('New password: '));
      await client.identity.changeOwnPassword(token.userId, original, next);
      await client.session.forget();
      process.stderr.write('Password changed. Update OS_PASSWORD (and your openrc) to the new password.\n');
    });

  return user;
}
