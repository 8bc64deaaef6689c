/**
 * Validation failures of workflow language documents. Messages follow Mistral's wording
 * ("Invalid DSL: …", "Task 'x' not found.") so people who know Mistral recognize them.
 */
import type { YamlLocator } from './yaml.js';

export interface ValidationIssue {
  /** Document path: workflow, `tasks`, task, attribute (e.g. `['my_wf','tasks','get','with-items']`). */
  readonly path: readonly string[];
  readonly message: string;
  /** Present when the document was parsed from text. */
  readonly line?: number;
  readonly column?: number;
}

function describe(issue: ValidationIssue, source?: string): string {
  if (issue.line === undefined) return issue.message;
  return `${source ?? '<definition>'}:${issue.line}:${issue.column ?? 1}: ${issue.message}`;
}

export class WorkflowValidationError extends Error {
  override readonly name = 'WorkflowValidationError';
  constructor(
    readonly issues: readonly ValidationIssue[],
    readonly source?: string,
  ) {
    super(issues.map((i) => describe(i, source)).join('\n'));
  }
}

/**
 * Thrown inside the parser at the first problem, the way Mistral raises InvalidModelException;
 * the public entry points turn it into a WorkflowValidationError with positions.
 */
export class DslIssue extends Error {
  constructor(
    readonly path: readonly (string | number)[],
    message: string,
  ) {
    super(message);
  }
}

/** Converts parser failures into the public error, adding line/column when a locator is known. */
export function toValidationError(err: unknown, locate?: YamlLocator, source?: string): unknown {
  if (!(err instanceof DslIssue)) return err;
  const position = locate?.(err.path);
  const issues = err.message.split('\n').map((message) => ({
    path: err.path.map(String),
    message,
    ...(position ? { line: position.line, column: position.column } : {}),
  }));
  return new WorkflowValidationError(issues, source);
}
