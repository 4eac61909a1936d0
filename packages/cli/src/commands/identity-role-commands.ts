import type { RoleObject } from '@murmuration/core/contract/identity';
import { Command } from 'commander';
import { connect } from '../connection.js';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, formatObject, type Cell } from '../output/printer.js';
import { resolveId } from './identity-lookup.js';

function roleFields(role: RoleObject): Record<string, Cell> {
  return {
    description: role.description,
    domain_id: role.domain_id,
    id: role.id,
    name: role.name,
    options: role.options,
  };
}

interface Target {
  project: string;
  user: string;
}

/** `murmur identity role …`: the equivalents of `openstack role …` and `role assignment list`. */
export function roleCommands(): Command {
  const role = new Command('role').description('Roles and role assignments (openstack role …)');

  withOutputOptions(role.command('list').description('List roles')).action(async (_o, command: Command) => {
    const roles = await connect(command).identity.listRoles();
    emit(formatList(roles.map(roleFields), [['ID', 'id'], ['Name', 'name']], outputOptions(command)));
  });

  withOutputOptions(role.command('show').description('Show a role').argument('<role>', 'name or id')).action(async (nameOrId: string, _o, command: Command) => {
    const client = connect(command);
    const found = await client.identity.getRole(await resolveId(client, 'role', nameOrId));
    emit(formatObject(roleFields(found), { ...outputOptions(command), label: 'Field' }));
  });

  withOutputOptions(role.command('create').description('Create a role').argument('<name>', 'role name').option('--description <text>', 'description')).action(
    async (name: string, options: { description?: string }, command: Command) => {
      const created = await connect(command).identity.createRole({
        name,
        ...(options.description !== undefined ? { description: options.description } : {}),
      });
      emit(formatObject(roleFields(created), { ...outputOptions(command), label: 'Field' }));
    },
  );

  role
    .command('delete')
    .description('Delete roles (the built-in admin, reader and member cannot be deleted)')
    .argument('<role...>', 'names or ids')
    .action(async (names: string[], _o, command: Command) => {
      const client = connect(command);
      for (const nameOrId of names) await client.identity.deleteRole(await resolveId(client, 'role', nameOrId));
    });

  role
    .command('add')
    .description('Grant a role to a user on a project')
    .argument('<role>', 'name or id')
    .requiredOption('--project <project>', 'name or id')
    .requiredOption('--user <user>', 'name or id')
    .action(async (roleName: string, options: Target, command: Command) => {
      const client = connect(command);
      await client.identity.grantRole(
        await resolveId(client, 'project', options.project),
        await resolveId(client, 'user', options.user),
        await resolveId(client, 'role', roleName),
      );
    });

  role
    .command('remove')
    .description('Revoke a role from a user on a project')
    .argument('<role>', 'name or id')
    .requiredOption('--project <project>', 'name or id')
    .requiredOption('--user <user>', 'name or id')
    .action(async (roleName: string, options: Target, command: Command) => {
      const client = connect(command);
      await client.identity.revokeRole(
        await resolveId(client, 'project', options.project),
        await resolveId(client, 'user', options.user),
        await resolveId(client, 'role', roleName),
      );
    });

  const assignment = role.command('assignment').description('Role assignments');
  withOutputOptions(
    assignment
      .command('list')
      .description('List role assignments')
      .option('--user <user>', 'only this user (name or id)')
      .option('--project <project>', 'only this project (name or id)')
      .option('--names', 'show names instead of ids'),
  ).action(async (options: { user?: string; project?: string; names?: boolean }, command: Command) => {
    const client = connect(command);
    const list = await client.identity.listAssignments({
      ...(options.user !== undefined ? { userId: await resolveId(client, 'user', options.user) } : {}),
      ...(options.project !== undefined ? { projectId: await resolveId(client, 'project', options.project) } : {}),
    });
    const rows = list.map((a) => ({
      role: options.names ? (a.role.name ?? a.role.id) : a.role.id,
      user: options.names ? (a.user.name ?? a.user.id) : a.user.id,
      project: options.names ? (a.scope.project.name ?? a.scope.project.id) : a.scope.project.id,
    }));
    emit(formatList(rows, [['Role', 'role'], ['User', 'user'], ['Project', 'project']], outputOptions(command)));
  });

  return role;
}
