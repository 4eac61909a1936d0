import { OrchestrationApi, SoftwareApi } from '@murmuration/client';
import type { PhaseObject, StrategyObject } from '@murmuration/core/contract/orchestration';
import type { DeployHostObject } from '@murmuration/core/contract/software';
import { MAX_PARALLEL_WORKERS } from '@murmuration/core/orchestration';
import { Command, InvalidArgumentError, Option } from 'commander';
import { connect } from '../connection.js';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatObject, type Cell, type OutputOptions } from '../output/printer.js';
import { escapeControls } from '../output/table.js';
import { UsageError } from '../usage-error.js';

const api = (command: Command): OrchestrationApi => new OrchestrationApi(connect(command).session);

function count(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}

/**
 * `key: value` with the value in one column, as sw-manager prints a strategy; values are shown with their controls
 * escaped.
 */
const line = (indent: number, key: string, value: string | number): string => `${' '.repeat(indent)}${`${key}:`.padEnd(40 - indent)}${escapeControls(String(value))}`;

function phaseLines(phase: PhaseObject, details: boolean): string[] {
  const lines = [
    line(4, 'total-stages', phase['total-stages']),
    line(4, 'current-stage', phase['current-stage']),
    line(4, 'stop-at-stage', phase['stop-at-stage']),
    line(4, 'timeout', `${phase.timeout} seconds`),
    line(4, 'completion-percentage', `${phase['completion-percentage']}%`),
    line(4, 'start-date-time', phase['start-date-time']),
    line(4, 'end-date-time', phase['end-date-time']),
    line(4, 'result', phase.result),
    line(4, 'reason', phase.reason),
  ];
  if (!details) return lines;
  lines.push('    stages:');
  for (const stage of phase.stages) {
    lines.push(line(8, 'stage-id', stage['stage-id']), line(8, 'stage-name', stage['stage-name']), line(8, 'total-steps', stage['total-steps']));
    lines.push(line(8, 'current-step', stage['current-step']), line(8, 'result', stage.result), line(8, 'reason', stage.reason), '        steps:');
    for (const step of stage.steps) {
      lines.push(line(12, 'step-id', step['step-id']), line(12, 'step-name', step['step-name']));
      if (step['entity-names'].length > 0) lines.push(line(12, 'entity-type', step['entity-type']), line(12, 'entity-names', `[${step['entity-names'].map((n) => `'${n}'`).join(', ')}]`));
      lines.push(line(12, 'result', step.result), line(12, 'reason', step.reason), line(12, 'start-date-time', step['start-date-time']), line(12, 'end-date-time', step['end-date-time']), '');
    }
  }
  return lines;
}

/** A strategy as `sw-manager sw-deploy-strategy show` prints it. */
export function strategyText(s: StrategyObject, details: boolean): string {
  const phase = s['current-phase'] === 'abort' ? s['abort-phase'] : s['current-phase'] === 'apply' ? s['apply-phase'] : s['build-phase'];
  const lines = [
    'Strategy Software Deploy Strategy:',
    line(2, 'strategy-uuid', s.uuid),
    line(2, 'release-id', s['release-id']),
    line(2, 'controller-apply-type', s['controller-apply-type']),
    line(2, 'storage-apply-type', s['storage-apply-type']),
    line(2, 'worker-apply-type', s['worker-apply-type']),
    ...(s['worker-apply-type'] === 'parallel' ? [line(2, 'max-parallel-worker-hosts', s['max-parallel-worker-hosts'])] : []),
    line(2, 'default-instance-action', s['default-instance-action']),
    line(2, 'alarm-restrictions', s['alarm-restrictions']),
    ...(s.canary > 0 ? [line(2, 'canary', s.canary), line(2, 'soak', `${s.soak} seconds`)] : []),
    ...(s['max-failures'] !== '0' ? [line(2, 'max-failures', s['max-failures'])] : []),
    ...(s['failed-hosts'].length > 0 ? [line(2, 'failed-hosts', s['failed-hosts'].join(', '))] : []),
    line(2, 'current-phase', s['current-phase']),
    line(2, 'current-phase-completion', `${s['current-phase-completion-percentage']}%`),
    line(2, 'state', s.state),
  ];
  if (details) {
    for (const [name, p] of [['build-phase', s['build-phase']], ['apply-phase', s['apply-phase']], ['abort-phase', s['abort-phase']]] as const) {
      // A phase is shown once it has stages to show or has started.
      if (p['start-date-time'] === '' && p.stages.length === 0 && name !== 'build-phase') continue;
      lines.push(`  ${name}:`, ...phaseLines(p, true));
    }
  } else {
    lines.push(line(2, `${phase['phase-name']}-result`, phase.result), line(2, `${phase['phase-name']}-reason`, phase.reason));
  }
  // sw-manager's blank line after each step separates steps; none is left at the end.
  while (lines.at(-1) === '') lines.pop();
  return lines.join('\n');
}

