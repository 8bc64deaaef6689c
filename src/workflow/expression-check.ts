/**
 * Expression syntax checks at validation time, as mistral/expressions/__init__.py `validate`:
 * a string holding `<% %>` is checked as YAQL, one holding `{{ }}`/`{% %}` as Jinja, and one
 * holding both is rejected. Like Mistral's `validate_expr`, only top-level string values of a
 * dict or list are checked, not nested ones.
 */
import { findExpressionErrors } from '../expressions/evaluate.js';

/**
 * The first problem with one string, in Mistral's wording, or undefined. The expression module
 * applies Mistral's rules: YAQL inside `<% %>`, Jinja inside `{{ }}`/`{% %}`, no mixing.
 */
export function expressionProblem(text: string, path: readonly (string | number)[]): string | undefined {
  return findExpressionErrors(text, path.map(String))[0]?.message;
}

/** lang/base.py `validate_expr`: a string, or the string items/values one level down. */
export function topLevelExpressionProblem(
  part: unknown,
  path: readonly (string | number)[],
): { path: readonly (string | number)[]; message: string } | undefined {
  const candidates: Array<[unknown, readonly (string | number)[]]> =
    typeof part === 'string'
      ? [[part, path]]
      : Array.isArray(part)
        ? part.map((v, i) => [v, [...path, i]] as [unknown, (string | number)[]])
        : part !== null && typeof part === 'object'
          ? Object.entries(part).map(([k, v]) => [v, [...path, k]] as [unknown, (string | number)[]])
          : [];
  for (const [value, at] of candidates) {
    if (typeof value !== 'string') continue;
    const message = expressionProblem(value, at);
    if (message) return { path: at, message };
  }
  return undefined;
}
