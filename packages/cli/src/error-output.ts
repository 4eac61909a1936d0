import { escapeControls } from './output/table.js';

/**
 * Every error the command reports starts so, whoever found it: the command line parser, the command or the controller.
 */
export const ERROR_PREFIX = 'Error: ';

/** Reports an error on stderr, with its controls escaped (a server's message may quote what anyone stored). */
export function printError(message: string): void {
  process.stderr.write(`${ERROR_PREFIX}${escapeControls(message)}\n`);
}
