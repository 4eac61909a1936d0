/** What a systemd service unit runs and how, in the words of `systemd.service(5)`. */
export interface ServiceUnit {
  readonly description: string;
  /** The program and its arguments, each as it is; they are quoted here. */
  readonly command: readonly string[];
  /** Run as this user; the unit's default (root, for a system unit) when absent. */
  readonly user?: string | undefined;
  /** Exit statuses that mean "wrongly configured": restarting would only fail again. */
  readonly noRestartStatuses: readonly number[];
  /** How long the program has to stop after SIGTERM before it is killed. */
  readonly stopTimeoutSeconds: number;
}

/**
 * One word of a command line as systemd reads it: `%` and `$` doubled so that no specifier or
 * variable is expanded, and double quotes around a word with spaces, quotes or backslashes.
 */
export function systemdWord(word: string): string {
  const literal = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  if (literal !== '' && !/[\s"'\\;]/.test(literal)) return literal;
  return `"${literal.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Text of a setting's value on one line: line breaks would end it. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').replace(/%/g, '%%');
}

/** The text of a service unit that starts at boot, restarts after a crash and stops with SIGTERM. */
export function renderServiceUnit(unit: ServiceUnit): string {
  const lines = [
    '[Unit]',
    `Description=${oneLine(unit.description)}`,
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${unit.command.map(systemdWord).join(' ')}`,
    ...(unit.user !== undefined ? [`User=${oneLine(unit.user)}`] : []),
    'Restart=on-failure',
    'RestartSec=2',
    ...(unit.noRestartStatuses.length > 0 ? [`RestartPreventExitStatus=${unit.noRestartStatuses.join(' ')}`] : []),
    'KillSignal=SIGTERM',
    `TimeoutStopSec=${unit.stopTimeoutSeconds}`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ];
  return lines.join('\n');
}
