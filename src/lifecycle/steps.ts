import type { WorkflowRole } from '../resource-types/resource-type.js';
import type { LifecycleStep, Phase, RequestType, ResourceStatus } from '../store/records.js';

interface StepRow {
  /** The type's workflow the step runs. */
  role: WorkflowRole;
  /** The resource the step acts on: the signal's (old) one, or the replacement being created. */
  target: 'resource' | 'new_resource';
  /** Resource status while the step runs, after it succeeds, after it fails. */
  running: ResourceStatus;
  succeeded: ResourceStatus;
  failed: ResourceStatus;
}

/** The lifecycle's steps as a table: what each runs and what it does to the inventory. */
export const STEPS: Readonly<Record<LifecycleStep, StepRow>> = {
  create: { role: 'create', target: 'new_resource', running: 'CREATE_IN_PROGRESS', succeeded: 'CREATE_COMPLETE', failed: 'CREATE_FAILED' },
  update: { role: 'update', target: 'resource', running: 'UPDATE_IN_PROGRESS', succeeded: 'UPDATE_COMPLETE', failed: 'UPDATE_FAILED' },
  delete: { role: 'delete', target: 'resource', running: 'DELETE_IN_PROGRESS', succeeded: 'DELETE_COMPLETE', failed: 'DELETE_FAILED' },
  suspend: { role: 'suspend', target: 'resource', running: 'SUSPEND_IN_PROGRESS', succeeded: 'SUSPEND_COMPLETE', failed: 'SUSPEND_FAILED' },
  resume: { role: 'resume', target: 'resource', running: 'RESUME_IN_PROGRESS', succeeded: 'RESUME_COMPLETE', failed: 'RESUME_FAILED' },
  // Before a delete_before_create replacement: the old resource goes first.
  delete_old: { role: 'delete', target: 'resource', running: 'DELETE_IN_PROGRESS', succeeded: 'DELETE_COMPLETE', failed: 'DELETE_FAILED' },
  // Asks the type whether an update replaces; the resource is untouched.
  decide: { role: 'decide', target: 'resource', running: 'UPDATE_IN_PROGRESS', succeeded: 'UPDATE_IN_PROGRESS', failed: 'UPDATE_FAILED' },
};

export const PHASE_OF_REQUEST: Readonly<Record<RequestType, Phase>> = {
  Create: 'create', Update: 'update', Delete: 'delete', Suspend: 'suspend', Resume: 'resume',
};
