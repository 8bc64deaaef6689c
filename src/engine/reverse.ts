import type { TaskSpec, WorkflowSpec } from '../workflow/spec.js';
import { outboundContext } from './evaluation.js';
import { InvalidTaskNameError } from './start-errors.js';
import { runTask } from './task-run.js';
import type { WorkingCopy } from './working-copy.js';

/** The target (params.task_name) and its transitive requirements, the only tasks that run. */
export function requiredTasks(spec: WorkflowSpec, target: unknown): Set<string> {
  if (typeof target !== 'string' || !spec.tasks.has(target)) throw new InvalidTaskNameError(spec.qualifiedName, target);
  const needed = new Set<string>();
  const visit = (name: string): void => {
    if (needed.has(name)) return;
    needed.add(name);
    for (const required of spec.tasks.get(name)!.requires) visit(required);
  };
  visit(target);
  return needed;
}

/**
 * Starts every needed task whose requirements all succeeded and that has not run yet; its
 * inbound context is the merge of its requirements' outbound contexts.
 */
export function runReadyReverseTasks(work: WorkingCopy): void {
  const needed = requiredTasks(work.spec, work.execution.params['task_name']);
  for (const spec of work.spec.tasks.values()) {
    if (!work.isRunning) return;
    if (!needed.has(spec.name) || work.tasks.some((t) => t.name === spec.name)) continue;
    const context = readyContext(work, spec);
    if (context) runTask(work, spec, context);
  }
}

function readyContext(work: WorkingCopy, spec: TaskSpec): Record<string, unknown> | undefined {
  const context: Record<string, unknown> = {};
  for (const name of spec.requires) {
    const done = work.tasks.find((t) => t.name === name && t.state === 'SUCCESS');
    if (!done) return undefined;
    Object.assign(context, outboundContext(done));
  }
  return context;
}
