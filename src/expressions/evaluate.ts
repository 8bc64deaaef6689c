/**
 * Mistral's expression evaluation over workflow values (mistral/expressions/__init__.py): strings
 * holding `<% %>` (YAQL) or `{{ }}`/`{% %}` (Jinja) are evaluated, dicts and lists recursively.
 * A string that is exactly one expression yields its native value; otherwise each expression is
 * replaced by Python `str()` of its result. Templates are compiled once and cached by text.
 */
import { compileJinja } from './jinja/index.js';
import { ExpressionSyntaxError, type CompiledExpression, type ExpressionLanguage, type ExpressionScope } from './types.js';
import { compileYaql, type CompiledYaql } from './yaql/index.js';

/** A string with expressions, ready to evaluate: native value or substituted text. */
export interface CompiledTemplate {
  readonly language: ExpressionLanguage;
  readonly source: string;
  evaluate(scope: ExpressionScope): unknown;
}

// Python's `.` stops at `\n` only, and Mistral's patterns are not DOTALL: no expression spans lines.
const YAQL_PATTERN = /<%[^\n]*?%>/g;
const JINJA_PATTERN = /\{\{[^\n]*?\}\}|\{%[^\n]*?%\}/;
const MIXING_MESSAGE = "The line already contains an expression of type 'jinja'. Mixing expression types in a single line is not allowed.";

const CACHE_LIMIT = 20_000;
type CacheEntry = CompiledTemplate | null | ExpressionSyntaxError;
const templateCache = new Map<string, CacheEntry>();

/** True when the text holds a YAQL or Jinja expression. */
export function containsExpression(text: string): boolean {
  return (text.includes('<%') || text.includes('{{') || text.includes('{%')) && compileTemplate(text) !== undefined;
}

/**
 * Compiles the expressions of a string, or returns undefined for plain text. Throws
 * ExpressionSyntaxError for grammar errors and for strings mixing YAQL and Jinja.
 */
export function compileTemplate(text: string): CompiledTemplate | undefined {
  if (!text.includes('<%') && !text.includes('{{') && !text.includes('{%')) return undefined;
  let entry = templateCache.get(text);
  if (entry === undefined) {
    entry = compileUncached(text);
    if (templateCache.size >= CACHE_LIMIT) templateCache.delete(templateCache.keys().next().value as string);
    templateCache.set(text, entry);
  }
  if (entry instanceof ExpressionSyntaxError) throw entry;
  return entry ?? undefined;
}

function compileUncached(text: string): CacheEntry {
  try {
    const yaqlMatches = [...text.matchAll(YAQL_PATTERN)].map((match) => ({ raw: match[0], index: match.index }));
    const isJinja = JINJA_PATTERN.test(text);
    if (isJinja && yaqlMatches.length > 0) throw new ExpressionSyntaxError('jinja', text, MIXING_MESSAGE);
    if (isJinja) return jinjaTemplate(text, compileJinja(text));
    return yaqlMatches.length > 0 ? yaqlTemplate(text, yaqlMatches) : null;
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return error;
    throw error;
  }
}

function jinjaTemplate(text: string, compiled: CompiledExpression): CompiledTemplate {
  return { language: 'jinja', source: text, evaluate: (scope) => compiled.evaluate(scope) };
}

/** Mistral strips any run of `<`, `%`, `>` from both ends of `<% … %>`, then whitespace. */
function innerYaql(raw: string): string {
  return raw.replace(/^[<%>]+/, '').replace(/[<%>]+$/, '').trim();
}

function yaqlTemplate(text: string, matches: ReadonlyArray<{ raw: string; index: number }>): CompiledTemplate {
  const first = matches[0];
  if (matches.length === 1 && first && first.raw.length === text.length) {
    const compiled = compileYaql(innerYaql(first.raw));
    return { language: 'yaql', source: text, evaluate: (scope) => compiled.evaluate(scope) };
  }
  const literals: string[] = [];
  const expressions: CompiledYaql[] = [];
  let cursor = 0;
  for (const match of matches) {
    literals.push(text.slice(cursor, match.index));
    expressions.push(compileYaql(innerYaql(match.raw)));
    cursor = match.index + match.raw.length;
  }
  literals.push(text.slice(cursor));
  return { language: 'yaql', source: text, evaluate: (scope) => substitute(literals, expressions, scope) };
}

function substitute(literals: readonly string[], expressions: readonly CompiledYaql[], scope: ExpressionScope): string {
  let result = literals[0] ?? '';
  for (let i = 0; i < expressions.length; i++) {
    result += (expressions[i] as CompiledYaql).evaluateToText(scope) + (literals[i + 1] ?? '');
  }
  return result;
}

/**
 * Evaluates every expression string inside a value (dict values and list items, recursively;
 * dict keys are left as written, as Mistral does). Returns new containers; the input is untouched.
 */
export function evaluateValue(value: unknown, scope: ExpressionScope): unknown {
  if (typeof value === 'string') {
    const template = compileTemplate(value);
    return template ? template.evaluate(scope) : value;
  }
  if (Array.isArray(value)) return value.map((item) => evaluateValue(item, scope));
  if (isPlainObject(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(result, key, { value: evaluateValue(item, scope), enumerable: true, writable: true, configurable: true });
    }
    return result;
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

export interface ExpressionError {
  readonly path: string[];
  readonly message: string;
}

/** Compiles every expression string inside a value and reports syntax errors with their path. */
export function findExpressionErrors(value: unknown, path: string[] = []): ExpressionError[] {
  if (typeof value === 'string') {
    try {
      compileTemplate(value);
      return [];
    } catch (error) {
      if (error instanceof ExpressionSyntaxError) return [{ path, message: error.message }];
      throw error;
    }
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => findExpressionErrors(item, [...path, String(i)]));
  if (isPlainObject(value)) {
    return Object.entries(value).flatMap(([key, item]) => findExpressionErrors(item, [...path, key]));
  }
  return [];
}
