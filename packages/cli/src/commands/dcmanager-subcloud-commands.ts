import type { DcSubcloudAddRequest, DcSubcloudUpdateRequest } from '@murmuration/client';
import type { SubcloudObject } from '@murmuration/core/contract/dcmanager';
import { Command } from 'commander';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, formatObject } from '../output/printer.js';
import { promptSecret } from '../prompt.js';
import { UsageError } from '../usage-error.js';
import {
  confirmedHighRisk, dcmanagerApi, numberWithin, orUnable, reference, YES_HELP,
} from './dcmanager-common.js';
import { addPrestageCommands } from './dcmanager-prestage-commands.js';
import {
  detailListRow, SUBCLOUD_DETAIL_LIST_COLUMNS, SUBCLOUD_LIST_COLUMNS, subcloudDetailShowFields, subcloudFields,
  subcloudListRow, subcloudShowFields,
} from './dcmanager-subcloud-table.js';

/** The environment variable `subcloud add` reads the subcloud's admin password from. */
export const ADMIN_PASSWORD_ENV = 'MURMUR_SUBCLOUD_ADMIN_PASSWORD';

/** Deploy states of another site's copies, which `subcloud list` hides without `--all`. */
const SECONDARY = new Set(['secondary', 'secondary-failed']);

const latitude = numberWithin(-90, 90);
const longitude = numberWithin(-180, 180);

/** Prints a subcloud one field a row, in dcmanager's order. */
function printSubcloud(command: Command, fields: ReturnType<typeof subcloudFields>): void {
  emit(formatObject(fields, { ...outputOptions(command), label: 'Field', sort: false }));
}

/** The subcloud's admin password: the option, else the environment, else asked on the terminal. */
async function adminPassword(given: string | undefined): Promise<string> {
  const password = given ?? process.env[ADMIN_PASSWORD_ENV];
  if (password !== undefined && password !== '') return password;
  if (!process.stdin.isTTY) {
    throw new UsageError(`give the subcloud's admin password with --admin-password or ${ADMIN_PASSWORD_ENV}`);
  }
  return promptSecret('Admin password of the subcloud: ');
}

interface AddOptions {
  name: string;
  url: string;
  joinToken?: string;
  adminUsername?: string;
  adminPassword?: string;
  description?: string;
  location?: string;
  group?: string;
  latitude?: number;
  longitude?: number;
}

type Attributes = Pick<AddOptions, 'description' | 'location' | 'group' | 'latitude' | 'longitude'>;

/** The options of the attributes `add` sets and `update` changes. */
function withAttributeOptions(command: Command, adding: boolean): Command {
  return command
    .option('--description <text>', adding ? 'what the subcloud is' : 'new description')
    .option('--location <text>', adding ? 'where the subcloud is' : 'new location')
    .option('--group <group>', `name or id of the subcloud group${adding ? ' (default: Default)' : ' to move it to'}`)
    .option('--latitude <degrees>', 'the site\'s latitude, -90 to 90', latitude)
    .option('--longitude <degrees>', 'the site\'s longitude, -180 to 180', longitude);
}

/** The attributes given, under their wire names. */
function attributes(o: Attributes): Pick<DcSubcloudAddRequest, 'description' | 'location' | 'group_id' | 'latitude' | 'longitude'> {
  return {
    ...(o.description !== undefined ? { description: o.description } : {}),
    ...(o.location !== undefined ? { location: o.location } : {}),
    ...(o.group !== undefined ? { group_id: o.group } : {}),
    ...(o.latitude !== undefined ? { latitude: o.latitude } : {}),
    ...(o.longitude !== undefined ? { longitude: o.longitude } : {}),
  };
}

