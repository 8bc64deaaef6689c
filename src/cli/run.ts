import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { pino } from 'pino';
import { readConfig } from '../config.js';
import type { StackhookEvent } from '../events/event.js';
import { signalView } from '../http/views.js';
import { newId } from '../ids.js';
import { createLogger } from '../logger.js';
import { checkProperties } from '../lifecycle/properties.js';
import { DEFAULT_SERVICE_TIMEOUT_S } from '../lifecycle/signal-input.js';
import type { RequestType } from '../store/records.js';
import { startService, type Service } from '../service.js';
import { UsageError } from './client.js';
import { parseCommand, printJson } from './command.js';
import { formatDuration, paint, RunProgress, stateText, terminalOutput, type Output } from './progress.js';

export const RUN_HELP = `stackhook run <type> <phase> (--properties JSON | --properties-file F) [options]

Runs one lifecycle phase of a resource type in this process, on an embedded store, exactly as a
stack's signal would run it (validation, update decision, inventory, timeouts), and shows its
progress live: each task as it starts and finishes, with elapsed times. Then it prints the
outcome (status, reason, physical id) and the attributes. No server is needed.
The exit status is 0 on SUCCESS, 1 on FAILED, 2 on a usage mistake.

Arguments:
  <type>                    the resource type, as template authors write it (Custom::ConfigFile)
  <phase>                   create, update, delete, suspend or resume

Options:
  --properties JSON         the resource's properties, one JSON object (default {})
  --properties-file F       the same read from a JSON or YAML file; - reads standard input
  --old-properties JSON     update: the properties before the change, when the store has no
                            record of the resource (a temporary store never has)
  --old-properties-file F   the same read from a file
  --physical-id X           update, delete, suspend, resume: the resource's physical id (required)
  --stack S                 the stack id (default stackhook-run)
  --logical-id L            the resource's logical id (default: the type's last name, Custom::A::B -> B)
  --timeout SECONDS         the ServiceTimeout: a workflow still running then is cancelled (default 3600)
  --data-dir D              keep the store in D/stackhook.db, so later phases see earlier ones
                            (default: a temporary store, removed afterwards). Never point it at the
                            data directory of a running service.
  --types-dir T             resource type files (default STACKHOOK_TYPES_DIR, else ./resource-types)
  --actions-dir A           action plugin modules (default STACKHOOK_ACTIONS_DIR, else ./actions if it exists)
  --files-root F            root of the file.* actions (default STACKHOOK_FILES_ROOT, else <data-dir>/files)
  --log-level L             service log lines on standard error (default warn)
  --json                    print one JSON document when done instead of progress:
                            {status, reason, physical_id, attributes, decision, signal_id, ...}
  -h, --help                this help

On a store with no record of --physical-id, delete, suspend and resume first adopt the resource
with the given properties, so their workflow really runs (a stack's Delete of an unknown id would
be acknowledged without running anything).

Examples:
  stackhook run Custom::ConfigFile create --properties '{"directory": "etc", "name": "motd", "content": "hi\\n"}'
  stackhook run Custom::ConfigFile update --physical-id etc/motd \\
      --properties-file new.yaml --old-properties-file old.yaml
  stackhook run Custom::ConfigFile delete --physical-id etc/motd --properties-file new.yaml --data-dir ./scratch
`;

const PHASES: Record<string, RequestType> = {
  create: 'Create', update: 'Update', delete: 'Delete', suspend: 'Suspend', resume: 'Resume',
};

