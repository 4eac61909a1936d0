import { Option, type Command } from 'commander';
import { OUTPUT_FORMATS, type OutputOptions } from './printer.js';

/**
 * `-f/--format` and `-c/--column`, as the OpenStack clients offer on every command that prints.
 * `-f` means the format on every command (`host-lock` forces with `--force`).
 */
export function withOutputOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .addOption(new Option('-c, --column <name>', 'show only this column or property (repeatable)').argParser((value: string, previous: string[] = []) => [...previous, value]));
}

export function outputOptions(command: Command): OutputOptions {
  const options = command.opts<{ format: OutputOptions['format']; column?: string[] }>();
  return { format: options.format, columns: options.column };
}
