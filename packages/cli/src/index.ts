export { buildProgram, LAUNCHED_COMMANDS, runCli } from './main.js';
export { escapeControls, renderTable } from './output/table.js';
export { formatList, formatObject, cellText, OUTPUT_FORMATS } from './output/printer.js';
export type { OutputFormat, OutputOptions } from './output/printer.js';
export { systemShowFields } from './commands/system-commands.js';
export { modificationsToPatch } from './commands/modifications.js';
export { EXIT, exitStatusFor } from './exit-status.js';
export { alarmListColumns } from './commands/fm-alarm-commands.js';
