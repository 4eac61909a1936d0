import { isAppError, parseDuration } from '@murmuration/core/common';
import type { SilenceObject } from '@murmuration/core/contract/fault';
import { formatMatcher, parseMatcher, type SilenceMatcher, type SilenceState } from '@murmuration/core/fault';
import { InvalidArgumentError, type Command } from 'commander';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, formatObject, type Cell } from '../output/printer.js';
import { UsageError } from '../usage-error.js';
import { fmApi } from './fm-common.js';

const STATES: readonly SilenceState[] = ['pending', 'active', 'expired'];
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A silence's matchers as operators type them, joined with ", ". */
export function matchersText(silence: Pick<SilenceObject, 'matchers'>): string {
  return silence.matchers.map((m) => formatMatcher(m as SilenceMatcher)).join(', ');
}

function silenceFields(silence: SilenceObject): Record<string, Cell> {
  return {
    uuid: silence.uuid,
    matchers: matchersText(silence),
    state: silence.state,
    starts_at: silence.starts_at,
    ends_at: silence.ends_at,
    created_at: silence.created_at,
    created_by: silence.created_by,
    comment: silence.comment,
  };
}

/** Client-side checks are usage errors (exit 2): the request is never sent. */
function usage<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (isAppError(error)) throw new UsageError(error.message);
    throw error;
  }
}

function isoTime(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InvalidArgumentError('give an ISO-8601 time, e.g. 2026-05-01T10:00:00Z');
  return new Date(ms).toISOString();
}

function states(value: string): SilenceState[] {
  const list = value.split(',').map((s) => s.trim());
  const wrong = list.filter((s) => !(STATES as readonly string[]).includes(s));
  if (wrong.length > 0) throw new InvalidArgumentError(`${wrong.join(', ')}: states are ${STATES.join(', ')}`);
  return list as SilenceState[];
}

interface AddOptions {
  comment: string;
  duration?: string;
  endsAt?: string;
  startsAt?: string;
  createdBy?: string;
}

/** `fm silence-add`, `silence-list`, `silence-expire`: Alertmanager-style silences. */
export function addSilenceCommands(fm: Command): void {
  withOutputOptions(
    fm
      .command('silence-add')
      .description('Silence the alarms that match every matcher, for a while: they leave default listings, the summary and receivers')
      .argument('<matcher...>', 'name=value, name!=value, name=~regex or name!~regex; names: alarm_id, entity_instance_id, entity_type_id, severity')
      .requiredOption('--comment <text>', 'why the alarms are silenced')
      .option('--duration <duration>', 'how long from the start, e.g. 90m, 2h, 1d (or give --ends-at)')
      .option('--ends-at <time>', 'ISO-8601 end time (or give --duration)', isoTime)
      .option('--starts-at <time>', 'ISO-8601 start time (default: now)', isoTime)
      .option('--created-by <name>', 'who asks (default: your user name)')
      .addHelpText(
        'after',
        `
Example:
  murmur fm silence-add alarm_id=100.104 'entity_instance_id=~host=controller-0\\..*' --duration 2h --comment 'disk swap'`,
      ),
  ).action(async (words: string[], options: AddOptions, command: Command) => {
    if ((options.duration === undefined) === (options.endsAt === undefined)) throw new UsageError('give --duration or --ends-at (one of them)');
    const matchers = words.map((word) => usage(() => parseMatcher(word)));
    if (options.duration !== undefined) usage(() => parseDuration(options.duration!, 'duration'));
    const silence = await fmApi(command).createSilence({
      matchers: matchers.map((m) => ({ ...m })),
      comment: options.comment,
      ...(options.duration !== undefined ? { duration: options.duration } : {}),
      ...(options.endsAt !== undefined ? { ends_at: options.endsAt } : {}),
      ...(options.startsAt !== undefined ? { starts_at: options.startsAt } : {}),
      ...(options.createdBy !== undefined ? { created_by: options.createdBy } : {}),
    });
    emit(formatObject(silenceFields(silence), outputOptions(command)));
  });

  withOutputOptions(
    fm
      .command('silence-list')
      .description('List silences, newest first')
      .option('--state <states>', `only silences in these states, comma-separated: ${STATES.join(', ')}`, states),
  ).action(async (options: { state?: SilenceState[] }, command: Command) => {
    const silences = await fmApi(command).listSilences(options.state ?? []);
    const columns: Array<[string, string]> = [
      ['UUID', 'uuid'],
      ['Matchers', 'matchers'],
      ['State', 'state'],
      ['Ends At', 'ends_at'],
      ['Created By', 'created_by'],
      ['Comment', 'comment'],
    ];
    emit(formatList(silences.map(silenceFields), columns, outputOptions(command)));
  });

  fm.command('silence-expire')
    .description('End a silence now (it stays listed as expired)')
    .argument('<uuid>', 'the silence')
    .action(async (uuid: string, _o, command: Command) => {
      if (!UUID.test(uuid)) throw new UsageError(`${uuid} is not a silence uuid (see: murmur fm silence-list)`);
      await fmApi(command).expireSilence(uuid);
      console.log(`Silence ${uuid} expired.`);
    });
}
