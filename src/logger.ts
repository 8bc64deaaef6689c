import { pino, type Logger } from 'pino';

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

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, base: { service: 'stackhook' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    destination,
  );
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
