/**
 * Every document of Mistral's own validation tests, with Mistral's verdict
 * (test/fixtures/conformance/validation-cases.json). Expected results are never edited here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWorkflowList } from '../../src/workflow/parse.js';
import { WorkflowValidationError } from '../../src/workflow/errors.js';

interface Case {
  readonly source: string;
  readonly expect_invalid: boolean;
  readonly shim_error: string;
  readonly yaml: string;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/conformance/validation-cases.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

function outcome(text: string): { valid: true } | { valid: false; message: string } {
  try {
    parseWorkflowList(text);
    return { valid: true };
  } catch (err) {
    if (err instanceof WorkflowValidationError) return { valid: false, message: err.issues.map((i) => i.message).join('\n') };
    throw err;
  }
}

/** Mistral's message without the exception class, e.g. "Invalid DSL: [] should be non-empty". */
function mistralMessage(shimError: string): string {
  return shimError.replace(/^\w+: /, '');
}

describe('Given the documents of Mistral\'s validation unit tests', () => {
  fixture.cases.forEach((c, index) => {
    const label = `${index}: ${c.source.split('::')[1]} → ${c.expect_invalid ? mistralMessage(c.shim_error).slice(0, 80) : 'valid'}`;
    it(`When case ${label} is parsed, Then the verdict matches Mistral`, () => {
      const result = outcome(c.yaml);
      expect(result.valid).toBe(!c.expect_invalid);
      if (result.valid || !c.shim_error) return;
      const expected = mistralMessage(c.shim_error);
      if (/Grammar/.test(c.shim_error)) {
        // Expression syntax errors: the wording belongs to the expression languages.
        expect(result.message.length).toBeGreaterThan(0);
      } else if (expected.startsWith('Wrong format of')) {
        expect(result.message).toContain("Wrong format of 'with-items' property");
      } else {
        expect(result.message).toBe(expected);
      }
    });
  });
});
