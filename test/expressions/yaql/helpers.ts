import { compileYaql } from '../../../src/expressions/yaql/index.js';
import type { ExpressionFunction } from '../../../src/expressions/types.js';

/** Compiles and evaluates one YAQL expression with `$` = data. */
export function yaql(expression: string, data: unknown = null, functions?: Record<string, ExpressionFunction>): unknown {
  return compileYaql(expression).evaluate(functions ? { data, functions } : { data });
}
