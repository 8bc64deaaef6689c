/** `/v2/executions`: start (a type's phase through the lifecycle, others on the engine), poll, list, change, delete. */
import { Router } from 'express';
import { WorkflowInputError } from '../engine/start.js';
import { pythonRepr } from '../expressions/python-format.js';
import { newId } from '../ids.js';
import type { ApiExecutionRecord } from '../store/definition-records.js';
import type { ExecutionRecord } from '../store/records.js';
import { specOfWorkflow } from './catalog.js';
import { findWorkflow } from './definitions.js';
import type { MistralApiDeps } from './deps.js';
import { engineExecutionView, lifecycleExecutionView, type ExecutionForm } from './execution-views.js';
import { startLifecycleExecution, type ExecutionRequest } from './heat-executions.js';
import { listAnswer, pickFields } from './listing.js';
import { jsonBody } from './routes.js';
import { taskListAnswer } from './tasks.js';
import { badRequest, jsonField, MistralFault, notFound } from './wire.js';

const FILTERS = ['workflow_name', 'workflow_id', 'description', 'params', 'task_execution_id', 'root_execution_id', 'state', 'state_info', 'input', 'output', 'created_at', 'updated_at'];
const STATES = ['RUNNING', 'PAUSED', 'SUCCESS', 'ERROR', 'CANCELLED'];
const LIST_LIMIT = 5000;

export function executionRoutes(deps: MistralApiDeps): Router {
  const router = Router();

  router.post('/v2/executions', async (req, res) => {
    const body = jsonBody(req);
    const givenId = typeof body.id === 'string' && body.id ? body.id : undefined;
    if (givenId) {
      const existing = await executionView(deps, givenId, 'created');
      if (existing) return void res.status(201).json(existing);
    }
    const identifier = str(body.workflow_id) || str(body.workflow_name);
    if (!identifier) throw badRequest('Workflow ID or workflow name must be provided. Workflow ID is recommended.');
    const request: ExecutionRequest = {
      ...(givenId ? { id: givenId } : {}),
      description: str(body.description),
      namespace: str(body.workflow_namespace),
      input: jsonField(body.input, 'input'),
      params: jsonField(body.params, 'params'),
      tags: Array.isArray(body.tags) ? [] : [],
    };
    const own = deps.typeWorkflows.find(identifier);
    const id = own
      ? (await startLifecycleExecution(deps, own, request)).id
      : await startWorkflowExecution(deps, identifier, request);
    res.status(201).json(await executionView(deps, id, 'created'));
  });

  router.get('/v2/executions', async (req, res) => {
    const includeOutput = String(req.query.include_output) === 'true';
    const refs = await deps.store.definitions.listExecutionRefs(LIST_LIMIT);
    const views = await Promise.all(refs.map((r) => executionView(deps, r.id, includeOutput ? 'list_with_output' : 'list')));
    const items = views.filter((v): v is Record<string, unknown> => v !== undefined);
    res.json(listAnswer(req, items, { collection: 'executions', filters: FILTERS }));
  });

  router.get('/v2/executions/:id', async (req, res) => {
    res.json(pickFields(req, await requireExecution(deps, req.params.id, 'get')));
  });

  router.get('/v2/executions/:id/tasks', async (req, res) => {
    await requireExecution(deps, req.params.id, 'list');
    res.json(await taskListAnswer(deps, req, await engineExecutionIds(deps, req.params.id)));
  });

  router.put('/v2/executions/:id', async (req, res) => {
    const body = jsonBody(req);
    await updateExecution(deps, req.params.id, body);
    res.json(await requireExecution(deps, req.params.id, 'created'));
  });

  router.delete('/v2/executions/:id', async (req, res) => {
    const view = await requireExecution(deps, req.params.id, 'list');
    const force = String(req.query.force) === 'true';
    if (!force && ['RUNNING', 'PAUSED', 'IDLE'].includes(String(view.state))) {
      throw new MistralFault(403, `Only completed executions can be deleted. Use --force to override this behavior. Execution ${req.params.id} is in ${String(view.state)} state.`);
    }
    await deps.store.definitions.deleteExecution(req.params.id);
    res.status(204).end();
  });

  return router;
}

/** Starts an uploaded workflow on the engine; the API row commits with the execution. */
async function startWorkflowExecution(deps: MistralApiDeps, identifier: string, request: ExecutionRequest): Promise<string> {
  const record = await findWorkflow(deps, identifier, request.namespace);
  const spec = deps.catalog.findWorkflow(record.name, {}) ?? specOfWorkflow(record);
  const env = await envOf(deps, request.params.env);
  const id = request.id ?? newId();
  let work;
  try {
    work = deps.engine.planStart({ id, spec, input: request.input, env });
  } catch (error) {
    if (!(error instanceof WorkflowInputError)) throw error;
    const parts = [`name=${error.workflow}`, `class=${spec.type === 'reverse' ? 'Reverse' : 'Direct'}WorkflowSpec`];
    if (error.missing.length) parts.push(`missing=${pythonRepr(error.missing)}`);
    if (error.unexpected.length) parts.push(`unexpected=${pythonRepr(error.unexpected)}`);
    throw badRequest(`Invalid input [${parts.join(', ')}]`);
  }
  const api: ApiExecutionRecord = {
    id, signalId: null, workflowId: record.id, workflowName: record.name, namespace: request.namespace,
    description: request.description, params: { ...request.params, namespace: request.namespace, env }, input: {}, tags: request.tags,
    createdAt: work.execution.createdAt,
  };
  await deps.dispatcher.apply([...work.finish(undefined), { kind: 'insert_api_execution', execution: api }], work.abortActions);
  return id;
}