/**
 * A progress bar per stage, and one line per host of the stage under way, redrawn while the strategy runs (`show
 * --watch`).
 */
function progressText(s: StrategyObject, hosts: ReadonlyMap<string, DeployHostObject>): string {
  const bar = (done: number, total: number): string => {
    const width = 24;
    const filled = total === 0 ? width : Math.round((done * width) / total);
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  };
  const lines = [`sw-deploy ${s['release-id']}: ${s.state} (${s['current-phase']} ${s['current-phase-completion-percentage']}%)`];
  for (const stage of s['apply-phase'].stages) {
    const done = stage.steps.filter((st) => st.result === 'success').length;
    const names = [...new Set(stage.steps.flatMap((st) => st['entity-names']))];
    lines.push(`  ${String(stage['stage-id']).padStart(2)} ${stage['stage-name'].padEnd(26)} ${bar(done, stage.steps.length)} ${stage.result.padEnd(10)} ${names.join(', ')}`);
    if (stage.inprogress) {
      for (const name of names) {
        const h = hosts.get(name);
        const on = h?.software_release === s['release-id'] && h.host_state === 'deployed';
        lines.push(`       ${name.padEnd(24)} ${bar(on ? 1 : 0, 1)} ${h?.host_state ?? 'unknown'}${h?.reason ? `: ${escapeControls(h.reason)}` : ''}`);
      }
    }
  }
  return lines.join('\n');
}

/** States in which a strategy stops by itself: the first two as asked, the others failed, timed out or aborted. */
const SUCCEEDED = new Set(['ready-to-apply', 'applied']);
const ENDED = new Set([...SUCCEEDED, 'build-failed', 'build-timeout', 'apply-failed', 'apply-timeout', 'abort-failed', 'abort-timeout', 'aborted']);

const NO_STRATEGY = 'No strategy available';

