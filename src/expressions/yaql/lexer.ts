/**
 * YAQL tokenizer, following yaql/language/lexer.py: `$name` variables, numbers, `name(` function
 * heads, bare identifiers as string constants, three quoting styles and the operator table.
 */
import { ExpressionSyntaxError } from '../types.js';
import { PythonFloat } from '../python-values.js';

export type TokenType =
  | 'dollar' | 'number' | 'func' | 'keyword' | 'string' | 'constant' | 'operator' | 'punct' | 'eof';

export interface Token {
  readonly type: TokenType;
  /** Variable name (`''` for `$`), function name, string text, operator symbol or punctuation. */
  readonly text: string;
  /** Literal value for numbers, strings and `true`/`false`/`null`. */
  readonly value?: unknown;
  /** Offset of the token in the expression, as yaql reports it in parse errors. */
  readonly position: number;
}

/** Operator words: lexed like identifiers, but they are operators, not string constants. */
const WORD_OPERATORS = new Set(['and', 'or', 'not', 'in', 'mod']);
const CONSTANTS: Readonly<Record<string, unknown>> = { true: true, false: false, null: null };
/** Longest first, as PLY orders string-defined token rules. */
const SYMBOL_OPERATORS = ['?.', '=~', '!~', '>=', '<=', '!=', '->', '=>', '.', '+', '-', '*', '/', '>', '<', '='];
const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',']);

// Sticky patterns tried in yaql's rule order: DOLLAR, NUMBER, FUNC, KEYWORD_STRING.
const DOLLAR_RE = /\$[\p{L}\p{N}_]*/uy;
const NUMBER_RE = /\d+(?:\.?\d+)?(?![\p{L}\p{N}_])/uy;
const FUNC_RE = /[\p{L}_][\p{L}\p{N}\p{M}_]*\(/uy;
const WORD_RE = /[\p{L}_][\p{L}\p{N}\p{M}_]*/uy;
const WORD_CHAR_RE = /[\p{L}\p{N}_]/u;

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < source.length) {
    const ch = source[pos] as string;
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      pos++;
      continue;
    }
    const token = readToken(source, pos);
    tokens.push(token.token);
    pos = token.end;
  }
  tokens.push({ type: 'eof', text: '', position: source.length });
  return tokens;
}

function readToken(source: string, pos: number): { token: Token; end: number } {
  const ch = source[pos] as string;
  if (ch === "'" || ch === '"' || ch === '`') return readQuoted(source, pos, ch);
  const wordBoundary = pos === 0 || !WORD_CHAR_RE.test(source[pos - 1] as string);
  const dollar = matchAt(DOLLAR_RE, source, pos);
  if (dollar) return { token: { type: 'dollar', text: dollar.slice(1), position: pos }, end: pos + dollar.length };
  const number = wordBoundary ? matchAt(NUMBER_RE, source, pos) : undefined;
  if (number) return { token: numberToken(number, pos), end: pos + number.length };
  const func = wordBoundary ? matchAt(FUNC_RE, source, pos) : undefined;
  if (func) return { token: { type: 'func', text: func.slice(0, -1), position: pos }, end: pos + func.length };
  const word = matchAt(WORD_RE, source, pos);
  if (word && !word.startsWith('__')) return { token: wordToken(word, pos), end: pos + word.length };
  const symbol = SYMBOL_OPERATORS.find((op) => source.startsWith(op, pos));
  if (symbol) return { token: { type: 'operator', text: symbol, position: pos }, end: pos + symbol.length };
  if (PUNCTUATION.has(ch)) return { token: { type: 'punct', text: ch, position: pos }, end: pos + 1 };
  throw new ExpressionSyntaxError('yaql', source, `Lexical error: illegal character '${ch}' at position ${pos}`, pos);
}

function matchAt(re: RegExp, source: string, pos: number): string | undefined {
  re.lastIndex = pos;
  return re.exec(source)?.[0];
}

function numberToken(text: string, pos: number): Token {
  const value = text.includes('.') ? toFloat(Number(text)) : Number(text);
  return { type: 'number', text, value, position: pos };
}

function toFloat(n: number): number | PythonFloat {
  return Number.isInteger(n) ? new PythonFloat(n) : n;
}

function wordToken(word: string, pos: number): Token {
  if (WORD_OPERATORS.has(word)) return { type: 'operator', text: word, position: pos };
  if (word in CONSTANTS) return { type: 'constant', text: word, value: CONSTANTS[word], position: pos };
  return { type: 'keyword', text: word, value: word, position: pos };
}

function readQuoted(source: string, pos: number, quote: string): { token: Token; end: number } {
  let end = pos + 1;
  while (end < source.length && source[end] !== quote) end += source[end] === '\\' ? 2 : 1;
  if (end >= source.length) {
    throw new ExpressionSyntaxError('yaql', source, `Lexical error: illegal character '${quote}' at position ${pos}`, pos);
  }
  const raw = source.slice(pos + 1, end);
  const value = quote === '`' ? raw.replaceAll('\\`', '`') : decodeEscapes(raw);
  return { token: { type: 'string', text: value, value, position: pos }, end: end + 1 };
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};
const ESCAPE_RE = /\\(U[0-9a-fA-F]{8}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{1,3}|[\\'"abfnrtv])/g;

/** Python escape sequences; unknown ones (`\d`) stay as written, so regexes keep their backslash. */
function decodeEscapes(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(ESCAPE_RE, (_match, body: string) => {
    const simple = SIMPLE_ESCAPES[body];
    if (simple !== undefined) return simple;
    const kind = body[0];
    if (kind === 'U' || kind === 'u' || kind === 'x') return String.fromCodePoint(parseInt(body.slice(1), 16));
    return String.fromCodePoint(parseInt(body, 8));
  });
}
