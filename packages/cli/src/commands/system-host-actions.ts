import type { HostAction } from '@murmuration/core/inventory';
import type { Command } from 'commander';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { hostApi, printHost } from './system-host-commands.js';

/** An action command: its name, what it does, the action it sends, and the one `--force` sends. */
const ACTIONS: ReadonlyArray<{ name: string; description: string; action: HostAction; forced: HostAction | null }> = [
  { name: 'host-lock', description: 'Lock a host: take it out of service (--force: even if services on it do not agree)', action: 'lock', forced: 'force-lock' },
  { name: 'host-unlock', description: 'Unlock a host: bring it into service once its inventory is complete', action: 'unlock', forced: 'force-unlock' },
  { name: 'host-reboot', description: 'Reboot a locked host', action: 'reboot', forced: null },
  { name: 'host-swact', description: 'Switch the platform from the active controller to the standby one', action: 'swact', forced: 'force-swact' },
];

/** `system host-lock|host-unlock|host-reboot|host-swact`: each prints the host as it is after the action. */
export function addHostActionCommands(system: Command): void {
  for (const spec of ACTIONS) {
    const command = system.command(spec.name).description(spec.description).argument('<host>', 'hostname, id or uuid');
    if (spec.forced) command.option('--force', `send ${spec.forced} instead of ${spec.action}`);
    withOutputOptions(command).action(async (host: string, options: { force?: boolean }, self: Command) => {
      const action = options.force && spec.forced ? spec.forced : spec.action;
      printHost(await hostApi(self).action(host, action), outputOptions(self));
    });
  }
}
