import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Client, clientOptions, UsageError } from './client.js';
import { terminalOutput, type Output } from './progress.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The options every command that talks to a running service takes. */
export const CONNECTION_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export const CONNECTION_HELP = `Connection (every command that talks to a running stackhook):
  --url URL       the service (default STACKHOOK_URL, else http://127.0.0.1:8989)
  --token T       a bearer token sent as Authorization: Bearer (default STACKHOOK_TOKEN); never printed
  --json          print JSON for scripts instead of text
  -h, --help      this help`;

/** parseArgs with mistakes turned into UsageError (exit status 2, with a pointer to --help). */
export function parseCommand<const O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true as const, strict: true as const });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Runs `body` with a client for the configured service, closing it afterwards. */
export async function withClient(values: { url?: unknown; token?: unknown }, body: (client: Client, out: Output) => Promise<number>): Promise<number> {
  const client = new Client(clientOptions({
    url: typeof values.url === 'string' ? values.url : undefined,
    token: typeof values.token === 'string' ? values.token : undefined,
  }, process.env));
  try {
    return await body(client, terminalOutput());
  } finally {
    await client.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A value for a query parameter, or a usage error naming the flag. */
export function oneOfFlag(flag: string, value: string | undefined, allowed: readonly string[]): string | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (!allowed.includes(upper)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
  return upper;
}

export function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag} must be a positive integer, not ${JSON.stringify(value)}`);
  return n;
}
