import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat, ServerConfig } from '../config.js';

/**
 * Where the controller's log lines go, on stdout: JSON lines for journald and log shippers, or
 * one coloured line per event for a person at a terminal, written at once so that they come
 * in order with what `murmur up` says on stderr.
 */
export function logDestination(format: LogFormat): pino.DestinationStream {
  if (format === 'json') return pino.destination({ dest: 1, sync: false });
  return pretty({ destination: 1, sync: true, colorize: process.stdout.isTTY === true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service', singleLine: true });
}

/**
 * Structured logs, JSON on stdout unless told otherwise. Headers that carry credentials are
 * redacted wherever they appear; request bodies are never logged.
 */
export function createLogger(level: ServerConfig['logLevel'], destination: pino.DestinationStream = logDestination('json')): Logger {
  return pino(
    {
      level,
      base: { service: 'murmur-controller', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['req.headers["x-auth-token"]', 'req.headers["x-subject-token"]', 'req.headers.authorization', 'headers["x-auth-token"]', 'password'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
