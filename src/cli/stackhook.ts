#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { isStackhookError } from '../errors.js';
import { createLogger } from '../logger.js';
import { loadResourceTypes } from '../resource-types/load-types.js';
import { formatIssue } from '../resource-types/type-file-issue.js';
import { actionView, type ActionView } from '../http/action-routes.js';
import { loadActionRegistry, startService } from '../service.js';

const USAGE = `stackhook: Heat custom resource types whose lifecycle runs as Mistral v2 workflows

Usage:
  stackhook serve [--host H] [--port P] [--data-dir D] [--types-dir T] [--callback-hosts h1,h2]
  stackhook validate [dir] [--actions-dir A]
                               check resource type files; prints file:line:column: problem
  stackhook actions [--json] [--actions-dir A]
                               list the actions workflows may call (built-in and plugins), with
                               their inputs; reads the plugin directory, no server needed
  serve, validate and actions take --actions-dir A (default ./actions when it exists): a
  directory of action plugin modules (*.js, *.mjs), loaded at start-up

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
  if (command === 'serve') return serve(rest);
  if (command === 'validate') return validate(rest);
  if (command === 'actions') return listActions(rest);
  process.stderr.write(`stackhook: unknown command ${command}\n\n${USAGE}`);
  return 2;
}

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
