/** `/v2/action_executions`: the engine's action runs, and actions run on their own. */
import { Router } from 'express';
import { ActionFailure, type ActionDefinition } from '../actions/action.js';
import { pythonRepr } from '../expressions/python-format.js';
import { newId } from '../ids.js';
import type { ActionRunRecord } from '../store/definition-records.js';
import type { ActionRecord, ExecutionRecord, TaskRecord } from '../store/records.js';
import type { MistralApiDeps } from './deps.js';
import { listAnswer, pickFields } from './listing.js';
import { jsonBody } from './routes.js';
import { badRequest, DEFAULT_PROJECT, jsonField, mistralTime, notFound, pyJson } from './wire.js';

const FILTERS = ['name', 'workflow_name', 'task_name', 'task_execution_id', 'state', 'state_info', 'accepted', 'description', 'created_at', 'updated_at'];
const LIST_LIMIT = 5000;
type Form = 'get' | 'list' | 'list_with_output';

export function actionExecutionView(a: ActionRecord, task: TaskRecord | undefined, execution: ExecutionRecord | undefined, form: Form): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: a.id, workflow_name: execution?.workflowName ?? null, workflow_namespace: '', task_name: task?.name ?? null,
    task_execution_id: a.taskId, state: a.state === 'SCHEDULED' ? 'RUNNING' : a.state, state_info: null, tags: null,
    name: a.name, description: '', project_id: DEFAULT_PROJECT, accepted: (a as { accepted?: boolean }).accepted ?? true,
    input: pyJson(a.input), output: pyJson(a.output ?? {}), created_at: mistralTime(a.createdAt), updated_at: mistralTime(a.updatedAt),
  };
  if (form === 'list') delete view.output;
  return view;
}

export function actionRunView(r: ActionRunRecord, form: Form | 'created'): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: r.id, workflow_name: null, workflow_namespace: r.namespace, task_execution_id: null, state: r.state,
    state_info: r.stateInfo, tags: null, name: r.name, description: r.description, project_id: DEFAULT_PROJECT,
    accepted: r.state !== 'RUNNING', input: pyJson(r.input), output: r.output === null ? null : pyJson(r.output),
    created_at: mistralTime(r.createdAt), updated_at: mistralTime(r.updatedAt),
  };
  if (form === 'list') delete view.output;
  return view;
}

