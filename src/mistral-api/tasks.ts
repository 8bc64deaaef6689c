/** `/v2/tasks` and the action executions of a task. */
import { Router, type Request } from 'express';
import type { ExecutionRecord, TaskRecord } from '../store/records.js';
import { actionExecutionView } from './action-executions.js';
import type { MistralApiDeps } from './deps.js';
import { listAnswer, pickFields } from './listing.js';
import { DEFAULT_PROJECT, mistralTime, notFound, pyJson } from './wire.js';

const FILTERS = ['name', 'workflow_name', 'workflow_id', 'workflow_execution_id', 'tags', 'state', 'state_info', 'result', 'published', 'processed', 'created_at', 'updated_at'];
const LIST_LIMIT = 5000;
const DONE = new Set(['SUCCESS', 'ERROR', 'CANCELLED', 'SKIPPED']);

export function taskView(task: TaskRecord, execution: ExecutionRecord | undefined, workflowId: string, form: 'get' | 'list'): Record<string, unknown> {
  const runtime = task.runtime ?? {};
  const isWorkflow = (runtime as { type?: string }).type === 'WORKFLOW' || (runtime as { sub_workflow?: unknown }).sub_workflow !== undefined;
  const view: Record<string, unknown> = {
    id: task.id, name: task.name, type: isWorkflow ? 'WORKFLOW' : 'ACTION',
    workflow_name: execution?.workflowName ?? null, workflow_namespace: '', workflow_id: workflowId,
    workflow_execution_id: task.executionId, tags: [], state: task.state, state_info: task.stateInfo,
    project_id: DEFAULT_PROJECT, runtime_context: pyJson(runtime), result: pyJson(task.result ?? null),
    published: pyJson(task.published ?? {}), processed: DONE.has(task.state),
    created_at: mistralTime(task.createdAt), updated_at: mistralTime(task.finishedAt ?? task.startedAt ?? task.createdAt),
    started_at: mistralTime(task.startedAt), finished_at: mistralTime(task.finishedAt),
  };
  if (form === 'list') delete view.result;
  return view;
}

/** Builds views for tasks, reading each task's execution once. */
async function taskViews(deps: MistralApiDeps, tasks: readonly TaskRecord[], form: 'get' | 'list'): Promise<Record<string, unknown>[]> {
  const executions = new Map<string, ExecutionRecord | undefined>();
  const workflowIds = new Map<string, string>();
  for (const task of tasks) {
    if (!executions.has(task.executionId)) executions.set(task.executionId, await deps.store.getExecution(task.executionId));
  }
  for (const execution of executions.values()) {
    if (!execution || workflowIds.has(execution.workflowName)) continue;
    const own = deps.typeWorkflows.find(execution.workflowName);
    const stored = own ? own.record : await deps.store.definitions.getWorkflow(execution.workflowName, '');
    workflowIds.set(execution.workflowName, stored?.id ?? '');
  }
  return tasks.map((task) => {
    const execution = executions.get(task.executionId);
    return taskView(task, execution, execution ? workflowIds.get(execution.workflowName) ?? '' : '', form);
  });
}

export async function taskListAnswer(deps: MistralApiDeps, req: Request, executionIds?: string[]): Promise<Record<string, unknown>> {
  const tasks = await deps.store.listTasks({ ...(executionIds ? { executionIds } : {}), limit: LIST_LIMIT });
  return listAnswer(req, await taskViews(deps, tasks, 'list'), { collection: 'tasks', filters: FILTERS });
}

export function taskRoutes(deps: MistralApiDeps): Router {
  const router = Router();

  router.get('/v2/tasks', async (req, res) => {
    res.json(await taskListAnswer(deps, req));
  });

  router.get('/v2/tasks/:id', async (req, res) => {
    const task = await deps.store.getTask(req.params.id);
    if (!task) throw notFound(`Task execution not found [id=${req.params.id}]`);
    const [view] = await taskViews(deps, [task], 'get');
    res.json(pickFields(req, view!));
  });

  router.get('/v2/tasks/:id/action_executions', async (req, res) => {
    const task = await deps.store.getTask(req.params.id);
    if (!task) throw notFound(`Task execution not found [id=${req.params.id}]`);
    const execution = await deps.store.getExecution(task.executionId);
    const actions = await deps.store.listAllActions({ taskId: task.id, limit: LIST_LIMIT });
    const items = actions.map((a) => actionExecutionView(a, task, execution, 'list'));
    res.json(listAnswer(req, items, { collection: 'action_executions', filters: ['name', 'state'] }));
  });

  return router;
}
