import type { ResourceTypeRegistry } from '../resource-types/registry.js';
import type { ResourceType } from '../resource-types/resource-type.js';
import { secretNamesOf, workflowNameOf } from '../resource-types/resource-type.js';
import { redactUrl } from '../logger.js';
import type {
  ActionRecord, ExecutionRecord, ReportRecord, ResourceRecord, SignalRecord, TaskRecord,
} from '../store/records.js';
import { redact, secretValues } from './redact.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function resourceTypeView(type: ResourceType) {
  return {
    type: type.name,
    description: type.description ?? null,
    file: type.file,
    properties: type.propertiesSchema,
    attributes: type.attributes,
    update: { replace_on_change: type.replaceOnChange, replacement: type.replacement, decide: Boolean(type.workflows.decide) },
    timeouts_ms: type.timeouts,
    workflows: Object.fromEntries(Object.keys(type.workflows).map((role) => [role, workflowNameOf(type.name, role as never)])),
  };
}

/** The secret values a signal carries, so every view of its data can be scrubbed of them. */
function signalSecrets(types: ResourceTypeRegistry, signal: SignalRecord): string[] {
  return secretValues(types, signal.resourceType, signal.request.properties, signal.request.oldProperties);
}

export function signalView(types: ResourceTypeRegistry, signal: SignalRecord, reports: ReportRecord[], executionIds: string[]) {
  const secrets = signalSecrets(types, signal);
  const outcome = signal.outcome && { ...signal.outcome, data: redact(signal.outcome.data, [], secretAttributes(types, signal.resourceType)) };
  return redact({
    id: signal.id,
    request_type: signal.requestType,
    stack_id: signal.stackId,
    request_id: signal.requestId,
    resource_type: signal.resourceType,
    logical_id: signal.logicalId,
    physical_id: signal.physicalId,
    state: signal.state,
    step: signal.step,
    decision: signal.decision,
    outcome,
    resource_id: signal.resourceId,
    new_resource_id: signal.newResourceId,
    executions: executionIds,
    reports: reports.map((r) => ({
      target: redactUrl(r.url), state: r.state, attempts: r.attempts, last_error: r.lastError,
      created_at: iso(r.createdAt), delivered_at: iso(r.deliveredAt),
    })),
    deadline_at: iso(signal.deadlineAt),
    created_at: iso(signal.createdAt),
    updated_at: iso(signal.updatedAt),
  }, secrets);
}

export function executionView(types: ResourceTypeRegistry, execution: ExecutionRecord, signal?: SignalRecord) {
  const resource = execution.env.resource as { old_properties?: unknown } | undefined;
  const secrets = secretValues(types, execution.resourceType, execution.input, resource?.old_properties);
  return redact({
    id: execution.id,
    workflow_name: execution.workflowName,
    state: execution.state,
    state_info: execution.stateInfo,
    input: execution.input,
    output: execution.output,
    env: execution.env,
    resource_type: execution.resourceType,
    stack_id: execution.stackId,
    signal_id: execution.signalId,
    step: execution.step,
    decision: signal?.decision ?? null,
    created_at: iso(execution.createdAt),
    updated_at: iso(execution.updatedAt),
    finished_at: iso(execution.finishedAt),
  }, secrets, secretNames(types, execution.resourceType));
}

export function taskView(task: TaskRecord, actions: ActionRecord[]) {
  return {
    id: task.id,
    name: task.name,
    state: task.state,
    state_info: task.stateInfo,
    result: task.result,
    published: task.published,
    next_tasks: task.nextTasks,
    created_at: iso(task.createdAt),
    started_at: iso(task.startedAt),
    finished_at: iso(task.finishedAt),
    actions: actions.filter((a) => a.taskId === task.id).map((a) => ({
      id: a.id, name: a.name, state: a.state, input: a.input, output: a.output, attempt: a.attempt,
    })),
  };
}

/** An execution with its tasks, scrubbed with the same secrets as its own view. */
export function executionDetailView(
  types: ResourceTypeRegistry, execution: ExecutionRecord, tasks: TaskRecord[], actions: ActionRecord[], signal?: SignalRecord,
) {
  const resource = execution.env.resource as { old_properties?: unknown } | undefined;
  const secrets = secretValues(types, execution.resourceType, execution.input, resource?.old_properties);
  return {
    ...executionView(types, execution, signal),
    tasks: redact(tasks.map((t) => taskView(t, actions)), secrets, secretNames(types, execution.resourceType)),
  };
}

export function resourceView(types: ResourceTypeRegistry, resource: ResourceRecord) {
  const type = types.find(resource.type);
  return {
    id: resource.id,
    type: resource.type,
    stack_id: resource.stackId,
    logical_id: resource.logicalId,
    physical_id: resource.physicalId,
    status: resource.status,
    status_reason: redact(resource.statusReason, secretValues(types, resource.type, resource.properties)),
    properties: redact(resource.properties, [], type?.secretProperties ?? new Set()),
    attributes: redact(resource.attributes, [], secretAttributes(types, resource.type)),
    replaced_by: resource.replacedBy,
    created_at: iso(resource.createdAt),
    updated_at: iso(resource.updatedAt),
  };
}

function secretNames(types: ResourceTypeRegistry, typeName: string | null): ReadonlySet<string> {
  return secretNamesOf(typeName ? types.find(typeName) : undefined);
}

/** Attributes marked `secret: true`: masked in every answer, as NoEcho masks them in the stack. */
function secretAttributes(types: ResourceTypeRegistry, typeName: string): ReadonlySet<string> {
  const attributes = types.find(typeName)?.attributes ?? {};
  return new Set(Object.entries(attributes).filter(([, a]) => a.secret).map(([name]) => name));
}
