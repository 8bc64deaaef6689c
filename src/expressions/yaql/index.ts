/**
 * YAQL for Mistral workflows: `compileYaql` parses once (grammar errors surface here, at load
 * time) and returns an expression that evaluates against a scope with Mistral's output rules.
 */
import { ExpressionEvaluationError, ExpressionSyntaxError, type CompiledExpression, type ExpressionScope } from '../types.js';
import { compileNode } from './evaluator.js';
import { Scope } from './library.js';
import { convertOutput } from './output.js';
import { parseYaql } from './parser.js';

export { yaqlStr } from './stdlib-strings.js';

export function compileYaql(source: string): CompiledExpression {
  const evaluator = compileNode(parseYaql(source));
  return {
    language: 'yaql',
    source,
    evaluate(scope: ExpressionScope): unknown {
      try {
        return convertOutput(evaluator(new Scope(scope.data, scope.functions)));
      } catch (error) {
        throw toEvaluationError(source, error);
      }
    },
  };
}

function toEvaluationError(source: string, error: unknown): Error {
  if (error instanceof ExpressionEvaluationError || error instanceof ExpressionSyntaxError) return error;
  if (error instanceof RangeError) return new ExpressionEvaluationError('yaql', source, `RecursionError: ${error.message}`);
  return new ExpressionEvaluationError('yaql', source, error instanceof Error ? error.message : String(error));
}
