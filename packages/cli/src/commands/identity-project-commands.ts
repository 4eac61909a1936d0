import type { ProjectObject } from '@murmuration/core/contract/identity';
import { Command } from 'commander';
import { connect } from '../connection.js';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, formatObject, type Cell } from '../output/printer.js';
import { UsageError } from '../usage-error.js';
import { resolveId } from './identity-lookup.js';

function projectFields(project: ProjectObject): Record<string, Cell> {
  return {
    description: project.description,
    domain_id: project.domain_id,
    enabled: project.enabled,
    id: project.id,
    is_domain: project.is_domain,
    name: project.name,
    options: project.options,
    parent_id: project.parent_id,
    tags: project.tags,
  };
}

/** `murmur identity project …`: the equivalents of `openstack project …`. */
export function projectCommands(): Command {
  const project = new Command('project').description('Projects (openstack project …)');

  withOutputOptions(project.command('list').description('List projects').option('--long', 'show more columns')).action(async (options: { long?: boolean }, command: Command) => {
    const projects = await connect(command).identity.listProjects();
    const columns: Array<[string, string]> = options.long
      ? [['ID', 'id'], ['Name', 'name'], ['Domain ID', 'domain_id'], ['Description', 'description'], ['Enabled', 'enabled']]
      : [['ID', 'id'], ['Name', 'name']];
    emit(formatList(projects.map(projectFields), columns, outputOptions(command)));
  });

  withOutputOptions(project.command('show').description('Show a project').argument('<project>', 'name or id')).action(async (nameOrId: string, _o, command: Command) => {
    const client = connect(command);
    const found = await client.identity.getProject(await resolveId(client, 'project', nameOrId));
    emit(formatObject(projectFields(found), { ...outputOptions(command), label: 'Field' }));
  });

  withOutputOptions(
    project
      .command('create')
      .description('Create a project')
      .argument('<name>', 'project name')
      .option('--description <text>', 'description')
      .option('--disable', 'create the project disabled'),
  ).action(async (name: string, options: { description?: string; disable?: boolean }, command: Command) => {
    const created = await connect(command).identity.createProject({
      name,
      ...(options.description !== undefined ? { description: options.description } : {}),
      enabled: options.disable !== true,
    });
    emit(formatObject(projectFields(created), { ...outputOptions(command), label: 'Field' }));
  });

  project
    .command('set')
    .description('Change a project')
    .argument('<project>', 'name or id')
    .option('--name <name>', 'new name')
    .option('--description <text>', 'description')
    .option('--enable', 'enable the project')
    .option('--disable', 'disable the project (its tokens stop working)')
    .action(async (
      nameOrId: string,
      options: { name?: string; description?: string; enable?: boolean; disable?: boolean },
      command: Command,
    ) => {
      if (options.enable && options.disable) throw new UsageError('give --enable or --disable, not both');
      const changes = {
        ...(options.name !== undefined ? { name: options.name } : {}),
        ...(options.description !== undefined ? { description: options.description } : {}),
        ...(options.enable ? { enabled: true } : {}),
        ...(options.disable ? { enabled: false } : {}),
      };
      if (Object.keys(changes).length === 0) throw new UsageError('nothing to change; see murmur identity project set --help');
      const client = connect(command);
      await client.identity.updateProject(await resolveId(client, 'project', nameOrId), changes);
    });

  project
    .command('delete')
    .description('Delete projects')
    .argument('<project...>', 'names or ids')
    .action(async (names: string[], _o, command: Command) => {
      const client = connect(command);
      for (const nameOrId of names) await client.identity.deleteProject(await resolveId(client, 'project', nameOrId));
    });

  return project;
}
