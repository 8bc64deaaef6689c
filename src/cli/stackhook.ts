#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { isStackhookError } from '../errors.js';
import { createLogger } from '../logger.js';
import { loadResourceTypes } from '../resource-types/load-types.js';
import { formatIssue } from '../resource-types/type-file-issue.js';
import { createActionRegistry, startService } from '../service.js';

const USAGE = `stackhook: Heat custom resource types whose lifecycle runs as Mistral v2 workflows

Usage:
  stackhook serve [--host H] [--port P] [--data-dir D] [--types-dir T] [--callback-hosts h1,h2]
  stackhook validate [dir]     check resource type files; prints file:line:column: problem

Every flag has an environment variable of the same meaning: STACKHOOK_HOST, STACKHOOK_PORT,
STACKHOOK_DATA_DIR, STACKHOOK_TYPES_DIR, STACKHOOK_CALLBACK_HOSTS, STACKHOOK_FILES_ROOT,
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

function validate(argv: string[]): number {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { 'files-root': { type: 'string' } } });
  const config = readConfig(values['files-root'] ? ['--files-root', values['files-root']] : [], process.env);
  const dir = positionals[0] ?? config.typesDir;
  const actions = createActionRegistry(config);
  const { types, issues } = loadResourceTypes(dir, { actionExists: (name) => actions.has(name) });
  for (const issue of issues) process.stderr.write(`${formatIssue(issue)}\n`);
  for (const type of types) process.stdout.write(`ok ${type.name} (${type.file})\n`);
  if (issues.length) process.stderr.write(`${issues.length} problem${issues.length > 1 ? 's' : ''} found\n`);
  return issues.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`stackhook: ${isStackhookError(error) ? error.message : (error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
