import { Command } from 'commander';
import { alarmCommands } from './dcmanager-alarm-commands.js';
import { fleetCommands } from './dcmanager-fleet-commands.js';
import { subcloudGroupCommands } from './dcmanager-group-commands.js';
import { joinTokenCommands } from './dcmanager-join-token-commands.js';
import { membershipCommands } from './dcmanager-membership-commands.js';
import { strategyConfigCommands } from './dcmanager-options-commands.js';
import { strategyStepCommands } from './dcmanager-step-commands.js';
import { swDeployStrategyCommands } from './dcmanager-strategy-commands.js';
import { subcloudCommands } from './dcmanager-subcloud-commands.js';

/** `murmur dcmanager …`: Distributed Cloud, as StarlingX's `dcmanager`. */
export function dcmanagerCommands(): Command {
  const dcmanager = new Command('dcmanager')
    .description(
      'Distributed Cloud: the subclouds of a system controller, their groups, alarms and orchestration (StarlingX `dcmanager`)',
    )
    .addHelpText(
      'after',
      `
Every command but join-token and membership goes to the system controller (murmur up --role
systemcontroller): its dcmanager endpoint is found in region SystemController whatever
--os-region-name says. join-token and membership run on the controller that is (or is to
become) a subcloud.`,
    );
  dcmanager.addCommand(subcloudCommands());
  dcmanager.addCommand(subcloudGroupCommands());
  dcmanager.addCommand(alarmCommands());
  dcmanager.addCommand(fleetCommands());
  dcmanager.addCommand(swDeployStrategyCommands());
  dcmanager.addCommand(strategyStepCommands());
  dcmanager.addCommand(strategyConfigCommands());
  dcmanager.addCommand(joinTokenCommands());
  dcmanager.addCommand(membershipCommands());
  return dcmanager;
}
