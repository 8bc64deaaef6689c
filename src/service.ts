import type { Server } from 'node:http';
import path from 'node:path';
import type { ActionDefinition } from './actions/action.js';
import { fileActions } from './actions/file-actions.js';
import { loadActionPluginsOrThrow } from './actions/plugin-loader.js';
import { ActionRegistry } from './actions/registry.js';
import { STD_ACTIONS } from './actions/std-actions.js';
import type { Config } from './config.js';
import { ActionExecutor } from './engine/action-executor.js';
import { Dispatcher } from './engine/dispatcher.js';
import { Engine } from './engine/engine.js';
import { engineJobHandlers } from './engine/engine-jobs.js';
import { JobRunner } from './engine/runner.js';
import { StackhookError } from './errors.js';
import { actionRoutes } from './http/action-routes.js';
import { createApp } from './http/app.js';
import { heatRoutes } from './heat/routes.js';
import { healthRoutes } from './http/health-routes.js';
import { operatorRoutes } from './http/operator-routes.js';
import { OutboundHttp } from './http/outbound.js';
import { Lifecycle } from './lifecycle/lifecycle.js';
import { MistralCatalog } from './mistral-api/catalog.js';
import { mistralApiRoutes } from './mistral-api/routes.js';
import { TypeWorkflows } from './mistral-api/type-workflows.js';
import type { Logger } from './logger.js';
import { EventBus } from './events/bus.js';
import { Metrics } from './metrics/metrics.js';
import { timedStore } from './metrics/timed-store.js';
import { CommandEvents } from './events/command-events.js';
import { eventRoutes } from './events/routes.js';
import { format as formatEvent } from './events/sse.js';
import { ReportOutbox } from './reporters/outbox.js';
import { loadResourceTypes } from './resource-types/load-types.js';
import { ResourceTypeRegistry } from './resource-types/registry.js';
import { formatIssue } from './resource-types/type-file-issue.js';
import { signalRoutes } from './signals/routes.js';
import { uiRoutes } from './ui/routes.js';
import type { JobRecord } from './store/records.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import type { Store } from './store/store.js';

export interface Service {
  url: string;
  port: number;
  types: ResourceTypeRegistry;
  store: Store;
  /** What committed changes look like as events (live progress: SSE, the page, `stackhook run`). */
  bus: EventBus;
  lifecycle: Lifecycle;
  stop(): Promise<void>;
}

/** The actions this process offers: Mistral's standard ones, stackhook's own, and `plugins`. */
export function createActionRegistry(config: Pick<Config, 'filesRoot'>, plugins: readonly ActionDefinition[] = []): ActionRegistry {
  return new ActionRegistry([...STD_ACTIONS, ...fileActions(config.filesRoot), ...plugins]);
}

/** The built-in actions and those of the configured plugin directory; a bad plugin throws. */
export async function loadActionRegistry(config: Pick<Config, 'filesRoot' | 'actionsDir'>): Promise<ActionRegistry> {
  if (config.actionsDir === null) return createActionRegistry(config);
  const builtins = createActionRegistry(config);
  const plugins = await loadActionPluginsOrThrow(config.actionsDir, { isBuiltin: (name) => builtins.has(name) });
  return createActionRegistry(config, plugins);
}

/** Loads the types or throws one error listing every problem, `file:line:column: path: message`. */
export function loadTypesOrThrow(typesDir: string, actions: ActionRegistry): ResourceTypeRegistry {
  const { types, issues } = loadResourceTypes(typesDir, { actionExists: (name) => actions.has(name) });
  if (issues.length) {
    throw new StackhookError('TYPE_FILE_INVALID', `Invalid resource types:\n${issues.map(formatIssue).join('\n')}`, issues);
  }
  return new ResourceTypeRegistry(types);
}

