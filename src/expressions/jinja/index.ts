/**
 * Jinja expressions with Mistral's semantics (mistral/expressions/jinja_expression.py on
 * Jinja2 3.1): a string that is exactly one `{{ expr }}` evaluates to the expression's native
 * value; any other string renders as a template, printing values the way Python's `str()` does.
 * StrictUndefined, trim_blocks and lstrip_blocks are on, autoescape is off.
 */
import {
  type CompiledExpression,
  ExpressionEvaluationError,
  type ExpressionScope,
  ExpressionSyntaxError,
} from '../types.js';
import { JinjaRuntimeError, JinjaSyntaxError } from './errors.js';
import { compileExpression, type Evaluate } from './evaluator.js';
import { compileBody } from './renderer.js';
import { Frame, Runtime } from './runtime.js';
import { parseStandaloneExpression, parseTemplate } from './template-parser.js';
import { toPlainData } from './plain-data.js';

/** Mistral's JINJA_REGEXP: the first `{{ … }}`, non-greedy, `.` not crossing newlines. */
const FIRST_EXPRESSION = /\{\{([^\n]*?)\}\}/;

/** Compiles a Jinja string once; throws ExpressionSyntaxError when it does not parse. */
export function compileJinja(source: string): CompiledExpression {
  const evaluateInFrame = compileSource(source);
  return {
    language: 'jinja',
    source,
    evaluate: (scope: ExpressionScope) => {
      try {
        return evaluateInFrame(new Frame(new Runtime(scope), undefined));
      } catch (error) {
        throw toEvaluationError(source, error);
      }
    },
  };
}

function compileSource(source: string): Evaluate {
  const first = FIRST_EXPRESSION.exec(source);
  try {
    if (first && first[0] === source) return compileWholeExpression(first[1]!);
    return compileTemplate(source);
  } catch (error) {
    if (error instanceof JinjaSyntaxError) {
      throw new ExpressionSyntaxError('jinja', source, error.message, error.position);
    }
    throw error;
  }
}

/**
 * The whole-string case: the native value as plain data. An undefined result raises, as
 * Mistral's `str(result)` makes it; so does one nested in a list or dict, which Jinja2 would let
 * through (its repr does not raise) to fail later, further from the cause.
 */
function compileWholeExpression(inner: string): Evaluate {
  const evaluate = compileExpression(parseStandaloneExpression(inner));
  return (frame) => toPlainData(evaluate(frame));
}

function compileTemplate(source: string): Evaluate {
  const render = compileBody(parseTemplate(source));
  return (frame) => {
    const output: string[] = [];
    render(frame, output);
    return output.join('');
  };
}

function toEvaluationError(source: string, error: unknown): Error {
  if (error instanceof ExpressionEvaluationError) return error;
  if (error instanceof JinjaRuntimeError) return new ExpressionEvaluationError('jinja', source, error.detail);
  if (error instanceof RangeError) {
    // Strings or lists too large to build, or runaway recursion: Mistral's MemoryError case.
    return withCause(new ExpressionEvaluationError('jinja', source, `MemoryError: ${error.message}`), error);
  }
  if (error instanceof Error) return withCause(new ExpressionEvaluationError('jinja', source, error.message), error);
  return new ExpressionEvaluationError('jinja', source, String(error));
}

function withCause(error: Error, cause: unknown): Error {
  Object.defineProperty(error, 'cause', { value: cause });
  return error;
}
