/**
 * Every case of the shared Jinja conformance set, produced by Mistral's evaluator running on
 * Jinja2 3.1.6. The expected results are data and are never adjusted to the code.
 */
import { readFileSync } from 'node:fs';
import { load as loadYaml } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { compileJinja } from '../../../src/expressions/jinja/index.js';
import { ExpressionEvaluationError, type ExpressionScope } from '../../../src/expressions/types.js';

interface ConformanceCase {
  readonly expr: string;
  readonly data: unknown;
  readonly result?: unknown;
  readonly error?: string;
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/conformance/jinja-cases.json', import.meta.url), 'utf8'),
) as { cases: ConformanceCase[] };

/** Stand-ins for the engine's functions, bound to the data context as Mistral binds them. */
function scopeFor(data: unknown): ExpressionScope {
  const context = (data ?? {}) as Record<string, unknown>;
  return {
    data,
    functions: {
      env: () => context.__env ?? {},
      json_parse: (text) => JSON.parse(String(text)),
      json_dump: (value) => JSON.stringify(value, null, 4),
      yaml_parse: (text) => loadYaml(String(text)),
    },
  };
}

function evaluationError(run: () => unknown): ExpressionEvaluationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ExpressionEvaluationError) return error;
    throw error;
  }
  throw new Error('expected an evaluation error');
}

describe('Jinja conformance with Mistral on Jinja2 3.1.6', () => {
  it('given the fixture, when loaded, then it has cases', () => {
    expect(fixture.cases.length).toBeGreaterThan(0);
  });

  for (const testCase of fixture.cases) {
    const name = `given ${JSON.stringify(testCase.data)}, when ${testCase.expr} is evaluated, then ${
      testCase.error === undefined ? `it yields ${JSON.stringify(testCase.result)}` : `it fails with ${testCase.error}`
    }`;
    it(name, () => {
      const compiled = compileJinja(testCase.expr);
      if (testCase.error !== undefined) {
        expect(evaluationError(() => compiled.evaluate(scopeFor(testCase.data))).detail).toBe(testCase.error);
      } else {
        expect(compiled.evaluate(scopeFor(testCase.data))).toEqual(testCase.result);
      }
    });
  }
});
