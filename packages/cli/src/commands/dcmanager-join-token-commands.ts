import { Command } from 'commander';
import { withOutputOptions } from '../output/format-options.js';
import { UsageError } from '../usage-error.js';

/** `murmur dcmanager join-token`: not available in this build. */
export function joinTokenCommands(): Command {
  return withOutputOptions(
    new Command('join-token').description('One-time tokens with which a system controller adds this controller as a subcloud'),
  ).action(() => {
    throw new UsageError('join-token is not available');
  });
}