export function actionExecutionRoutes(deps: MistralApiDeps): Router {
  const router = Router();

  router.get('/v2/action_executions', async (req, res) => {
    const form: Form = String(req.query.include_output) === 'true' ? 'list_with_output' : 'list';
    const actions = await deps.store.listAllActions({ limit: LIST_LIMIT });
    const items: Record<string, unknown>[] = [];
    for (const a of actions) {
      const [task, execution] = await Promise.all([deps.store.getTask(a.taskId), deps.store.getExecution(a.executionId)]);
      items.push(actionExecutionView(a, task, execution, form));
    }
    for (const r of await deps.store.definitions.listActionRuns(LIST_LIMIT)) items.push(actionRunView(r, form));
    res.json(listAnswer(req, items, { collection: 'action_executions', filters: FILTERS }));
  });

  router.get('/v2/action_executions/:id', async (req, res) => {
    const action = await deps.store.getAction(req.params.id);
    if (action) {
      const [task, execution] = await Promise.all([deps.store.getTask(action.taskId), deps.store.getExecution(action.executionId)]);
      return void res.json(pickFields(req, actionExecutionView(action, task, execution, 'get')));
    }
    const run = await deps.store.definitions.getActionRun(req.params.id);
    if (!run) throw notFound(`ActionExecution not found [id=${req.params.id}]`);
    res.json(pickFields(req, actionRunView(run, 'get')));
  });

  /** Delivers the result of an asynchronous action (std.async_noop and the like), as Mistral's PUT does. */
  router.put('/v2/action_executions/:id', async (req, res) => {
    const action = await deps.store.getAction(req.params.id);
    if (!action) throw notFound(`ActionExecution not found [id=${req.params.id}]`);
    const body = jsonBody(req);
    const state = body.state;
    if (state !== 'SUCCESS' && state !== 'ERROR' && state !== 'CANCELLED') throw badRequest(`Invalid state [state=${String(state)}]; expected SUCCESS, ERROR or CANCELLED`);
    if (action.state !== 'RUNNING') throw badRequest(`Action execution ${action.id} is ${action.state}, not RUNNING`);
    const output = typeof body.output === 'string' ? parseLoose(body.output) : body.output ?? null;
    const result = state === 'SUCCESS'
      ? { ok: true as const, data: output }
      : { ok: false as const, error: output ?? body.state_info ?? null, cancelled: state === 'CANCELLED' };
    await deps.engine.handle(action.executionId, { kind: 'action_result', actionId: action.id, result });
    const [updated, task, execution] = await Promise.all([deps.store.getAction(action.id), deps.store.getTask(action.taskId), deps.store.getExecution(action.executionId)]);
    res.json(actionExecutionView(updated!, task, execution, 'get'));
  });

  router.post('/v2/action_executions', async (req, res) => {
    const body = jsonBody(req);
    const name = typeof body.name === 'string' ? body.name : '';
    const definition = deps.actions.get(name);
    if (!definition) {
      if (deps.catalog.findAdHocAction(name, {})) throw badRequest(`Running the ad-hoc action ${name} on its own is not supported by stackhook; call it from a workflow`);
      throw badRequest(`Failed to find action [action_name=${name}]`);
    }
    const given = jsonField(body.input, 'input', 'action_ex');
    const params = jsonField(body.params, 'params', 'action_ex');
    const input = prepared(definition, given);
    const saveResult = params.save_result === true;
    const runSync = params.run_sync === true || !saveResult;
    if (!saveResult) {
      const result = await run(deps, definition, input, newId());
      return void res.status(201).json({
        id: null, workflow_name: null, workflow_namespace: '', task_execution_id: null, state: result.state,
        state_info: null, tags: null, name, description: null, project_id: null, accepted: null,
        input: pyJson(given), output: pyJson(result.output), created_at: null, updated_at: null,
      });
    }
    const record: ActionRunRecord = {
      id: newId(), name, namespace: typeof body.workflow_namespace === 'string' ? body.workflow_namespace : '',
      description: typeof body.description === 'string' ? body.description : '', input: given, state: 'RUNNING',
      stateInfo: null, output: null, createdAt: Date.now(), updatedAt: null,
    };
    await deps.store.definitions.saveActionRun(record);
    const finish = async () => {
      const result = await run(deps, definition, input, record.id);
      const patch = { state: result.state, output: result.output, updatedAt: Date.now() };
      await deps.store.definitions.updateActionRun(record.id, patch);
      return { ...record, ...patch };
    };
    if (runSync) return void res.status(201).json(actionRunView(await finish(), 'created'));
    res.status(201).json(actionRunView(record, 'created'));
    finish().catch((error: unknown) => deps.logger.error({ err: error, actionRunId: record.id }, 'action run failed'));
  });

  return router;
}

/** A JSON text when it is one, otherwise the text itself (the CLI sends plain strings too). */
function parseLoose(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Input with defaults, or Mistral's 400 naming missing and unexpected parameters. */
function prepared(definition: ActionDefinition, input: Record<string, unknown>): Record<string, unknown> {
  const known = new Set(definition.params.map((p) => p.name));
  const missing = definition.params.filter((p) => p.required && !(p.name in input)).map((p) => p.name);
  const unexpected = definition.acceptsExtra ? [] : Object.keys(input).filter((k) => !known.has(k));
  if (missing.length || unexpected.length) {
    const parts = [`name=${definition.name}`];
    if (missing.length) parts.push(`missing=${pythonRepr(missing)}`);
    if (unexpected.length) parts.push(`unexpected=${pythonRepr(unexpected)}`);
    throw badRequest(`Invalid input [${parts.join(', ')}]`);
  }
  const result = { ...input };
  for (const p of definition.params) if (!p.required && !(p.name in result)) result[p.name] = p.default ?? null;
  return result;
}

async function run(deps: MistralApiDeps, definition: ActionDefinition, input: Record<string, unknown>, id: string): Promise<{ state: 'SUCCESS' | 'ERROR'; output: unknown }> {
  try {
    const data = await definition.run(input, {
      logger: deps.logger, idempotencyKey: id, signal: new AbortController().signal,
      execution: { id, taskId: id, actionId: id }, http: deps.http,
    });
    return { state: 'SUCCESS', output: { result: data ?? null } };
  } catch (error) {
    return { state: 'ERROR', output: { result: error instanceof ActionFailure ? error.data : (error as Error).message ?? String(error) } };
  }
}
