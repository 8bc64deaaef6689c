/** Helpers shared by the Jinja tests: evaluate a string against data and catch its error. */
import { compileJinja } from '../../../src/expressions/jinja/index.js';
import { ExpressionEvaluationError, type ExpressionFunction } from '../../../src/expressions/types.js';

export const SERVERS = [
  { name: 'centos', os: 'linux', n: 2 },
  { name: 'ubuntu', os: 'Linux', n: 1 },
  { name: 'win', os: 'windows', n: 3 },
];

export function evaluate(source: string, data: unknown = {}, functions: Record<string, ExpressionFunction> = {}): unknown {
  return compileJinja(source).evaluate({ data, functions });
}

/** The `Type: message` detail of the evaluation error `source` raises. */
export function evaluationErrorOf(source: string, data: unknown = {}, functions: Record<string, ExpressionFunction> = {}): string {
  try {
    evaluate(source, data, functions);
  } catch (error) {
    if (error instanceof ExpressionEvaluationError) return error.detail;
    throw error;
  }
  throw new Error(`expected ${source} to fail`);
}
