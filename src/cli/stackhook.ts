#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { isStackhookError } from '../errors.js';
import { createLogger } from '../logger.js';
import { loadResourceTypes } from '../resource-types/load-types.js';
import { formatIssue } from '../resource-types/type-file-issue.js';
import { actionView, type ActionView } from '../http/action-routes.js';
import { loadActionRegistry, startService } from '../service.js';
import { ApiError, UnreachableError, UsageError } from './client.js';
import { executionsCommand } from './executions.js';
import { heatEnvCommand } from './heat-env.js';
import { resourcesCommand } from './resources.js';
import { runCommand } from './run.js';

const USAGE = `stackhook: Heat custom resource types whose lifecycle runs as Mistral v2 workflows

Usage:
  stackhook serve [--host H] [--port P] [--data-dir D] [--types-dir T] [--callback-hosts h1,h2]
                               run the service (the default command); the page is at /ui
  stackhook validate [dir] [--actions-dir A]
                               check resource type files; prints file:line:column: problem
  stackhook actions [--json] [--actions-dir A]
                               list the actions workflows may call (built-in and plugins), with
                               their inputs; reads the plugin directory, no server needed
  stackhook run <type> <phase> --properties '{...}' [--physical-id X] [--old-properties '{...}']
                               run one phase (create, update, delete, suspend, resume) in this
                               process on a temporary store, with live progress; exit 1 on FAILED
  serve, validate, actions and run take --actions-dir A (default ./actions when it exists): a
  directory of action plugin modules (*.js, *.mjs), loaded at start-up

Against a running service (--url / STACKHOOK_URL, default http://127.0.0.1:8989; --token /
STACKHOOK_TOKEN, sent as a bearer token; --json for scripts):
  stackhook executions list [--stack S] [--type T] [--state X]
  stackhook executions show <id>
  stackhook executions watch <id>   follow its events live until it ends
  stackhook resources list [--stack S] [--type T] [--status X]
  stackhook resources show <id>
  stackhook heat-env                the Heat environment mapping every type to its template

stackhook <command> --help explains each command, with examples.

Every flag has an environment variable of the same meaning: STACKHOOK_HOST, STACKHOOK_PORT,
STACKHOOK_DATA_DIR, STACKHOOK_TYPES_DIR, STACKHOOK_ACTIONS_DIR, STACKHOOK_CALLBACK_HOSTS, STACKHOOK_FILES_ROOT,
STACKHOOK_BODY_LIMIT, STACKHOOK_REPORT_GIVE_UP, STACKHOOK_REPORT_RETRY_BASE, STACKHOOK_LOG_LEVEL.
`;

async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command in LOCAL_HELP && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(LOCAL_HELP[command as keyof typeof LOCAL_HELP]);
    return 0;
  }
  try {
    if (command === 'serve') return await serve(rest);
    if (command === 'validate') return await validate(rest);
    if (command === 'actions') return await listActions(rest);
    if (command === 'run') return await runCommand(rest);
    if (command === 'executions' || command === 'execution') return await executionsCommand(rest);
    if (command === 'resources' || command === 'resource') return await resourcesCommand(rest);
    if (command === 'heat-env') return await heatEnvCommand(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`stackhook ${command}: ${error.message}\n  (stackhook ${command} --help explains it)\n`);
      return 2;
    }
    if (error instanceof ApiError || error instanceof UnreachableError) {
      process.stderr.write(`${error.describe()}\n`);
      return 1;
    }
    throw error;
  }
  process.stderr.write(`stackhook: unknown command ${command}\n\n${USAGE}`);
  return 2;
}

const CONFIG_HELP = `Every flag has an environment variable of the same meaning (--data-dir / STACKHOOK_DATA_DIR, …);
flags win. See the README's configuration table for all of them.`;

