/**
 * An execution of a resource type's phase workflow, as stock Heat's OS::Mistral::ExternalResource
 * starts it, goes through the lifecycle core (idempotency, properties, decisions, inventory,
 * deadlines) instead of straight to the engine:
 *
 * - `input` (a JSON string) is the resource's properties, complete on every action;
 * - `params.env.heat_extresource_data` is Heat's merge of earlier outputs; its `resource_id` is
 *   the physical id of an update, delete, suspend or resume (absent on create);
 * - `params.env.stackhook` may name `stack_id` and `logical_id` (the generated provider
 *   templates pass them; otherwise `mistral` and the type's short name are used);
 * - the execution's id is the signal's RequestId, so a repeated POST with the same `id` starts
 *   nothing new.
 *
 * Heat polls the execution: its state is the signal's, and its output repeats `resource_id`.
 */
import { newId } from '../ids.js';
import type { PolledSignalInput } from '../lifecycle/signal-input.js';
import { DEFAULT_SERVICE_TIMEOUT_S } from '../lifecycle/signal-input.js';
import { redact, secretValues } from '../http/redact.js';
import type { ApiExecutionRecord } from '../store/definition-records.js';
import type { RequestType } from '../store/records.js';
import type { MistralApiDeps } from './deps.js';
import type { TypeWorkflow } from './type-workflows.js';
import { badRequest } from './wire.js';

const REQUEST_OF_PHASE: Readonly<Record<string, RequestType>> = {
  create: 'Create', update: 'Update', delete: 'Delete', suspend: 'Suspend', resume: 'Resume',
};

export interface ExecutionRequest {
  id?: string;
  description: string;
  namespace: string;
  input: Record<string, unknown>;
  params: Record<string, unknown>;
  tags: string[];
}

/** Starts (or finds again) the lifecycle signal; returns the API execution standing for it. */
export async function startLifecycleExecution(deps: MistralApiDeps, workflow: TypeWorkflow, request: ExecutionRequest): Promise<ApiExecutionRecord> {
  const requestType = REQUEST_OF_PHASE[workflow.role];
  if (!requestType) {
    throw badRequest(`The workflow ${workflow.record.name} is run by stackhook before an update; it cannot be started on its own`);
  }
  const env = isDict(request.params.env) ? request.params.env : {};
  const heatData = isDict(env.heat_extresource_data) ? env.heat_extresource_data : {};
  const own = isDict(env.stackhook) ? env.stackhook : {};
  const resourceId = heatData.resource_id;
  const id = request.id ?? newId();
  const input: PolledSignalInput = {
    requestType,
    requestId: id,
    stackId: typeof own.stack_id === 'string' && own.stack_id ? own.stack_id : 'mistral',
    resourceType: workflow.type.name,
    logicalId: typeof own.logical_id === 'string' && own.logical_id ? own.logical_id : workflow.type.name.replace(/^Custom::/, '').replaceAll('::', '.'),
    ...(requestType !== 'Create' && typeof resourceId === 'string' && resourceId ? { physicalId: resourceId } : {}),
    properties: request.input,
    serviceTimeoutSeconds: typeof own.timeout === 'number' && own.timeout > 0 ? own.timeout : DEFAULT_SERVICE_TIMEOUT_S,
  };
  const secrets = secretValues(deps.types, workflow.type.name, request.input);
  const record = (signalId: string, createdAt: number): ApiExecutionRecord => ({
    id, signalId, workflowId: workflow.record.id, workflowName: workflow.record.name, namespace: request.namespace,
    description: request.description,
    params: redact({ ...request.params, namespace: request.namespace }, secrets),
    input: redact(request.input, secrets, workflow.type.secretProperties), tags: request.tags, createdAt,
  });
  const accepted = await deps.lifecycle.acceptExecution(input, (signal) => [
    { kind: 'insert_api_execution', execution: record(signal.id, signal.createdAt) },
  ]);
  const stored = await deps.store.definitions.getApiExecution(id);
  return stored ?? record(accepted.signal.id, accepted.signal.createdAt);
}

function isDict(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
