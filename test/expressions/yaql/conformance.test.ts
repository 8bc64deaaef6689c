import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileYaql } from '../../../src/expressions/yaql/index.js';
import { ExpressionEvaluationError, ExpressionSyntaxError } from '../../../src/expressions/types.js';

interface ConformanceCase {
  expr: string;
  data: unknown;
  result: unknown;
  error: string | null;
  note: string;
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/conformance/yaql-cases.json', import.meta.url), 'utf8'),
) as { cases: ConformanceCase[] };

/** Python sets are written as strings starting with "set "; the evaluator outputs them as lists. */
function expectedValue(result: unknown): unknown {
  if (typeof result === 'string' && result.startsWith('set ')) return JSON.parse(result.slice(4));
  return result;
}

const GRAMMAR_ERRORS = ['YaqlGrammarException', 'YaqlLexicalException'];

describe('YAQL conformance with openstack/yaql configured like Mistral', () => {
  it('given the conformance file, when loaded, then it holds cases', () => {
    expect(fixture.cases.length).toBeGreaterThan(0);
  });

  for (const testCase of fixture.cases) {
    const title = `given $ = ${JSON.stringify(testCase.data)}, when ${testCase.expr} is evaluated, then ${
      testCase.error ? `it fails (${testCase.error.split(':')[0]})` : `it yields ${JSON.stringify(testCase.result)}`}`;
    it(title, () => {
      if (testCase.error && GRAMMAR_ERRORS.some((kind) => testCase.error?.startsWith(kind))) {
        expect(() => compileYaql(testCase.expr)).toThrow(ExpressionSyntaxError);
        return;
      }
      const compiled = compileYaql(testCase.expr);
      if (testCase.error) {
        expect(() => compiled.evaluate({ data: testCase.data })).toThrow(ExpressionEvaluationError);
        return;
      }
      expect(compiled.evaluate({ data: testCase.data })).toEqual(expectedValue(testCase.result));
    });
  }
});
