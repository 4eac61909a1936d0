export { buildProgram, runCli } from './main.js';
export { renderTable } from './output/table.js';
export { formatList, formatObject, cellText, OUTPUT_FORMATS } from './output/printer.js';
export type { OutputFormat, OutputOptions } from './output/printer.js';
export { systemShowFields, modificationsToPatch } from './commands/system-commands.js';
export { EXIT, exitStatusFor } from './exit-status.js';
