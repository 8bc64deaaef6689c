import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/**
 * Paths that may carry secrets or capabilities. Request logs never include bodies; these are a
 * second line of defence for objects logged by mistake.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-auth-token"]',
  'headers.authorization',
  'headers["x-auth-token"]',
  'ResponseURL',
  'responseUrl',
  '*.ResponseURL',
  '*.responseUrl',
  'ResourceProperties',
  'OldResourceProperties',
  'properties',
  '*.properties',
];

/** JSON lines; on a terminal (and not told otherwise) the same, made readable by pino-pretty. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = { level, base: { service: 'stackhook' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  if (destination) return pino(options, destination);
  if (process.stdout.isTTY && process.env.STACKHOOK_LOG_FORMAT !== 'json') {
    return pino(options, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'service,pid,hostname', sync: true }));
  }
  return pino(options);
}

/** A ResponseURL is a capability: logs show where it points, never the whole of it. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.length > 1 ? '/…' : '/'}`;
  } catch {
    return '[unparseable url]';
  }
}
