export { buildProgram, LAUNCHED_COMMANDS, runCli } from './main.js';
export { escapeControls, renderTable } from './output/table.js';
export { formatList, formatObject, cellText, OUTPUT_FORMATS } from './output/printer.js';
export type { OutputFormat, OutputOptions } from './output/printer.js';
export { systemShowFields } from './commands/system-commands.js';
export { modificationsToPatch } from './commands/modifications.js';
export { EXIT, exitStatusFor } from './exit-status.js';
export { alarmListColumns } from './commands/fm-alarm-commands.js';
export {
  detailListRow, groupSubcloudRow, SUBCLOUD_DETAIL_COLUMNS, SUBCLOUD_DETAIL_LIST_COLUMNS, SUBCLOUD_LIST_COLUMNS,
  subcloudDetailShowFields, subcloudFields, subcloudListRow, subcloudShowFields,
} from './commands/dcmanager-subcloud-table.js';
export { GROUP_LIST_COLUMNS, groupFields, groupListRow } from './commands/dcmanager-group-commands.js';
export { ALARM_SUMMARY_COLUMNS, alarmSummaryRow } from './commands/dcmanager-alarm-commands.js';
export { fleetRows } from './commands/dcmanager-fleet-commands.js';
export {
  OPTIONS_LIST_COLUMNS, optionsFields, optionsListRow, progressLine, STEP_LIST_COLUMNS, stepCounts, stepFields,
  stepListRow, strategyFields,
} from './commands/dcmanager-strategy-table.js';
export { swDeployRequest } from './commands/dcmanager-strategy-request.js';
