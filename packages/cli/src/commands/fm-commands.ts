import { Command } from 'commander';
import { addAlarmCommands } from './fm-alarm-commands.js';
import { addEventCommands } from './fm-event-commands.js';
import { addReceiverCommands } from './fm-receiver-commands.js';
import { addSilenceCommands } from './fm-silence-commands.js';
import { addSuppressionCommands } from './fm-suppression-commands.js';

/** `murmur fm …`: StarlingX's `fm` commands, plus silences and receivers. */
export function fmCommands(): Command {
  const fm = new Command('fm').description('Fault management: alarms, event log, suppression (StarlingX `fm` commands), silences and receivers');
  addAlarmCommands(fm);
  addEventCommands(fm);
  addSuppressionCommands(fm);
  addSilenceCommands(fm);
  addReceiverCommands(fm);
  return fm;
}
