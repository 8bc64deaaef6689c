/**
 * YAQL for Mistral workflows: `compileYaql` parses once (grammar errors surface here, at load
 * time) and returns an expression that evaluates against a scope with Mistral's output rules.
 */
import { ExpressionEvaluationError, ExpressionSyntaxError, type CompiledExpression, type ExpressionScope } from '../types.js';
import { compileNode } from './evaluator.js';
import { Scope } from './library.js';
import { convertForText, convertOutput } from './output.js';
import { pythonStr } from '../python-format.js';
import { parseYaql } from './parser.js';

export { yaqlStr } from './stdlib-strings.js';

/** A compiled YAQL expression that can also produce the text Mistral substitutes into strings. */
export interface CompiledYaql extends CompiledExpression {
  /** Python `str()` of the result, as `"x=<% expr %>"` embeds it (`True`, `None`, `{'a'}`). */
  evaluateToText(scope: ExpressionScope): string;
}

export function compileYaql(source: string): CompiledYaql {
  const evaluator = compileNode(parseYaql(source));
  const run = (scope: ExpressionScope, convert: (value: unknown) => unknown): unknown => {
    try {
      return convert(evaluator(new Scope(scope.data, scope.functions)));
    } catch (error) {
      throw toEvaluationError(source, error);
    }
  };
  return {
    language: 'yaql',
    source,
    evaluate: (scope) => run(scope, convertOutput),
    evaluateToText: (scope) => pythonStr(run(scope, convertForText)),
  };
}

function toEvaluationError(source: string, error: unknown): Error {
  if (error instanceof ExpressionEvaluationError || error instanceof ExpressionSyntaxError) return error;
  if (error instanceof RangeError) return new ExpressionEvaluationError('yaql', source, `RecursionError: ${error.message}`);
  return new ExpressionEvaluationError('yaql', source, error instanceof Error ? error.message : String(error));
}
