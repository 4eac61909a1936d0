/** Where an agent says what it does: one line per event. */
export interface AgentLog {
  info(line: string): void;
  warn(line: string): void;
  debug(line: string): void;
}

/** Lines on standard error, prefixed with the time and the host; `debug` only when asked. */
export function streamLog(
  prefix: string,
  verbose: boolean,
  write: (line: string) => void = (line) => process.stderr.write(line),
): AgentLog {
  const say = (level: string, line: string): void => write(`${new Date().toISOString()} ${level} ${prefix}: ${line}\n`);
  return {
    info: (line) => say('info', line),
    warn: (line) => say('warn', line),
    debug: (line) => {
      if (verbose) say('debug', line);
    },
  };
}