async function addRequest(o: AddOptions): Promise<DcSubcloudAddRequest> {
  if (!/^https?:\/\/[^/\s]+/.test(o.url)) throw new UsageError(`--url must be the subcloud's http(s) URL, got ${o.url}`);
  if ((o.joinToken === undefined) === (o.adminUsername === undefined)) {
    throw new UsageError('give either --join-token (made on the subcloud) or --admin-username of the subcloud');
  }
  if (o.adminPassword !== undefined && o.adminUsername === undefined) {
    throw new UsageError('--admin-password goes with --admin-username');
  }
  const credentials =
    o.joinToken !== undefined
      ? { join_token: o.joinToken }
      : { admin_username: o.adminUsername!, admin_password: await adminPassword(o.adminPassword) };
  return { name: o.name, url: o.url, ...credentials, ...attributes(o) };
}

type UpdateOptions = Attributes & {
  name?: string;
  yes?: boolean;
};

function updateRequest(o: UpdateOptions): DcSubcloudUpdateRequest {
  const request: DcSubcloudUpdateRequest = { ...(o.name !== undefined ? { name: o.name } : {}), ...attributes(o) };
  if (Object.keys(request).length === 0) {
    throw new UsageError('Nothing to update: give --name, --description, --location, --group, --latitude or --longitude');
  }
  return request;
}

const ADD_HELP = `
The subcloud is a controller already running on its site (murmur up there). Make a join token on it
first (murmur dcmanager join-token create, on the subcloud), or give its admin credentials instead:
the system controller then creates a service account of its own on the subcloud and keeps only that.
The subcloud is added unmanaged; manage it to start its audit and sync.
Examples:
  murmur dcmanager subcloud add --name edge-7 --url https://10.20.0.7:6385 --join-token <token>
  ${ADMIN_PASSWORD_ENV}=... murmur dcmanager subcloud add --name edge-8 --url https://10.20.0.8:6385 \\
      --admin-username admin --group far-east --latitude 45.42 --longitude -75.69`;

