import { newId } from '../ids.js';
import type { Engine } from '../engine/engine.js';
import { REPORT_LEASE_MS } from '../engine/leases.js';
import { WorkflowInputError } from '../engine/start.js';
import type { Completion } from '../engine/working-copy.js';
import { redact, secretValues } from '../http/redact.js';
import type { ResourceTypeRegistry } from '../resource-types/registry.js';
import type { ResourceType } from '../resource-types/resource-type.js';
import type { Decision, LifecycleStep, Outcome, ResourceRecord } from '../store/records.js';
import { decisionFromWorkflow } from './decide-update.js';
import {
  attributesFromOutput, defaultPhysicalId, failedOutcome, physicalIdFromOutput, reportBody, successOutcome,
} from './outcome.js';
import type { Plan } from './plan.js';
import { PHASE_OF_REQUEST, STEPS } from './steps.js';

/**
 * Moves a signal through its steps: starts a step's workflow, and when it ends, records what it
 * did to the inventory and either starts the next step or finishes with an outcome and its report.
 */
export class StepsRunner {
  constructor(
    private readonly engine: Engine,
    private readonly reportGiveUpMs: number,
    private readonly types?: ResourceTypeRegistry,
  ) {}

  start(plan: Plan, type: ResourceType, step: LifecycleStep, input: Record<string, unknown>): void {
    const row = STEPS[step];
    const spec = type.workflows[row.role];
    const resource = this.target(plan, step);
    plan.updateSignal({ step });
    if (!spec) {
      // A type without a delete/suspend/resume workflow has nothing to do for that phase.
      this.after(plan, type, step, { state: 'SUCCESS', output: {}, stateInfo: null });
      return;
    }
    if (row.role !== 'decide') plan.updateResource(resource, { status: row.running, statusReason: null });
    try {
      const work = this.engine.planStart({
        spec, input, env: { resource: this.envResource(plan, type, step, resource) },
        signalId: plan.signal.id, step, resourceType: type.name, stackId: plan.signal.stackId,
        deadlineAt: this.executionDeadline(plan, type, step),
      });
      plan.commands.push(...work.finish(undefined));
      plan.executionId = work.execution.id;
      if (work.completion) this.after(plan, type, step, work.completion);
    } catch (error) {
      if (!(error instanceof WorkflowInputError)) throw error;
      this.after(plan, type, step, { state: 'ERROR', output: null, stateInfo: error.message });
    }
  }

  after(plan: Plan, type: ResourceType, step: LifecycleStep, completion: Completion, executionId?: string): void {
    const resource = this.target(plan, step);
    if (completion.state !== 'SUCCESS') return this.failStep(plan, type, step, resource, completion, executionId);
    const output = completion.output;
    switch (step) {
      case 'decide': return this.afterDecide(plan, type, output);
      case 'delete_old': return this.afterDeleteOld(plan, type, resource);
      case 'create': return this.afterCreate(plan, type, resource, output);
      default: return this.afterInPlace(plan, type, step, resource, output);
    }
  }

  applyDecision(plan: Plan, type: ResourceType, decision: Decision): void {
    plan.updateSignal({ decision });
    const resource = plan.resource(plan.signal.resourceId)!;
    if (decision.kind === 'none') return this.finish(plan, successOutcome(type, resource.physicalId, resource.attributes));
    if (decision.kind === 'in-place') return this.start(plan, type, 'update', plan.signal.request.properties);
    const replacement = plan.insertResource(newResource(plan, type, plan.signal.request.properties));
    plan.updateSignal({ newResourceId: replacement.id });
    const first = decision.order === 'delete_before_create' ? 'delete_old' : 'create';
    this.start(plan, type, first, first === 'create' ? plan.signal.request.properties : resource.properties);
  }

  finish(plan: Plan, given: Outcome): void {
    const outcome = given.reason ? { ...given, reason: this.scrub(plan, given.reason) } : given;
    plan.updateSignal({ state: outcome.status === 'SUCCESS' ? 'SUCCEEDED' : 'FAILED', outcome, step: null });
    plan.commands.push({ kind: 'delete_jobs', ref: plan.signal.id, jobKind: 'signal_deadline' });
    for (const url of plan.signal.callbackUrls) this.enqueueReport(plan, url, outcome);
  }

  /**
   * A failure reason may quote what a workflow saw (an error message echoing its input): the
   * values of secret properties are masked before the reason is stored or reported.
   */
  private scrub(plan: Plan, text: string): string {
    if (!this.types) return text;
    const { request, resourceType } = plan.signal;
    return redact(text, secretValues(this.types, resourceType, request.properties, request.oldProperties));
  }

  enqueueReport(plan: Plan, url: string, outcome: Outcome): void {
    plan.commands.push({
      kind: 'enqueue_report',
      report: {
        id: newId(), signalId: plan.signal.id, url, body: reportBody(plan.signal, outcome),
        // Held from birth: the outbox delivers it right after the commit (see engine/leases.ts).
        state: 'PENDING', attempts: 0, nextAttemptAt: plan.now + REPORT_LEASE_MS, giveUpAt: plan.now + this.reportGiveUpMs,
        lastError: null, createdAt: plan.now, deliveredAt: null,
      },
    });
  }

  private afterDecide(plan: Plan, type: ResourceType, output: unknown): void {
    const decision = decisionFromWorkflow(type, output);
    if (typeof decision === 'string') {
      const resource = plan.resource(plan.signal.resourceId)!;
      return this.finish(plan, failedOutcome(resource.physicalId, decision));
    }
    this.applyDecision(plan, type, decision);
  }

