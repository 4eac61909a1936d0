import { AUDIT_EVENTS } from '@murmuration/core/audit';
import type { AuditListQuery } from '@murmuration/core/contract/audit';
import { Command, InvalidArgumentError, Option } from 'commander';
import { connect } from '../connection.js';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, formatObject } from '../output/printer.js';

function isoTime(value: string): string {
  const relative = /^(\d+)([smhd])$/.exec(value);
  if (relative) {
    const unit = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[relative[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(Date.now() - Number(relative[1]) * unit).toISOString();
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InvalidArgumentError('give an ISO-8601 time (2026-05-01T10:00:00Z) or an age like 30m, 2h, 7d');
  return new Date(ms).toISOString();
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

/** Exit status of `audit verify` when the chain is broken. */
export const BROKEN_CHAIN_EXIT = 1;

/** `murmur audit …`: the security audit log. */
export function auditCommands(): Command {
  const audit = new Command('audit').description('Security audit log (admin only)');

  withOutputOptions(
    audit
      .command('list')
      .description('List audit entries, newest first')
      .option('--user <user>', 'only entries of this user (name or id)')
      .option('--since <time>', 'only entries at or after this time (ISO-8601, or an age like 2h)', isoTime)
      .option('--until <time>', 'only entries before this time (ISO-8601, or an age like 30m)', isoTime)
      .option('--outcome <outcome>', 'success, failure, a status code (401) or a class (4xx)')
      .addOption(new Option('--event <event>', 'only this kind of entry').choices(AUDIT_EVENTS))
      .option('-l, --limit <n>', 'at most this many entries (default 100)', positive)
      .option('--long', 'show hashes and details too'),
  ).action(async (options: AuditListQuery & { long?: boolean }, command: Command) => {
    const { long, ...query } = options;
    const { entries } = await connect(command).audit.list({
      ...(query.user !== undefined ? { user: query.user } : {}),
      ...(query.since !== undefined ? { since: query.since } : {}),
      ...(query.until !== undefined ? { until: query.until } : {}),
      ...(query.outcome !== undefined ? { outcome: query.outcome } : {}),
      ...(query.event !== undefined ? { event: query.event } : {}),
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
    });
    const columns: Array<[string, string]> = [
      ['Seq', 'seq'],
      ['Time', 'time'],
      ['User', 'user_name'],
      ['Event', 'event'],
      ['Method', 'method'],
      ['Path', 'path'],
      ['Outcome', 'outcome'],
      ['Source', 'source'],
    ];
    if (long) columns.push(['Target', 'target'], ['Project', 'project_name'], ['Request ID', 'request_id'], ['Detail', 'detail'], ['Hash', 'hash']);
    emit(formatList(entries, columns, outputOptions(command)));
  });

  withOutputOptions(audit.command('verify').description('Check that no audit entry was altered or removed (exit status 1 if one was)')).action(
    async (_o, command: Command) => {
      const result = await connect(command).audit.verify();
      const output = outputOptions(command);
      if (output.format === 'table') {
        if (result.intact) console.log(`Audit log intact: ${result.checked} entries verified, chain head at entry ${result.head_seq}.`);
        else {
          const count = result.problem_count === 1 ? '1 problem' : `${result.problem_count} problems`;
          console.log(`Audit log BROKEN at entry ${result.first_bad_seq}: ${count} in ${result.checked} entries.`);
          for (const { problem } of result.problems) console.log(`  ${problem}`);
          const unlisted = result.problem_count - result.problems.length;
          if (unlisted > 0) console.log(`  … and ${unlisted} more`);
        }
      } else {
        emit(formatObject(result, output));
      }
      if (!result.intact) process.exitCode = BROKEN_CHAIN_EXIT;
    },
  );

  return audit;
}