const OPTIONS = {
  properties: { type: 'string' },
  'properties-file': { type: 'string' },
  'old-properties': { type: 'string' },
  'old-properties-file': { type: 'string' },
  'physical-id': { type: 'string' },
  stack: { type: 'string' },
  'logical-id': { type: 'string' },
  timeout: { type: 'string' },
  'data-dir': { type: 'string' },
  'types-dir': { type: 'string' },
  'actions-dir': { type: 'string' },
  'files-root': { type: 'string' },
  'log-level': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, OPTIONS);
  if (values.help) {
    process.stdout.write(RUN_HELP);
    return 0;
  }
  const [typeName, phaseName, ...extra] = positionals;
  if (!typeName || !phaseName || extra.length) throw new UsageError('expected a resource type and a phase: stackhook run Custom::X create --properties \'{…}\'');
  const requestType = PHASES[phaseName.toLowerCase()];
  if (!requestType) throw new UsageError(`the phase must be one of ${Object.keys(PHASES).join(', ')}, not ${JSON.stringify(phaseName)}`);
  const properties = readObject('properties', values.properties, values['properties-file']) ?? {};
  const oldProperties = readObject('old-properties', values['old-properties'], values['old-properties-file']);
  const physicalId = values['physical-id'];
  if (requestType !== 'Create' && !physicalId) throw new UsageError(`${phaseName} needs --physical-id: the id the resource's create reported`);
  const timeout = values.timeout === undefined ? DEFAULT_SERVICE_TIMEOUT_S : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout < 1) throw new UsageError(`--timeout must be a number of seconds, at least 1, not ${JSON.stringify(values.timeout)}`);

  const temporary = values['data-dir'] === undefined;
  const dataDir = values['data-dir'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'stackhook-run-'));
  const flags = ['--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir];
  for (const name of ['types-dir', 'actions-dir', 'files-root', 'log-level'] as const) {
    if (values[name] !== undefined) flags.push(`--${name}`, values[name]);
  }
  const config = readConfig(flags, { ...process.env, STACKHOOK_LOG_LEVEL: process.env.STACKHOOK_LOG_LEVEL || 'warn' });
  const logger = createLogger(config.logLevel, pino.destination({ dest: 2, sync: true }));

  const out = terminalOutput();
  const progress = values.json ? undefined : new RunProgress(out);
  const started = Date.now();
  let service: Service | undefined;
  const interrupted = () => {
    progress?.stop();
    process.stderr.write('\nstackhook run: interrupted\n');
    void (service?.stop() ?? Promise.resolve()).finally(() => {
      if (temporary) fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.once('SIGINT', interrupted);
  try {
    service = await startService(config, logger);
    const logicalId = values['logical-id'] ?? typeName.split('::').pop() ?? 'Resource';
    const stackId = values.stack ?? 'stackhook-run';
    if (!values.json) {
      out.write(`${paint(out, 'bold', `${typeName} ${phaseName.toLowerCase()}`)}  stack ${stackId}, logical id ${logicalId}${physicalId ? `, physical id ${physicalId}` : ''}\n`);
      out.write(paint(out, 'grey', `  store ${temporary ? '(temporary) ' : ''}${path.join(dataDir, 'stackhook.db')}, types from ${config.typesDir}\n`));
    }
    if (physicalId && ['Delete', 'Suspend', 'Resume'].includes(requestType)) {
      await adoptUnknown(service, typeName, physicalId, stackId, logicalId, properties);
    }

    const events: StackhookEvent[] = [];
    let signalId: string | undefined;
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const onEvent = (event: StackhookEvent) => {
      if (signalId === undefined) {
        events.push(event);
        return;
      }
      if (event.signal_id !== signalId) return;
      events.push(event);
      progress?.onEvent(event);
      if (event.type === 'lifecycle.outcome') finish();
    };
    const unsubscribe = service.bus.subscribe({}, onEvent);
    progress?.start();
    const accepted = await service.lifecycle.acceptExecution({
      requestType, requestId: `run-${crypto.randomUUID()}`, stackId, resourceType: typeName, logicalId,
      ...(physicalId ? { physicalId } : {}),
      properties, ...(oldProperties ? { oldProperties } : {}),
      serviceTimeoutSeconds: timeout,
    }, () => []);
    signalId = accepted.signal.id;
    const early = events.splice(0).filter((e) => e.signal_id === signalId);
    for (const event of early) onEvent(event);
    if (accepted.signal.outcome) finish();
    await finished;
    unsubscribe();
    progress?.stop();

    const signal = (await service.store.getSignal(signalId))!;
    const [reports, executions] = await Promise.all([
      service.store.listReports(signal.id),
      service.store.listExecutions({ signalId: signal.id, limit: 100 }),
    ]);
    const view = signalView(service.types, signal, reports, executions.map((e) => e.id).reverse());
    const outcome = view.outcome!;
    const elapsed = Date.now() - started;
    if (values.json) {
      printJson({
        status: outcome.status, reason: outcome.reason ?? null, physical_id: outcome.physicalId, attributes: outcome.data,
        decision: view.decision, type: typeName, phase: phaseName.toLowerCase(), stack_id: stackId, logical_id: logicalId,
        signal_id: signal.id, execution_ids: view.executions, duration_ms: elapsed,
        tasks: events.filter((e) => e.type === 'task.finished').map((e) => ({
          name: e.data.name, state: e.data.state, duration_ms: e.data.duration_ms, state_info: e.data.state_info ?? null, execution_id: e.execution_id,
        })),
        events,
        store: temporary ? null : path.join(dataDir, 'stackhook.db'),
      });
    } else {
      printOutcome(out, outcome, elapsed);
    }
    const code = outcome.status === 'SUCCESS' ? 0 : 1;
    process.exitCode = code;
    return code;
  } finally {
    process.off('SIGINT', interrupted);
    progress?.stop();
    if (service) await stopWithin(service, 5_000);
    if (temporary) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Stops the embedded service, holding the process open meanwhile: parts of it wait on unref'd
 * handles (the store's checkpoint worker), which alone would let the process end mid-stop.
 */
async function stopWithin(service: Service, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    service.stop(),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}

function printOutcome(out: Output, outcome: { status: string; reason?: string; physicalId: string; data: Record<string, unknown> }, elapsed: number): void {
  out.write(`\n${stateText(out, outcome.status)}  physical id ${outcome.physicalId}  ${paint(out, 'grey', `(${formatDuration(elapsed)})`)}\n`);
  if (outcome.reason) out.write(`reason: ${outcome.reason}\n`);
  const names = Object.keys(outcome.data);
  if (names.length === 0) {
    out.write('attributes: none\n');
    return;
  }
  out.write('attributes:\n');
  const width = Math.max(...names.map((n) => n.length));
  for (const name of names.sort()) {
    const value = outcome.data[name];
    out.write(`  ${name.padEnd(width)}  ${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
  }
}

/** A JSON object from a flag, or from a JSON or YAML file (`-` is standard input). */
function readObject(flag: string, inline: string | undefined, file: string | undefined): Record<string, unknown> | undefined {
  if (inline !== undefined && file !== undefined) throw new UsageError(`give --${flag} or --${flag}-file, not both`);
  let parsed: unknown;
  if (inline !== undefined) {
    try {
      parsed = JSON.parse(inline);
    } catch (error) {
      throw new UsageError(`--${flag} is not valid JSON: ${(error as Error).message}`);
    }
  } else if (file !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch (error) {
      throw new UsageError(`--${flag}-file ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    try {
      parsed = yaml.load(text, { schema: yaml.JSON_SCHEMA });
    } catch (error) {
      throw new UsageError(`--${flag}-file ${file} is not valid JSON or YAML: ${(error as Error).message.split('\n')[0]}`);
    }
  } else {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`--${flag}${file !== undefined ? '-file' : ''} must hold a JSON object of properties, like '{"name": "x"}'`);
  }
  return parsed as Record<string, unknown>;
}

/** Puts a resource the store has never seen into the inventory, as the lifecycle adopts one on Update. */
async function adoptUnknown(
  service: Service, typeName: string, physicalId: string, stackId: string, logicalId: string, properties: Record<string, unknown>,
): Promise<void> {
  const type = service.types.find(typeName);
  if (!type || await service.store.findResourceByPhysicalId(type.name, physicalId)) return;
  const checked = checkProperties(type, properties);
  const now = Date.now();
  await service.store.apply([{ kind: 'insert_resource', resource: {
    id: newId(), type: type.name, stackId, logicalId, physicalId,
    properties: checked.ok ? checked.properties : properties, attributes: {},
    status: 'CREATE_COMPLETE', statusReason: 'adopted by stackhook run', replacedBy: null, createdAt: now, updatedAt: now,
  } }]);
}
