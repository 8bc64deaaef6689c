import { newId } from '../ids.js';
import type { Dispatcher } from '../engine/dispatcher.js';
import type { Engine } from '../engine/engine.js';
import { KeyedLock } from '../engine/keyed-lock.js';
import type { Completion } from '../engine/working-copy.js';
import { StackhookError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ResourceTypeRegistry } from '../resource-types/registry.js';
import type { ResourceType } from '../resource-types/resource-type.js';
import { UniqueViolation, type StoreCommand } from '../store/commands.js';
import type { ExecutionRecord, JobRecord, ResourceRecord, ResourceStatus, SignalRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { decideUpdate } from './decide-update.js';
import { defaultPhysicalId, failedOutcome, successOutcome } from './outcome.js';
import { Plan } from './plan.js';
import { checkProperties } from './properties.js';
import { reportDeadlineMs, type AnySignalInput, type PolledSignalInput, type SignalInput } from './signal-input.js';
import { newResource, StepsRunner } from './steps-runner.js';

/** Statuses of a resource whose external thing is gone or never was. */
const GONE: ReadonlySet<ResourceStatus> = new Set(['CREATE_FAILED', 'DELETE_COMPLETE']);

export interface Accepted {
  signal: SignalRecord;
  executionId: string | null;
  repeated: boolean;
}

/**
 * The lifecycle core: validates a signal, dedupes it, decides what to run, keeps the inventory
 * and hands the outcome to the report outbox, all in the transactions that decide them.
 */
export class Lifecycle {
  private readonly steps: StepsRunner;
  private readonly signalLocks = new KeyedLock();

  constructor(
    private readonly store: Store,
    private readonly dispatcher: Dispatcher,
    private readonly engine: Engine,
    private readonly types: ResourceTypeRegistry,
    private readonly logger: Logger,
    reportGiveUpMs: number,
  ) {
    this.steps = new StepsRunner(engine, reportGiveUpMs, types);
    engine.onCompletion((execution, completion) => this.onExecutionCompleted(execution, completion));
  }

  async accept(input: SignalInput): Promise<Accepted> {
    return this.acceptWith(input, () => []);
  }

  /**
   * A signal whose outcome is polled, not reported (the Mistral v2 API's executions): no
   * ResponseURL, no outbox row. `alongside` adds rows committed in the same transaction as the
   * signal (the caller's own view of it); a repeated signal adds nothing.
   */
  async acceptExecution(input: PolledSignalInput, alongside: (signal: SignalRecord, executionId: string | null) => StoreCommand[]): Promise<Accepted> {
    return this.acceptWith({ ...input }, alongside);
  }

  private async acceptWith(input: AnySignalInput, alongside: (signal: SignalRecord, executionId: string | null) => StoreCommand[]): Promise<Accepted> {
    const existing = await this.store.findSignal(input.stackId, input.requestId);
    if (existing) return this.repeat(existing, input);
    const plan = new Plan(this.newSignal(input), true, Date.now());
    await this.planFirstStep(plan, input);
    plan.commands.push(...alongside(plan.signal, plan.executionId));
    plan.commands.push({ kind: 'schedule_job', job: { id: newId(), kind: 'signal_deadline', ref: plan.signal.id, runAt: plan.signal.deadlineAt, lockedUntil: null } });
    try {
      await this.dispatcher.apply(plan.toCommands(), plan.abortActions);
    } catch (error) {
      if (!(error instanceof UniqueViolation)) throw error;
      const twin = await this.store.findSignal(input.stackId, input.requestId);
      if (twin) return this.repeat(twin, input);
      throw error;
    }
    this.logger.debug({ signalId: plan.signal.id, requestType: input.requestType, type: input.resourceType, logicalId: input.logicalId, state: plan.signal.state }, 'signal accepted');
    return { signal: plan.signal, executionId: plan.executionId, repeated: false };
  }

  /** A repeated signal runs nothing: it gets the outcome again, now or when it is known. */
  private async repeat(existing: SignalRecord, input: AnySignalInput): Promise<Accepted> {
    const same = existing.requestType === input.requestType && existing.logicalId === input.logicalId
      && existing.resourceType === input.resourceType;
    if (!same) {
      throw new StackhookError('IDEMPOTENCY_KEY_REUSED',
        `StackId+RequestId was already used for a ${existing.requestType} of ${existing.logicalId} (${existing.resourceType})`,
        { stack_id: input.stackId, request_id: input.requestId });
    }
    return this.signalLocks.run(existing.id, async () => {
      const signal = (await this.store.getSignal(existing.id))!;
      const plan = new Plan(signal, false, Date.now());
      const url = input.responseUrl;
      if (url !== undefined && signal.outcome) this.steps.enqueueReport(plan, url, signal.outcome);
      else if (url !== undefined && !signal.callbackUrls.includes(url)) plan.updateSignal({ callbackUrls: [...signal.callbackUrls, url] });
      if (plan.commands.length || !signal.outcome) await this.dispatcher.apply(plan.toCommands());
      const executions = await this.store.listExecutions({ signalId: signal.id, limit: 1 });
      return { signal: plan.signal, executionId: executions[0]?.id ?? null, repeated: true };
    });
  }

  private newSignal(input: AnySignalInput): SignalRecord {
    const now = Date.now();
    return {
      id: newId(), stackId: input.stackId, requestId: input.requestId, requestType: input.requestType,
      resourceType: input.resourceType, logicalId: input.logicalId, physicalId: input.physicalId ?? null,
      resourceId: null, newResourceId: null, state: 'RUNNING', step: null, decision: null, outcome: null,
      request: {
        properties: input.properties, oldProperties: input.oldProperties, authorReplaceOnChange: [],
        serviceTimeoutSeconds: input.serviceTimeoutSeconds, callerDeletesReplaced: input.responseUrl !== undefined,
      },
      callbackUrls: input.responseUrl === undefined ? [] : [input.responseUrl], deadlineAt: now + reportDeadlineMs(input.serviceTimeoutSeconds),
      createdAt: now, updatedAt: now,
    };
  }

  private async planFirstStep(plan: Plan, input: AnySignalInput): Promise<void> {
    const type = this.types.find(input.resourceType);
    const physicalId = input.physicalId ?? defaultPhysicalId(input.stackId, input.logicalId, input.requestId);
    if (!type) {
      const known = this.types.names().join(', ') || 'none';
      return this.steps.finish(plan, failedOutcome(physicalId, `Unknown resource type ${input.resourceType}; this stackhook serves: ${known}`));
    }
    switch (input.requestType) {
      case 'Create': return this.planCreate(plan, type, input);
      case 'Update': return this.planUpdate(plan, type, input, physicalId);
      default: return this.planExisting(plan, type, input, physicalId);
    }
  }

  private planCreate(plan: Plan, type: ResourceType, input: AnySignalInput): void {
    const checked = checkProperties(type, input.properties);
    const resource = plan.insertResource(newResource(plan, type, checked.ok ? checked.properties : {}));
    plan.updateSignal({ newResourceId: resource.id, physicalId: resource.physicalId });
    if (!checked.ok) {
      plan.updateResource(resource, { status: 'CREATE_FAILED', statusReason: checked.reason });
      return this.steps.finish(plan, failedOutcome(resource.physicalId, checked.reason));
    }
    plan.signal.request.properties = checked.properties;
    plan.signal.request.authorReplaceOnChange = checked.authorReplaceOnChange;
    this.steps.start(plan, type, 'create', checked.properties);
  }

  private async planUpdate(plan: Plan, type: ResourceType, input: AnySignalInput, physicalId: string): Promise<void> {
    const checked = checkProperties(type, input.properties);
    if (!checked.ok) return this.steps.finish(plan, failedOutcome(physicalId, checked.reason));
    plan.signal.request.properties = checked.properties;
    plan.signal.request.authorReplaceOnChange = checked.authorReplaceOnChange;
    const resource = plan.adopt(await this.store.findResourceByPhysicalId(type.name, physicalId))
      ?? this.adoptUnknown(plan, type, input, physicalId);
    plan.updateSignal({ resourceId: resource.id });
    const decision = decideUpdate({
      type, oldProperties: resource.properties, newProperties: checked.properties,
      authorReplaceOnChange: checked.authorReplaceOnChange, status: resource.status,
    });
    if (decision.kind === 'ask-workflow') return this.steps.start(plan, type, 'decide', checked.properties);
    this.steps.applyDecision(plan, type, decision);
  }

  /** An Update for a resource stackhook has no record of (its store was replaced): take the stack's word. */
  private adoptUnknown(plan: Plan, type: ResourceType, input: AnySignalInput, physicalId: string) {
    const old = checkProperties(type, input.oldProperties ?? {});
    return plan.insertResource({
      ...newResource(plan, type, old.ok ? old.properties : input.oldProperties ?? {}),
      physicalId, status: 'CREATE_COMPLETE',
    });
  }

  /** Delete, Suspend, Resume act on a resource stackhook created, or acknowledge at once. */
  private async planExisting(plan: Plan, type: ResourceType, input: AnySignalInput, physicalId: string): Promise<void> {
    const rows = await this.store.listResourcesByPhysicalId(type.name, physicalId);
    const step = input.requestType === 'Delete' ? 'delete' : input.requestType === 'Suspend' ? 'suspend' : 'resume';
    const live = rows.filter((r) => !GONE.has(r.status));
    if (step === 'delete' && live.length > 1) return this.deleteSuperseded(plan, type, live, physicalId);
    const resource = plan.adopt(rows[0]);
    if (!resource || resource.status === 'CREATE_FAILED' || resource.status === 'DELETE_COMPLETE') {
      if (step === 'delete') return this.steps.finish(plan, successOutcome(type, physicalId, {}));
      const why = resource ? `its status is ${resource.status}` : 'stackhook never created it';
      return this.steps.finish(plan, failedOutcome(physicalId, `Cannot ${step} ${physicalId}: ${why}`));
    }
    plan.updateSignal({ resourceId: resource.id });
    this.steps.start(plan, type, step, resource.properties);
  }

  /**
   * Heat replaced a resource whose new incarnation got the same physical id (a name the workflow
   * derives from properties), then deletes the old one: the external thing now belongs to the new
   * one, so the old row is retired without running the delete workflow.
   */
  private deleteSuperseded(plan: Plan, type: ResourceType, live: ResourceRecord[], physicalId: string): void {
    const [newest, ...older] = live;
    const old = plan.adopt(older.at(-1))!;
    plan.updateSignal({ resourceId: old.id });
    plan.updateResource(old, { status: 'DELETE_COMPLETE', replacedBy: newest!.id, statusReason: `superseded by resource ${newest!.id}, which holds the same physical id; nothing was deleted` });
    this.steps.finish(plan, successOutcome(type, physicalId, {}));
  }

  /** Called by the engine inside the transaction that ends one of a signal's executions. */
  private async onExecutionCompleted(execution: ExecutionRecord, completion: Completion): Promise<StoreCommand[]> {
    if (!execution.signalId || !execution.step) return [];
    return this.signalLocks.run(execution.signalId, async () => {
      const signal = await this.store.getSignal(execution.signalId!);
      if (!signal || signal.state !== 'RUNNING' || signal.step !== execution.step) return [];
      const type = this.types.find(signal.resourceType);
      const plan = new Plan(signal, false, Date.now());
      plan.adopt(signal.resourceId ? await this.store.getResource(signal.resourceId) : undefined);
      plan.adopt(signal.newResourceId ? await this.store.getResource(signal.newResourceId) : undefined);
      if (!type) {
        this.steps.finish(plan, failedOutcome(signal.physicalId ?? '', `Resource type ${signal.resourceType} is no longer loaded`));
      } else {
        this.steps.after(plan, type, execution.step!, completion, execution.id);
      }
      return plan.toCommands();
    });
  }

  /** The signal's deadline (ServiceTimeout less a margin): whatever still runs is cancelled. */
  readonly onDeadline = async (job: JobRecord): Promise<void> => {
    const signal = await this.store.getSignal(job.ref);
    if (!signal || signal.state !== 'RUNNING') return;
    const seconds = signal.request.serviceTimeoutSeconds;
    const reason = `Timed out: the outcome must reach the stack within its ServiceTimeout of ${seconds} s; the ${signal.step ?? ''} workflow was still running and was cancelled`;
    const [running] = await this.store.listExecutions({ signalId: signal.id, state: 'RUNNING', limit: 1 });
    if (running) {
      await this.engine.handle(running.id, { kind: 'cancel', state: 'ERROR', reason });
      return;
    }
    await this.signalLocks.run(signal.id, async () => {
      const plan = new Plan((await this.store.getSignal(signal.id))!, false, Date.now());
      if (plan.signal.state !== 'RUNNING') return;
      this.steps.finish(plan, failedOutcome(plan.signal.physicalId ?? '', reason));
      await this.dispatcher.apply(plan.toCommands());
    });
  };
}
