import pino, { type Logger } from 'pino';
import type { ServerConfig } from '../config.js';

/**
 * Structured JSON logs on stdout. Headers that carry credentials are redacted wherever they
 * appear; request bodies are never logged.
 */
export function createLogger(level: ServerConfig['logLevel'], destination: pino.DestinationStream = pino.destination({ dest: 1, sync: false })): Logger {
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
