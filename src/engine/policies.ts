import type { TaskRecord } from '../store/records.js';
import type { OrExpression } from '../workflow/spec.js';
import { evaluateIn, taskInputData, type Evaluated } from './evaluation.js';
import type { WorkingCopy } from './working-copy.js';

/**
 * Policy values may be expressions, evaluated against the task's expression context and then
 * type-checked, as Mistral's policies do ("Invalid data type in XPolicy").
 */
function evaluatePolicy(work: WorkingCopy, task: TaskRecord, value: unknown): Evaluated {
  if (typeof value !== 'string') return { ok: true, value };
  return evaluateIn(value, work.snapshot, taskInputData(work.snapshot, task), task);
}

/** A whole number of seconds (or items); an absent policy is 0. */
export function policyNumber(
  work: WorkingCopy, task: TaskRecord, policy: string, value: OrExpression<number> | undefined,
): Evaluated<number> {
  if (value === undefined) return { ok: true, value: 0 };
  const evaluated = evaluatePolicy(work, task, value);
  if (!evaluated.ok) return evaluated;
  const number = evaluated.value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) {
    return { ok: false, error: `Invalid data type in ${policy}: ${JSON.stringify(number)} is not a non-negative integer` };
  }
  return { ok: true, value: number };
}

export function policyFlag(
  work: WorkingCopy, task: TaskRecord, policy: string, value: OrExpression<boolean> | undefined, fallback: boolean,
): Evaluated<boolean> {
  if (value === undefined) return { ok: true, value: fallback };
  const evaluated = evaluatePolicy(work, task, value);
  if (!evaluated.ok) return evaluated;
  if (typeof evaluated.value !== 'boolean') {
    return { ok: false, error: `Invalid data type in ${policy}: ${JSON.stringify(evaluated.value)} is not a boolean` };
  }
  return { ok: true, value: evaluated.value };
}

/** Seconds to epoch milliseconds from now. */
export function after(work: WorkingCopy, seconds: number): number {
  return work.deps.now + seconds * 1000;
}
