import { Command } from 'commander';
import { joinTokenCommands } from './dcmanager-join-token-commands.js';

/** `murmur dcmanager …`: Distributed Cloud (StarlingX's dcmanager client). */
export function dcmanagerCommands(): Command {
  const group = new Command('dcmanager').description('Distributed Cloud: subclouds of a system controller, and joining one (dcmanager …)');
  group.addCommand(joinTokenCommands());
  return group;
}