/** `murmur dcmanager subcloud add|list|show|update|manage|unmanage|delete|errors|prestage|prestage-status`. */
export function subcloudCommands(): Command {
  const subcloud = new Command('subcloud').description('The subclouds this system controller manages');

  withOutputOptions(
    withAttributeOptions(
      subcloud
        .command('add')
        .description('Add a subcloud installed on its site, by its URL and a join token made there (or its admin credentials)')
        .requiredOption('--name <name>', 'the subcloud\'s name (lower-case letters, digits and inner hyphens)')
        .requiredOption('--url <url>', 'where the subcloud\'s API answers, e.g. https://10.20.0.7:6385')
        .option('--join-token <token>', 'the one-time token made on the subcloud with `murmur dcmanager join-token create`')
        .option('--admin-username <name>', 'instead of a join token: an admin user of the subcloud')
        .option('--admin-password <password>', `that user's password (else ${ADMIN_PASSWORD_ENV}, else asked on a terminal)`),
      true,
    ).addHelpText('after', ADD_HELP),
  ).action(async (o: AddOptions, command: Command) => {
    const request = await addRequest(o);
    printSubcloud(command, subcloudFields(await dcmanagerApi(command).addSubcloud(request)));
  });

  withOutputOptions(
    subcloud
      .command('list')
      .description('List subclouds: state, availability, sync; -d for every column')
      .option('-d, --detail', 'every column of each subcloud (also chosen by -c)')
      .option('--all', 'also the subclouds whose deploy status is secondary or secondary-failed'),
  ).action(async (o: { detail?: boolean; all?: boolean }, command: Command) => {
    const output = outputOptions(command);
    const basic = !o.detail && !output.columns?.length;
    const subclouds = (await dcmanagerApi(command).listSubclouds()).filter(
      (s: SubcloudObject) => o.all || !SECONDARY.has(s['deploy-status']),
    );
    const headers = basic ? SUBCLOUD_LIST_COLUMNS : SUBCLOUD_DETAIL_LIST_COLUMNS;
    const rows = subclouds.map(basic ? subcloudListRow : detailListRow);
    emit(formatList(rows, headers.map((h) => [h, h] as const), output));
  });

  withOutputOptions(
    subcloud
      .command('show')
      .description('Show a subcloud, with one sync status row per endpoint type')
      .argument('<subcloud>', 'name or id of the subcloud')
      .option('-d, --detail', 'also oam_floating_ip, deploy_config_sync_status and region_name'),
  ).action(async (ref: string, o: { detail?: boolean }, command: Command) => {
    const api = dcmanagerApi(command);
    const name = reference('Subcloud', ref);
    const fields = o.detail
      ? subcloudDetailShowFields(await api.getSubcloudDetail(name))
      : subcloudShowFields(await api.getSubcloud(name));
    printSubcloud(command, fields);
  });

  subcloud
    .command('errors')
    .description('Print the error of the subcloud\'s last failed operation ("No errors present" when none)')
    .argument('<subcloud>', 'name or id of the subcloud')
    .action(async (ref: string, _o, command: Command) => {
      const s = await dcmanagerApi(command).getSubcloud(reference('Subcloud', ref));
      process.stdout.write(`${s['error-description'] ?? ''}\n`);
    });

  withOutputOptions(
    withAttributeOptions(
      subcloud
        .command('update')
        .description('Change a subcloud\'s name (while unmanaged), description, location, group or coordinates')
        .argument('<subcloud>', 'name or id of the subcloud')
        .option('--name <name>', 'new name'),
      false,
    ).option('--yes', YES_HELP),
  ).action(async (ref: string, o: UpdateOptions, command: Command) => {
    const name = reference('Subcloud', ref);
    const request = updateRequest(o);
    if (!(await confirmedHighRisk(o.yes))) return;
    const updated = await orUnable(dcmanagerApi(command).updateSubcloud(name, request), `update subcloud ${name}`);
    // A notice dcmanager may put in the reply (a peer group's sync), printed above the table as its client does.
    const notice = (updated as { info_message?: unknown }).info_message;
    if (typeof notice === 'string' && notice !== '') process.stdout.write(`${notice}\n`);
    printSubcloud(command, subcloudFields(updated));
  });

  withOutputOptions(
    subcloud
      .command('manage')
      .description('Manage a subcloud: audit it, sync central resources to it, orchestrate it')
      .argument('<subcloud>', 'name or id of the subcloud')
      .option('--force', 'even while it is offline (recovery)'),
  ).action(async (ref: string, o: { force?: boolean }, command: Command) => {
    const name = reference('Subcloud', ref);
    const request: DcSubcloudUpdateRequest = { 'management-state': 'managed', ...(o.force ? { force: 'true' } : {}) };
    const managed = await orUnable(dcmanagerApi(command).updateSubcloud(name, request), `manage subcloud ${name}`);
    printSubcloud(command, subcloudFields(managed));
  });

  withOutputOptions(
    subcloud
      .command('unmanage')
      .description('Stop managing a subcloud: no audit, no sync; its sync statuses become unknown')
      .argument('<subcloud>', 'name or id of the subcloud')
      .option('--yes', YES_HELP),
  ).action(async (ref: string, o: { yes?: boolean }, command: Command) => {
    const name = reference('Subcloud', ref);
    if (!(await confirmedHighRisk(o.yes))) return;
    const request: DcSubcloudUpdateRequest = { 'management-state': 'unmanaged' };
    const unmanaged = await orUnable(dcmanagerApi(command).updateSubcloud(name, request), `unmanage subcloud ${name}`);
    printSubcloud(command, subcloudFields(unmanaged));
  });

  subcloud
    .command('delete')
    .description('Delete an unmanaged subcloud from the system controller (the subcloud itself keeps running); prints nothing')
    .argument('<subcloud>', 'name or id of the subcloud')
    .option('--force', 'even while it is online: the subcloud stays as it is, without the system controller')
    .option('--yes', YES_HELP)
    .action(async (ref: string, o: { force?: boolean; yes?: boolean }, command: Command) => {
      const name = reference('Subcloud', ref);
      if (!(await confirmedHighRisk(o.yes))) return;
      await orUnable(dcmanagerApi(command).deleteSubcloud(name, { force: o.force === true }), `delete subcloud ${name}`);
    });

  addPrestageCommands(subcloud);
  return subcloud;
}
