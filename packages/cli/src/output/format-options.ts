import { Option, type Command } from 'commander';
import { OUTPUT_FORMATS, type OutputOptions } from './printer.js';

/**
 * `-f/--format` and `-c/--column`, as the OpenStack clients offer on every command that prints.
 * Commands whose `-f` means something else (`host-lock -f` forces) offer `--format` only.
 */
export function withOutputOptions(command: Command, options: { shortFormat?: boolean } = {}): Command {
  return command
    .addOption(new Option(options.shortFormat === false ? '--format <format>' : '-f, --format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .addOption(new Option('-c, --column <name>', 'show only this column or property (repeatable)').argParser((value: string, previous: string[] = []) => [...previous, value]));
}

export function outputOptions(command: Command): OutputOptions {
  const options = command.opts<{ format: OutputOptions['format']; column?: string[] }>();
  return { format: options.format, columns: options.column };
}
