import { describe, expect, it } from 'vitest';
import { compileJinja } from '../../../src/expressions/jinja/index.js';
import { ExpressionEvaluationError, ExpressionSyntaxError } from '../../../src/expressions/types.js';
import { evaluate, evaluationErrorOf } from './support.js';

function syntaxErrorOf(source: string): ExpressionSyntaxError {
  try {
    compileJinja(source);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${source} not to compile`);
}

describe('Jinja syntax errors', () => {
  it.each([
    ['{{ _.a + }}', 'unexpected end of template, expected an expression.'],
    ['{{ _.a ) }}', "unexpected ')'"],
    ['x {{ _.a', "unexpected end of template, expected 'end of print statement'."],
    ['{% if _.a %}yes', "Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'."],
    ['{% for x in _.l %}{% endif %}', "Encountered unknown tag 'endif'. The innermost block that needs to be closed is 'for'."],
    ['{% macro m() %}{% endmacro %}', "Encountered unknown tag 'macro'."],
    ['{{ 1 is == 1 }}', "expected token 'name', got '=='"],
    ['{{ 1, 2 }}', 'chunk after expression'],
  ])('given %j, when compiled, then it fails at compile time with %j', (source, detail) => {
    const error = syntaxErrorOf(source);
    expect(error.language).toBe('jinja');
    expect(error.detail).toBe(detail);
    expect(error.message).toContain(`[expression=${source}]`);
  });

  it('given a broken template, when compiled, then the error carries the position of the problem', () => {
    expect(syntaxErrorOf('ok {{ 1 + }}').position).toBeGreaterThan(3);
  });

  it('given a tuple inside text, when compiled, then it is accepted as Jinja2 accepts it', () => {
    expect(() => compileJinja('t={{ 1, 2 }}')).not.toThrow();
  });
});

describe('Jinja undefined values (StrictUndefined)', () => {
  it.each([
    ['{{ _.wrong_key }}', { a: 1 }, "UndefinedError: 'dict object' has no attribute 'wrong_key'"],
    ['{{ invalid_expression_string }}', {}, "UndefinedError: 'invalid_expression_string' is undefined"],
    ['!! {{ _.nonexistent_variable }} !!', {}, "UndefinedError: 'dict object' has no attribute 'nonexistent_variable'"],
    ['{{ _.missing.x }}', {}, "UndefinedError: 'dict object' has no attribute 'missing'"],
    ['{{ _.l[5] }}', { l: [1] }, 'UndefinedError: list object has no element 5'],
    ['{{ _.l.foo }}', { l: [1] }, "UndefinedError: 'list object' has no attribute 'foo'"],
    ["{{ 'abc'[5] }}", {}, 'UndefinedError: str object has no element 5'],
    ['{{ _.n.x }}', { n: null }, "UndefinedError: 'None' has no attribute 'x'"],
    ['{{ _.missing == 1 }}', {}, "UndefinedError: 'dict object' has no attribute 'missing'"],
    ["{{ _.missing ~ 'a' }}", {}, "UndefinedError: 'dict object' has no attribute 'missing'"],
    ['{{ _.missing() }}', {}, "UndefinedError: 'dict object' has no attribute 'missing'"],
    ["x{{ (1 if _.missing is defined) + 1 }}", {}, 'UndefinedError: the inline if-expression on line 1 evaluated to false and no else section was defined.'],
  ])('given %j, when evaluated, then it raises %j', (source, data, expected) => {
    expect(evaluationErrorOf(source, data)).toBe(expected);
  });

  it('given a failure, when reported, then the message has Mistral\'s "Can not evaluate" form', () => {
    try {
      compileJinja('{{ _.wrong_key }}').evaluate({ data: {} });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ExpressionEvaluationError);
      expect((error as Error).message).toBe(
        "Can not evaluate Jinja expression [expression={{ _.wrong_key }}, error=UndefinedError: 'dict object' has no attribute 'wrong_key']",
      );
    }
  });

  it('given an undefined value nested in a result, when evaluated whole, then it raises instead of leaking', () => {
    // Deliberate difference: Jinja2 returns [Undefined] here, which fails later, away from the cause.
    expect(evaluationErrorOf('{{ [_.missing] }}')).toBe("UndefinedError: 'dict object' has no attribute 'missing'");
  });

  it('given an undefined value with default, when evaluated, then the default is used', () => {
    expect(evaluate("{{ _.missing|default('x') }}")).toBe('x');
  });

  it('given an engine function that throws, when evaluated, then the failure is an evaluation error', () => {
    const error = evaluationErrorOf("{{ task('nope') }}", {}, { task: () => { throw new Error("Task 'nope' not found"); } });
    expect(error).toBe("Task 'nope' not found");
  });
});