/** The composition root: builds every part from the configuration and starts serving. */
export async function startService(config: Config, logger: Logger): Promise<Service> {
  const actions = await loadActionRegistry(config);
  const types = loadTypesOrThrow(config.typesDir, actions);
  const sqlite = new SqliteStore(path.join(config.dataDir, 'stackhook.db'));
  const metrics = new Metrics(sqlite);
  const store = timedStore(sqlite, (operation, seconds) => metrics.observeStore(operation, seconds));
  await store.releaseLeases(Date.now());
  const http = new OutboundHttp();
  const dispatcher = new Dispatcher(store);
  const engine = new Engine(store, dispatcher, actions, logger);
  const lifecycle = new Lifecycle(store, dispatcher, engine, types, logger, config.reportGiveUpMs);
  const executor = new ActionExecutor(store, engine, actions, http, logger);
  const runner = new JobRunner(store, {
    run_action: executor.handle,
    signal_deadline: lifecycle.onDeadline,
    execution_deadline: (job) => cancelTimedOut(store, engine, job),
    ...engineJobHandlers(engine, store),
  }, logger);
  const bus = new EventBus(undefined, formatEvent);
  bus.subscribe({}, (event) => metrics.observeEvent(event));
  const commandEvents = new CommandEvents(types);
  const outbox = new ReportOutbox(store, http, config, logger, (events) => bus.publish(events));
  dispatcher.onCommitted(({ commands, abortActions }) => {
    bus.publish(commandEvents.translate(commands));
    if (abortActions.length) executor.abort(abortActions);
    for (const command of commands) {
      if (command.kind !== 'schedule_job') continue;
      if (command.job.lockedUntil === null) runner.dueAt(command.job.runAt);
      else runner.adopt([command.job]);
    }
    outbox.adopt(commands.flatMap((c) => (c.kind === 'enqueue_report' ? [c.report] : [])));
  });
  const typeWorkflows = new TypeWorkflows(types);
  const catalog = await MistralCatalog.load(store.definitions, typeWorkflows, logger);
  engine.useCatalog(catalog);
  const app = createApp({
    rawRouters: [mistralApiRoutes({
      store, engine, dispatcher, lifecycle, types, typeWorkflows, catalog, actions, logger, http, bodyLimitBytes: config.bodyLimitBytes,
    })],
    routers: [
      signalRoutes({ lifecycle, store, types, config }),
      operatorRoutes({ store, types }),
      heatRoutes({ types }),
      actionRoutes({ actions }),
      eventRoutes({ store, bus, types }),
      uiRoutes(),
      healthRoutes({ store, typeCount: types.list().length, metrics }),
    ],
    bodyLimitBytes: config.bodyLimitBytes,
    logger,
    observe: (method, route, status, seconds) => metrics.observeRequest(method, route, status, seconds),
  });
  const server = await listen(app, config.host, config.port);
  runner.start();
  outbox.start();
  const port = (server.address() as { port: number }).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`, port, types, store, bus, lifecycle,
    stop: async () => {
      await closeServer(server);
      executor.abortAll();
      await runner.stop();
      await outbox.stop();
      await http.close();
      await store.close();
    },
  };
}

/** A type's phase timeout: the execution is cancelled and its step fails with the reason. */
async function cancelTimedOut(store: Store, engine: Engine, job: JobRecord): Promise<void> {
  const execution = await store.getExecution(job.ref);
  if (execution?.state === 'RUNNING' && execution.deadlineAt !== null) {
    const seconds = Math.round((execution.deadlineAt - execution.createdAt) / 1000);
    const reason = `The workflow ${execution.workflowName} timed out after ${seconds} s (the type's timeouts.${execution.step === 'delete_old' ? 'delete' : execution.step ?? 'phase'}) and was cancelled`;
    await engine.handle(execution.id, { kind: 'cancel', state: 'ERROR', reason });
  }
  await store.apply([{ kind: 'delete_jobs', ref: job.ref, jobKind: 'execution_deadline' }]);
}

function listen(app: ReturnType<typeof createApp>, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
    server.keepAliveTimeout = 65_000;
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
