import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { StackhookError } from './errors.js';

/** Configuration read once at start-up, validated, frozen and passed to whoever needs it. */
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly typesDir: string;
  /** Hosts a report (ResponseURL) may be sent to; `*` allows any. */
  readonly callbackHosts: readonly string[];
  /** Directory of action plugin modules (`*.js`, `*.mjs`); null when there is none. */
  readonly actionsDir: string | null;
  /** Root directory of the `stackhook.file` action used by the example types. */
  readonly filesRoot: string;
  readonly bodyLimitBytes: number;
  /** How long a report is retried before it is given up. */
  readonly reportGiveUpMs: number;
  /** The first retry of a report waits up to this long; each further one up to twice as long. */
  readonly reportRetryBaseMs: number;
  readonly logLevel: string;
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];

const OPTIONS = {
  host: { type: 'string', env: 'STACKHOOK_HOST' },
  port: { type: 'string', env: 'STACKHOOK_PORT' },
  'data-dir': { type: 'string', env: 'STACKHOOK_DATA_DIR' },
  'types-dir': { type: 'string', env: 'STACKHOOK_TYPES_DIR' },
  'callback-hosts': { type: 'string', env: 'STACKHOOK_CALLBACK_HOSTS' },
  'actions-dir': { type: 'string', env: 'STACKHOOK_ACTIONS_DIR' },
  'files-root': { type: 'string', env: 'STACKHOOK_FILES_ROOT' },
  'body-limit': { type: 'string', env: 'STACKHOOK_BODY_LIMIT' },
  'report-give-up': { type: 'string', env: 'STACKHOOK_REPORT_GIVE_UP' },
  'report-retry-base': { type: 'string', env: 'STACKHOOK_REPORT_RETRY_BASE' },
  'log-level': { type: 'string', env: 'STACKHOOK_LOG_LEVEL' },
} as const;

export type ConfigOptionName = keyof typeof OPTIONS;

/** Flags win over environment variables, which win over defaults. */
export function readConfig(argv: string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): Config {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(Object.entries(OPTIONS).map(([name, o]) => [name, { type: o.type }])),
    allowPositionals: true,
    strict: true,
  });
  const pick = (name: ConfigOptionName): string | undefined =>
    (values[name] as string | undefined) ?? nonEmpty(env[OPTIONS[name].env]);
  const dataDir = path.resolve(cwd, pick('data-dir') ?? 'data');
  return Object.freeze({
    host: pick('host') ?? '127.0.0.1',
    port: parsePort(pick('port') ?? '8989'),
    dataDir,
    typesDir: path.resolve(cwd, pick('types-dir') ?? 'resource-types'),
    callbackHosts: Object.freeze(parseList(pick('callback-hosts')) ?? LOOPBACK_HOSTS),
    actionsDir: parseActionsDir(pick('actions-dir'), cwd),
    filesRoot: path.resolve(cwd, pick('files-root') ?? path.join(dataDir, 'files')),
    bodyLimitBytes: parseBytes('body-limit', pick('body-limit') ?? '1mb'),
    reportGiveUpMs: parseDuration('report-give-up', pick('report-give-up') ?? '1h'),
    reportRetryBaseMs: parseDuration('report-retry-base', pick('report-retry-base') ?? '1s'),
    logLevel: parseLogLevel(pick('log-level') ?? 'info'),
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function invalid(name: ConfigOptionName, value: string, expected: string): never {
  throw new StackhookError(
    'CONFIG_INVALID',
    `--${name} / ${OPTIONS[name].env} is ${JSON.stringify(value)}; expected ${expected}`,
  );
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value) || port > 65535) invalid('port', value, 'an integer from 0 to 65535');
  return port;
}

function parseList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
}

/** A directory given explicitly must exist; without one, `./actions` is used if it exists. */
function parseActionsDir(value: string | undefined, cwd: string): string | null {
  if (value === undefined) {
    const fallback = path.resolve(cwd, 'actions');
    return isDirectory(fallback) ? fallback : null;
  }
  const dir = path.resolve(cwd, value);
  if (!isDirectory(dir)) invalid('actions-dir', value, 'a directory of action plugin modules');
  return dir;
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

const BYTE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2 };

function parseBytes(name: ConfigOptionName, value: string): number {
  const match = /^(\d+)\s*(b|kb|mb)?$/i.exec(value);
  if (!match) invalid(name, value, 'a size such as 512kb or 1mb');
  return Number(match[1]) * BYTE_UNITS[(match[2] ?? 'b').toLowerCase()]!;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Durations as type files and flags write them: `90s`, `10m`, `1h`, `250ms`, or bare seconds. */
export function parseDurationText(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(value.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * DURATION_UNITS[match[2] ?? 's']!);
}

function parseDuration(name: ConfigOptionName, value: string): number {
  return parseDurationText(value) ?? invalid(name, value, 'a duration such as 90s, 10m or 1h');
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parseLogLevel(value: string): string {
  if (!LOG_LEVELS.includes(value)) invalid('log-level', value, `one of ${LOG_LEVELS.join(', ')}`);
  return value;
}
