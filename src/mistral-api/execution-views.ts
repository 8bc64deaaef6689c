/** Mistral's execution shape, for an engine execution or for a lifecycle signal it stands for. */
import type { ApiExecutionRecord } from '../store/definition-records.js';
import type { ExecutionRecord, SignalRecord } from '../store/records.js';
import { DEFAULT_PROJECT, mistralTime, pyJson } from './wire.js';

/** `get` adds published_global; `list` drops output unless asked for. */
export type ExecutionForm = 'get' | 'created' | 'list' | 'list_with_output';

export function engineExecutionView(e: ExecutionRecord, api: ApiExecutionRecord | undefined, workflowId: string, form: ExecutionForm): Record<string, unknown> {
  const parentTaskId = (e as { parentTaskId?: string | null }).parentTaskId ?? null;
  const rootId = (e as { rootExecutionId?: string | null }).rootExecutionId ?? null;
  const params = api?.params ?? { namespace: '', env: e.env, ...((e as { params?: object }).params ?? {}) };
  const output = e.state === 'RUNNING' || e.state === 'PAUSED' || e.state === 'IDLE'
    ? {}
    : e.output ?? (e.state === 'SUCCESS' ? {} : { result: e.stateInfo });
  return shape({
    id: e.id, workflow_id: workflowId, workflow_name: e.workflowName, workflow_namespace: api?.namespace ?? '',
    description: api?.description ?? (parentTaskId ? 'sub-workflow execution' : ''), tags: api?.tags ?? [],
    params: pyJson(params), task_execution_id: parentTaskId, root_execution_id: rootId,
    state: e.state, state_info: e.stateInfo, input: pyJson(e.input), output: pyJson(output),
    created_at: mistralTime(e.createdAt), updated_at: mistralTime(e.updatedAt),
  }, form);
}

const SIGNAL_STATES = { RUNNING: 'RUNNING', SUCCEEDED: 'SUCCESS', FAILED: 'ERROR' } as const;

/**
 * A resource type's phase run through the lifecycle core. SUCCESS carries `resource_id` (Heat's
 * physical id) and the attributes; ERROR a string `state_info` and `{"result": reason}`.
 */
export function lifecycleExecutionView(api: ApiExecutionRecord, signal: SignalRecord, form: ExecutionForm): Record<string, unknown> {
  const state = SIGNAL_STATES[signal.state];
  const outcome = signal.outcome;
  const reason = outcome?.status === 'FAILED' ? outcome.reason ?? `${signal.requestType} failed` : null;
  const output = state === 'SUCCESS' && outcome
    ? { resource_id: outcome.physicalId, ...outcome.data }
    : state === 'ERROR' ? { result: reason } : {};
  return shape({
    id: api.id, workflow_id: api.workflowId, workflow_name: api.workflowName, workflow_namespace: api.namespace,
    description: api.description, tags: api.tags, params: pyJson(api.params), task_execution_id: null,
    root_execution_id: null, state, state_info: reason, input: pyJson(api.input), output: pyJson(output),
    created_at: mistralTime(api.createdAt), updated_at: mistralTime(signal.updatedAt),
  }, form);
}

function shape(view: Record<string, unknown>, form: ExecutionForm): Record<string, unknown> {
  const ordered: Record<string, unknown> = { ...view, project_id: DEFAULT_PROJECT };
  if (form === 'list') delete ordered.output;
  if (form === 'get') ordered.published_global = '{}';
  return ordered;
}