/** `params.env`: a dict, or the name of a stored environment whose variables it stands for. */
async function envOf(deps: MistralApiDeps, env: unknown): Promise<Record<string, unknown>> {
  if (env === undefined || env === null) return {};
  if (typeof env === 'string') {
    const stored = await deps.store.definitions.getEnvironment(env);
    if (!stored) throw badRequest(`Environment is not found: ${env}`);
    return stored.variables;
  }
  if (typeof env === 'object' && !Array.isArray(env)) return env as Record<string, unknown>;
  throw badRequest(`Unexpected type of environment [environment=${String(env)}]`);
}

/** The Mistral view of an execution: a lifecycle signal's, or an engine execution's. */
export async function executionView(deps: MistralApiDeps, id: string, form: ExecutionForm): Promise<Record<string, unknown> | undefined> {
  const api = await deps.store.definitions.getApiExecution(id);
  if (api?.signalId) {
    const signal = await deps.store.getSignal(api.signalId);
    return signal ? lifecycleExecutionView(api, signal, form) : undefined;
  }
  const execution = await deps.store.getExecution(id);
  if (!execution) return undefined;
  return engineExecutionView(execution, api, api?.workflowId ?? (await workflowIdOf(deps, execution)), form);
}

async function workflowIdOf(deps: MistralApiDeps, execution: ExecutionRecord): Promise<string> {
  try {
    return (await findWorkflow(deps, execution.workflowName, '')).id;
  } catch {
    return '';
  }
}

export async function requireExecution(deps: MistralApiDeps, id: string, form: ExecutionForm): Promise<Record<string, unknown>> {
  const view = await executionView(deps, id, form);
  if (!view) throw notFound(`WorkflowExecution not found [id=${id}]`);
  return view;
}

/** The engine executions behind an API execution (a lifecycle signal may run several). */
export async function engineExecutionIds(deps: MistralApiDeps, id: string): Promise<string[]> {
  const api = await deps.store.definitions.getApiExecution(id);
  if (!api?.signalId) return [id];
  const executions = await deps.store.listExecutions({ signalId: api.signalId, limit: 100 });
  return executions.map((e) => e.id);
}

/** PUT: a state change (pause, resume, stop) or a new description, as Mistral allows them. */
async function updateExecution(deps: MistralApiDeps, id: string, body: Record<string, unknown>): Promise<void> {
  const view = await requireExecution(deps, id, 'list');
  const state = body.state;
  if (state === undefined && body.description === undefined && !(body.params && typeof body.params === 'object')) {
    throw badRequest('The property state, description, or env is not provided for update.');
  }
  if (state !== undefined && body.description !== undefined) throw badRequest('The property description must be updated separately from state.');
  if (state === undefined) {
    if (typeof body.description === 'string') await deps.store.definitions.setExecutionDescription(id, body.description);
    return;
  }
  if (typeof state !== 'string' || !STATES.includes(state)) {
    throw badRequest(`Cannot change state to ${String(state)}. Allowed states are: '${STATES.join(', ')}`);
  }
  const current = String(view.state);
  if (['SUCCESS', 'ERROR', 'CANCELLED'].includes(current)) {
    throw badRequest(`Can't change workflow execution state from ${current} to ${state}. [workflow=${String(view.workflow_name)}, execution_id=${id}]`);
  }
  if (state === 'ERROR' || state === 'CANCELLED') {
    const reason = typeof body.state_info === 'string' ? body.state_info : state === 'CANCELLED' ? 'Cancelled by the Mistral API' : 'Failed by the Mistral API';
    for (const executionId of await engineExecutionIds(deps, id)) {
      const execution = await deps.store.getExecution(executionId);
      if (execution?.state === 'RUNNING' || execution?.state === 'PAUSED') await deps.engine.handle(executionId, { kind: 'cancel', state, reason });
    }
    return;
  }
  if (state === 'PAUSED' || state === 'RUNNING') {
    for (const executionId of await engineExecutionIds(deps, id)) {
      const execution = await deps.store.getExecution(executionId);
      if (execution?.state === (state === 'PAUSED' ? 'RUNNING' : 'PAUSED')) await deps.engine.handle(executionId, { kind: state === 'PAUSED' ? 'pause' : 'resume' });
    }
    return;
  }
  throw new MistralFault(400, `Changing an execution to ${state} is not supported by stackhook`);
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