  private afterCreate(plan: Plan, type: ResourceType, resource: ResourceRecord, output: unknown): void {
    const old = plan.resource(plan.signal.resourceId);
    const callerDeletes = plan.signal.request.callerDeletesReplaced !== false;
    const named = physicalIdFromOutput(output);
    const physicalId = named.id ?? resource.physicalId;
    const sameId = old !== undefined && physicalId === old.physicalId;
    const error = named.error ?? (sameId && callerDeletes
      ? `the create workflow of a replacement returned the old physical id ${physicalId}; a replacement needs a new one`
      : undefined);
    const attributes = attributesFromOutput(type, output);
    if (error) {
      // The thing may exist: keep it in the inventory as created, so a later Delete removes it.
      plan.updateResource(resource, { physicalId, attributes, status: 'CREATE_COMPLETE', statusReason: error });
      return this.finish(plan, failedOutcome(old?.physicalId ?? physicalId, error));
    }
    plan.updateResource(resource, { physicalId, attributes, status: 'CREATE_COMPLETE' });
    plan.updateSignal({ physicalId });
    if (old && old.status !== 'DELETE_COMPLETE') {
      plan.updateResource(old, { replacedBy: resource.id });
      // Heat never deletes what a provider-side replacement replaced: stackhook does, unless the
      // new thing took over the old one's id (then the old one is the new one).
      if (!callerDeletes && !sameId) return this.start(plan, type, 'delete_old', old.properties);
      plan.updateResource(old, callerDeletes
        ? { status: 'REPLACED' }
        : { status: 'DELETE_COMPLETE', statusReason: `superseded by resource ${resource.id}, which holds the same physical id` });
    } else if (old) {
      plan.updateResource(old, { replacedBy: resource.id });
    }
    this.finish(plan, successOutcome(type, physicalId, attributes));
  }

  /** The old resource of a replacement is gone: create its successor, or report it if it exists. */
  private afterDeleteOld(plan: Plan, type: ResourceType, old: ResourceRecord): void {
    plan.updateResource(old, { status: STEPS.delete_old.succeeded });
    const created = plan.resource(plan.signal.newResourceId);
    if (created?.status === 'CREATE_COMPLETE') return this.finish(plan, successOutcome(type, created.physicalId, created.attributes));
    this.start(plan, type, 'create', plan.signal.request.properties);
  }

  private afterInPlace(plan: Plan, type: ResourceType, step: LifecycleStep, resource: ResourceRecord, output: unknown): void {
    const named = physicalIdFromOutput(output);
    if (step !== 'delete' && named.id !== undefined && named.id !== resource.physicalId) {
      const reason = `the ${step} workflow returned physical_id ${named.id}, but the decision was ${step === 'update' ? 'in-place' : step}; only a replacement may change it`;
      plan.updateResource(resource, { status: STEPS[step].failed, statusReason: reason });
      return this.finish(plan, failedOutcome(resource.physicalId, reason));
    }
    const attributes = step === 'delete' ? resource.attributes : { ...resource.attributes, ...attributesFromOutput(type, output) };
    const properties = step === 'update' ? plan.signal.request.properties : resource.properties;
    plan.updateResource(resource, { status: STEPS[step].succeeded, attributes, properties, statusReason: null });
    this.finish(plan, successOutcome(type, resource.physicalId, step === 'delete' ? {} : attributes));
  }

  private failStep(plan: Plan, type: ResourceType, step: LifecycleStep, resource: ResourceRecord, completion: Completion, executionId?: string): void {
    const where = executionId ? ` [execution ${executionId}]` : '';
    const reason = this.scrub(plan, `${type.name} ${step.replace('_', ' ')} failed${where}: ${completion.stateInfo ?? 'the workflow did not succeed'}`);
    plan.updateResource(resource, { status: STEPS[step].failed, statusReason: reason });
    const old = plan.resource(plan.signal.resourceId);
    this.finish(plan, failedOutcome((old ?? resource).physicalId, reason));
  }

  private target(plan: Plan, step: LifecycleStep): ResourceRecord {
    const id = STEPS[step].target === 'new_resource' ? plan.signal.newResourceId : plan.signal.resourceId;
    return plan.resource(id)!;
  }

  private envResource(plan: Plan, type: ResourceType, step: LifecycleStep, resource: ResourceRecord) {
    const { signal } = plan;
    const old = plan.resource(signal.resourceId);
    return {
      type: type.name,
      phase: step === 'delete_old' ? 'delete' : step === 'decide' ? 'update' : PHASE_OF_REQUEST[signal.requestType],
      step,
      stack_id: signal.stackId,
      logical_id: signal.logicalId,
      physical_id: step === 'create' ? null : resource.physicalId,
      request_id: signal.requestId,
      old_properties: signal.requestType === 'Update' ? old?.properties ?? null : null,
      attributes: step === 'create' ? {} : resource.attributes,
    };
  }

  private executionDeadline(plan: Plan, type: ResourceType, step: LifecycleStep): number | undefined {
    const timeout = type.timeouts[STEPS[step].role];
    if (timeout === undefined || plan.now + timeout >= plan.signal.deadlineAt) return undefined;
    return plan.now + timeout;
  }
}

export function newResource(plan: Plan, type: ResourceType, properties: Record<string, unknown>): ResourceRecord {
  const { signal, now } = plan;
  return {
    id: newId(), type: type.name, stackId: signal.stackId, logicalId: signal.logicalId,
    physicalId: defaultPhysicalId(signal.stackId, signal.logicalId, signal.requestId),
    properties, attributes: {}, status: 'CREATE_IN_PROGRESS', statusReason: null, replacedBy: null,
    createdAt: now, updatedAt: now,
  };
}