/** Draws the progress until the strategy stops; fails (exit status 1) when it stopped failed, timed out or aborted. */
async function watch(command: Command, intervalMs: number): Promise<void> {
  let last = '';
  for (;;) {
    const strategy = await api(command).get();
    if (!strategy) throw new Error(NO_STRATEGY);
    const hosts = new Map((await new SoftwareApi(connect(command).session).deployHosts()).map((h) => [h.hostname, h]));
    const text = progressText(strategy, hosts);
    if (text !== last) {
      process.stdout.write(process.stdout.isTTY ? `\u001b[2J\u001b[H${text}\n` : `${text}\n\n`);
      last = text;
    }
    if (ENDED.has(strategy.state)) {
      if (SUCCEEDED.has(strategy.state)) return;
      const phase = strategy['current-phase'] === 'abort' ? strategy['abort-phase'] : strategy['current-phase'] === 'apply' ? strategy['apply-phase'] : strategy['build-phase'];
      throw new Error(`the strategy ended ${strategy.state}${phase.reason ? `: ${phase.reason}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * A strategy in the format asked for: as sw-manager prints it for a table, the strategy object
 * itself (phases, stages and steps) for json, yaml and value, or the properties given with -c.
 */
function printStrategy(strategy: StrategyObject, output: OutputOptions, details: boolean): void {
  if (output.format === 'table' && !output.columns?.length) emit(strategyText(strategy, details));
  else emit(formatObject(strategy as unknown as Record<string, Cell>, { ...output, sort: false }));
}

/** `murmur sw-manager sw-deploy-strategy create|show|apply|abort|delete`, as StarlingX's `sw-manager`. */
export function swManagerCommands(): Command {
  const swManager = new Command('sw-manager').description('Orchestration of software updates across hosts (StarlingX `sw-manager`)');
  const strategy = swManager.command('sw-deploy-strategy').description('Roll a release across the hosts: create, show, apply, abort, delete');

  withOutputOptions(
    strategy
      .command('create')
      .description('Create (build) the strategy for a release: stages and steps for every host that does not run it yet')
      .argument('<release>', 'the release to deploy')
      .addOption(new Option('--controller-apply-type <type>', 'how controllers are done').choices(['serial', 'ignore']).default('serial'))
      .addOption(new Option('--storage-apply-type <type>', 'how storage hosts are done').choices(['serial', 'parallel', 'ignore']).default('serial'))
      .addOption(new Option('--worker-apply-type <type>', 'how workers are done').choices(['serial', 'parallel', 'ignore']).default('serial'))
      .option('--max-parallel-worker-hosts <n>', `workers done at once with --worker-apply-type parallel (${MAX_PARALLEL_WORKERS.min}..${MAX_PARALLEL_WORKERS.max})`, count(MAX_PARALLEL_WORKERS.min, MAX_PARALLEL_WORKERS.max))
      .addOption(new Option('--instance-action <action>', 'what happens to instances on a host').choices(['stop-start', 'migrate']).default('stop-start'))
      .addOption(new Option('--alarm-restrictions <level>', 'strict: any alarm stops the strategy; relaxed: only management-affecting ones').choices(['strict', 'relaxed']).default('strict'))
      .option('--canary <n>', 'do the first N workers first, in a stage of their own', count(0, 1000))
      .option('--soak <seconds>', 'after the canaries, wait this long with clean health before going on', count(0, 86_400))
      .option('--max-failures <n|p%>', 'carry on past this many failed hosts (or this percentage of them), each left on its previous release'),
  ).action(async (release: string, o: Record<string, string | number | undefined>, command: Command) => {
    const created = await api(command).create({
      release,
      'controller-apply-type': o['controllerApplyType'],
      'storage-apply-type': o['storageApplyType'],
      'worker-apply-type': o['workerApplyType'],
      ...(o['maxParallelWorkerHosts'] !== undefined ? { 'max-parallel-worker-hosts': o['maxParallelWorkerHosts'] } : {}),
      'default-instance-action': o['instanceAction'],
      'alarm-restrictions': o['alarmRestrictions'],
      ...(o['canary'] !== undefined ? { canary: o['canary'] } : {}),
      ...(o['soak'] !== undefined ? { soak: o['soak'] } : {}),
      ...(o['maxFailures'] !== undefined ? { 'max-failures': o['maxFailures'] } : {}),
    });
    printStrategy(created, outputOptions(command), false);
  });

  withOutputOptions(
    strategy
      .command('show')
      .description('Show the strategy')
      .option('--details', 'also every phase, stage and step')
      .option('--watch', 'draw a progress bar per stage until the strategy stops; exit status 1 if it failed, timed out or was aborted'),
  ).action(async (options: { details?: boolean; watch?: boolean }, command: Command) => {
    const output = outputOptions(command);
    if (options.watch) {
      if (output.format !== 'table' || output.columns?.length) throw new UsageError('--watch draws progress bars: give it without -f or -c');
      return watch(command, 1000);
    }
    const current = await api(command).get();
    if (current) printStrategy(current, output, options.details === true);
    else if (output.format === 'table') emit(NO_STRATEGY);
    else process.stderr.write(`${NO_STRATEGY}\n`);
  });

  withOutputOptions(
    strategy
      .command('apply')
      .description('Apply the strategy: all stages, or up to --stage-id')
      .option('--stage-id <n>', 'stop after this stage', count(0, 1_000_000)),
  ).action(async (options: { stageId?: number }, command: Command) => {
    const updated = await api(command).act(options.stageId === undefined ? 'apply-all' : 'apply-stage', options.stageId);
    printStrategy(updated, outputOptions(command), false);
  });

  withOutputOptions(strategy.command('abort').description('Abort the strategy once the step under way has finished')).action(async (_options, command: Command) =>
    printStrategy(await api(command).act('abort'), outputOptions(command), false),
  );

  strategy
    .command('delete')
    .description('Delete the strategy')
    .option('--force', 'even while it runs')
    .action(async (options: { force?: boolean }, command: Command) => {
      await api(command).remove(options.force === true);
      console.log('Strategy deleted');
    });

  return swManager;
}
