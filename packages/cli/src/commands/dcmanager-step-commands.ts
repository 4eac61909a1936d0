import { Command } from 'commander';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, formatObject } from '../output/printer.js';
import { dcmanagerApi, reference } from './dcmanager-common.js';
import { STEP_LIST_COLUMNS, stepFields, stepListRow } from './dcmanager-strategy-table.js';

/** `murmur dcmanager strategy-step list|show`: the strategy's step of each subcloud. */
export function strategyStepCommands(): Command {
  const step = new Command('strategy-step').description('The steps of the strategy: one per subcloud, its stage and state');

  withOutputOptions(step.command('list').description('List strategy steps')).action(async (_o, command: Command) => {
    const steps = await dcmanagerApi(command).listStrategySteps();
    emit(formatList(steps.map(stepListRow), STEP_LIST_COLUMNS.map((c) => [c, c] as const), outputOptions(command)));
  });

  withOutputOptions(
    step.command('show').description('Show the details of a strategy step').argument('<cloud_name>', 'name of cloud to view the details'),
  ).action(async (cloud: string, _o, command: Command) => {
    const found = await dcmanagerApi(command).getStrategyStep(reference('Subcloud', cloud));
    emit(formatObject(stepFields(found), { ...outputOptions(command), label: 'Field', sort: false }));
  });

  return step;
}
