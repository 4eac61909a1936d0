import type { DcMembershipObject } from '@murmuration/core/contract/dc-agent';
import { Command } from 'commander';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatObject, type Cell } from '../output/printer.js';
import { withDcAgent } from './dc-agent-call.js';
import { confirmedHighRisk, YES_HELP } from './dcmanager-common.js';

const fields = (m: DcMembershipObject): Record<string, Cell> => ({ ...m });

/** `dcmanager membership show|leave`: run on a subcloud, about the system controller that adopted it. */
export function membershipCommands(): Command {
  const group = new Command('membership').description(
    'The system controller that adopted this controller as its subcloud: show it, or leave it',
  );

  withOutputOptions(
    group.command('show').description('Show the system controller that adopted this controller, and the account it holds here'),
  ).action(async (_options, command: Command) => {
    const membership = await withDcAgent(command, (api, token) => api.membership(token));
    emit(formatObject(fields(membership), outputOptions(command)));
  });

  group
    .command('leave')
    .description(
      'Leave the system controller (when it cannot tell this controller itself, as it does when it deletes the subcloud): '
        + 'its account here is deleted, and another system controller may add this controller',
    )
    .option('-y, --yes', YES_HELP)
    .action(async (options: { yes?: boolean }, command: Command) => {
      if (!(await confirmedHighRisk(options.yes))) return;
      const left = await withDcAgent(command, async (api, token) => {
        const held = await api.membership(token);
        await api.leave(token);
        return held;
      });
      console.log(`Left the system controller ${left.system_controller_region} at ${left.system_controller_url}.`);
    });

  return group;
}