/** Help for the commands that need no running service besides run (which has its own). */
const LOCAL_HELP = {
  serve: `stackhook serve [options]

Runs the service: the signal endpoint, the Mistral v2 API, the operator API, live events and the
page at /ui. Prints the URL and the resource types it loaded.

Options:
  --host H              address to listen on (default 127.0.0.1)
  --port P              port (default 8989; 0 picks a free one)
  --data-dir D          the SQLite store, D/stackhook.db (default ./data)
  --types-dir T         resource type files (default ./resource-types)
  --actions-dir A       action plugin modules (default ./actions when it exists)
  --callback-hosts H    hosts reports may be sent to, comma-separated; * for any (default loopback)
  --files-root F, --body-limit N, --report-give-up T, --report-retry-base T, --log-level L
${CONFIG_HELP}

Example:
  stackhook serve --port 9999 --types-dir ./resource-types
`,
  validate: `stackhook validate [dir] [options]

Checks resource type files like start-up does (schema, property schema, workflows, actions
called) and prints each problem as file:line:column: path: message. Exit status 1 on a problem.

Options:
  dir                   the directory of type files (default --types-dir / ./resource-types)
  --actions-dir A       action plugins the workflows may call (default ./actions when it exists)
  --files-root F        root of the file.* actions

Example:
  stackhook validate resource-types/
`,
  actions: `stackhook actions [options]

Lists the actions workflows may call, built-in and from plugins, with their inputs. Reads the
plugin directory itself: no server needed.

Options:
  --actions-dir A       action plugin modules (default ./actions when it exists)
  --json                one JSON document, as GET /v1/actions answers
  --files-root F        root of the file.* actions

Example:
  stackhook actions --actions-dir examples/actions
`,
} as const;

async function serve(argv: string[]): Promise<number> {
  const config = readConfig(argv, process.env);
  const logger = createLogger(config.logLevel);
  const service = await startService(config, logger);
  const names = service.types.names();
  process.stdout.write(`stackhook listening on ${service.url}\n`);
  process.stdout.write(`resource types (${names.length}) from ${config.typesDir}: ${names.join(', ') || 'none'}\n`);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'stopping');
    service.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  return new Promise<number>(() => undefined);
}

async function validate(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv, allowPositionals: true, options: { 'files-root': { type: 'string' }, 'actions-dir': { type: 'string' } },
  });
  const config = readConfig(passFlags(values, ['files-root', 'actions-dir']), process.env);
  const dir = positionals[0] ?? config.typesDir;
  const actions = await loadActionRegistry(config);
  const { types, issues } = loadResourceTypes(dir, { actionExists: (name) => actions.has(name) });
  for (const issue of issues) process.stderr.write(`${formatIssue(issue)}\n`);
  for (const type of types) process.stdout.write(`ok ${type.name} (${type.file})\n`);
  if (issues.length) process.stderr.write(`${issues.length} problem${issues.length > 1 ? 's' : ''} found\n`);
  return issues.length ? 1 : 0;
}

async function listActions(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv, options: { json: { type: 'boolean' }, 'files-root': { type: 'string' }, 'actions-dir': { type: 'string' } },
  });
  const config = readConfig(passFlags(values, ['files-root', 'actions-dir']), process.env);
  const views = (await loadActionRegistry(config)).list().map(actionView);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ actions: views }, null, 2)}\n`);
    return 0;
  }
  for (const view of views) {
    process.stdout.write(`${view.name}  (${view.source === 'plugin' ? `plugin ${view.file}` : 'builtin'})\n`);
    if (view.description) process.stdout.write(`  ${view.description}\n`);
    process.stdout.write(`  input: ${inputSignature(view) || '(none)'}\n\n`);
  }
  const plugins = views.filter((v) => v.source === 'plugin').length;
  process.stdout.write(`${views.length} actions (${plugins} from plugins in ${config.actionsDir ?? 'no actions directory'})\n`);
  return 0;
}

/** `output, delay=0` as Mistral lists inputs; a schema's types are added: `name: string`. */
function inputSignature(view: ActionView): string {
  const properties = (view.input?.properties ?? {}) as Record<string, { type?: unknown }>;
  return view.params.map((p) => {
    const type = properties[p.name]?.type;
    const typed = type === undefined ? p.name : `${p.name}: ${[type].flat().join('|')}`;
    return p.required ? typed : `${typed}=${JSON.stringify(p.default ?? null)}`;
  }).join(', ');
}

/** The config flags among parsed command options, to hand to readConfig. */
function passFlags(values: Record<string, unknown>, names: readonly string[]): string[] {
  return names.flatMap((name) => (typeof values[name] === 'string' ? [`--${name}`, values[name] as string] : []));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`stackhook: ${isStackhookError(error) ? error.message : (error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
