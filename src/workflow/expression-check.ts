/**
 * Expression syntax checks at validation time, as mistral/expressions/__init__.py `validate`:
 * a string holding `<% %>` is checked as YAQL, one holding `{{ }}`/`{% %}` as Jinja, and one
 * holding both is rejected. Like Mistral's `validate_expr`, only top-level string values of a
 * dict or list are checked, not nested ones.
 */

export type ExpressionErrorFinder = (value: unknown, path: string[]) => Array<{ path: string[]; message: string }>;

// Wired to the expression languages' syntax checker (src/expressions/evaluate.ts) once available.
let findExpressionErrors: ExpressionErrorFinder = () => [];

export function setExpressionErrorFinder(finder: ExpressionErrorFinder): void {
  findExpressionErrors = finder;
}

const YAQL_MARKER = /<%.*?%>/;
const JINJA_MARKER = /\{\{(.*?)\}\}|\{%(.*?)%\}/;

/** The first problem with one expression string, in Mistral's wording, or undefined. */
export function expressionProblem(text: string, path: readonly (string | number)[]): string | undefined {
  const isJinja = JINJA_MARKER.test(text);
  const isYaql = YAQL_MARKER.test(text);
  if (!isJinja && !isYaql) return undefined;
  if (isJinja) {
    const error = syntaxError(text, path);
    if (error) return error;
  }
  if (isJinja && isYaql) {
    return "The line already contains an expression of type 'jinja'. Mixing expression types in a single line is not allowed.";
  }
  return isYaql ? syntaxError(text, path) : undefined;
}

function syntaxError(text: string, path: readonly (string | number)[]): string | undefined {
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
