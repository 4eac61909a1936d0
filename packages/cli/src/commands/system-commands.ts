import type { SystemObject } from '@murmuration/core/contract/inventory';
import { SYSTEM_PATCHABLE_FIELDS } from '@murmuration/core/inventory';
import type { Client } from '@murmuration/client';
import { Command } from 'commander';
import { connect } from '../connection.js';
import { modificationsToPatch } from './modifications.js';
import { bootstrapTokenCommands } from './system-bootstrap-token-commands.js';
import { addHostActionCommands } from './system-host-actions.js';
import { addHostCommands } from './system-host-commands.js';
import { addHostInventoryCommands } from './system-host-inventory-commands.js';
import { addLabelCommands } from './system-label-commands.js';
import { addNetworkCommands } from './system-network-commands.js';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatObject, type Cell } from '../output/printer.js';

/** The rows `system show` prints, including the capability-derived ones StarlingX adds when set. */
export function systemShowFields(system: SystemObject): Record<string, Cell> {
  const fields: Record<string, Cell> = {
    name: system.name,
    system_type: system.system_type,
    system_mode: system.system_mode,
    description: system.description,
    location: system.location,
    latitude: system.latitude,
    longitude: system.longitude,
    contact: system.contact,
    timezone: system.timezone,
    software_version: system.software_version,
    uuid: system.uuid,
    created_at: system.created_at,
    updated_at: system.updated_at,
    region_name: system.region_name,
    service_project_name: system.service_project_name,
    security_feature: system.security_feature,
  };
  const caps = system.capabilities;
  if (caps['region_config']) fields['shared_services'] = caps['shared_services'];
  if (caps['sdn_enabled'] !== undefined) fields['sdn_enabled'] = caps['sdn_enabled'];
  if (caps['https_enabled'] !== undefined) fields['https_enabled'] = caps['https_enabled'];
  if (system.distributed_cloud_role) fields['distributed_cloud_role'] = system.distributed_cloud_role;
  if (caps['vswitch_type'] !== undefined) fields['vswitch_type'] = caps['vswitch_type'];
  return fields;
}

async function theSystem(client: Client): Promise<SystemObject> {
  const systems = await client.sysinv.listSystems();
  if (!systems[0]) throw new Error('the controller has no system record');
  return systems[0];
}

/** `murmur system …`: the sysinv commands of StarlingX's `system` client. */
export function systemCommands(): Command {
  const system = new Command('system').description('System inventory (StarlingX `system` commands)');

  withOutputOptions(system.command('show').description('Show system attributes')).action(async (_options, command: Command) => {
    emit(formatObject(systemShowFields(await theSystem(connect(command))), outputOptions(command)));
  });

  withOutputOptions(
    system
      .command('modify')
      .description(`Modify system attributes: murmur system modify description="Edge site 7" latitude=45.5 (keys: ${SYSTEM_PATCHABLE_FIELDS.join(', ')})`)
      .argument('[key=value...]', 'attributes to change')
      .option('-n, --name <name>', 'the name of the system')
      .option('-d, --description <description>', 'the description of the system')
      .option('--contact <contact>', 'the contact of the system')
      .option('--location <location>', 'the location of the system')
      .option('--latitude <latitude>', 'latitude in decimal degrees, -90 to +90')
      .option('--longitude <longitude>', 'longitude in decimal degrees, -180 to +180')
      .option('-t, --timezone <timezone>', 'IANA time zone, e.g. UTC or Europe/Paris'),
  ).action(async (pairs: string[], options: Record<string, string | undefined>, command: Command) => {
    const patch = modificationsToPatch(pairs, options);
    const client = connect(command);
    const current = await theSystem(client);
    const updated = await client.sysinv.patchSystem(current.uuid, patch);
    emit(formatObject(systemShowFields(updated), outputOptions(command)));
  });

  addHostCommands(system);
  addHostActionCommands(system);
  addHostInventoryCommands(system);
  addLabelCommands(system);
  addNetworkCommands(system);
  system.addCommand(bootstrapTokenCommands());
  return system;
}
