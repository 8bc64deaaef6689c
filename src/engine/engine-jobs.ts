import type { JobKind, JobRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { Engine } from './engine.js';
import type { JobHandler } from './runner.js';

export type EngineJobKind = Extract<JobKind, 'task_timer' | 'task_timeout' | 'subworkflow_done' | 'cancel_execution'>;

/**
 * The engine's own durable jobs: task timers and timeouts, a sub-workflow's end reaching its
 * parent, a parent's cancel reaching a sub-workflow. Each job is deleted by the decision it
 * causes, in the same transaction; one whose subject is gone is simply deleted.
 */
export function engineJobHandlers(engine: Engine, store: Store): Readonly<Record<EngineJobKind, JobHandler>> {
  const forTask = (kind: 'task_timer' | 'task_timeout') => async (job: JobRecord): Promise<void> => {
    const task = await store.getTask(job.ref);
    if (!task) return store.apply([{ kind: 'delete_jobs', ref: job.ref, jobKind: kind }]);
    await engine.handle(task.executionId, { kind, taskId: task.id });
  };
  return {
    task_timer: forTask('task_timer'),
    task_timeout: forTask('task_timeout'),
    subworkflow_done: async (job) => {
      const child = await store.getExecution(job.ref);
      if (!child?.parentExecutionId) return store.apply([{ kind: 'delete_jobs', ref: job.ref, jobKind: 'subworkflow_done' }]);
      await engine.handle(child.parentExecutionId, { kind: 'subworkflow_done', child });
    },
    cancel_execution: async (job) => {
      await engine.cancel(job.ref);
      await store.apply([{ kind: 'delete_jobs', ref: job.ref, jobKind: 'cancel_execution' }]);
    },
  };
}
