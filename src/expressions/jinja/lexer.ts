/**
 * Tokenizer for Jinja templates, configured like Mistral's environment: `trim_blocks` and
 * `lstrip_blocks` on, default delimiters, `-`/`+` whitespace control, `{% raw %}` and comments.
 */
import { JinjaSyntaxError } from './errors.js';

export type TokenType =
  | 'data'
  | 'variable_begin'
  | 'variable_end'
  | 'block_begin'
  | 'block_end'
  | 'name'
  | 'string'
  | 'integer'
  | 'float'
  | 'operator'
  | 'eof';

export interface Token {
  readonly type: TokenType;
  /** Text for data/name/operator tokens, the decoded value for strings and numbers. */
  readonly value: string | number;
  readonly position: number;
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const STRING = /'([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)"/sy;
const FLOAT = /(?<!\.)(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?[eE][+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/y;
const INTEGER = /0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[\da-fA-F])+|[1-9](?:_?\d)*|0(?:_?0)*/y;
const OPERATOR = /\/\/|\*\*|==|!=|>=|<=|[+\-/*%~[\](){}<>=.:|,;]/y;
const WHITESPACE = /\s+/y;
const OPENING = /\{\{|\{%|\{#/g;
const RAW_TAG = /\{%([-+]?)\s*raw\s*(-?)%\}/y;
const ENDRAW_TAG = /\{%([-+]?)\s*endraw\s*(-?)%\}/g;
const CLOSING_BRACKETS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** Tokens of a whole template. */
export function tokenizeTemplate(source: string): Token[] {
  return new TemplateLexer(source).run();
}

/** Tokens of a bare expression (the inside of a whole-string `{{ … }}`), ending with eof. */
export function tokenizeExpression(source: string): Token[] {
  const tokens: Token[] = [];
  const end = lexTagContent(source, 0, tokens, null);
  tokens.push({ type: 'eof', value: '', position: end });
  return tokens;
}

class TemplateLexer {
  private readonly tokens: Token[] = [];
  private position = 0;
  /** True when the text before the next tag starts a line, for lstrip_blocks. */
  private lineStarting = true;

  constructor(private readonly source: string) {}

  run(): Token[] {
    while (this.position < this.source.length) {
      OPENING.lastIndex = this.position;
      const opening = OPENING.exec(this.source);
      if (!opening) {
        this.pushData(this.source.slice(this.position), this.position);
        break;
      }
      this.lexTag(opening[0], opening.index);
    }
    this.tokens.push({ type: 'eof', value: '', position: this.source.length });
    return this.tokens;
  }

  private lexTag(opening: string, start: number): void {
    const sign = this.source[start + 2];
    const text = this.stripBefore(this.source.slice(this.position, start), opening, sign);
    this.pushData(text, this.position);
    const contentStart = start + 2 + (sign === '-' || sign === '+' ? 1 : 0);
    if (opening === '{#') return this.skipComment(start, contentStart);
    if (opening === '{%' && this.lexRaw(start)) return;
    const isBlock = opening === '{%';
    this.tokens.push({ type: isBlock ? 'block_begin' : 'variable_begin', value: opening, position: start });
    const closing = isBlock ? '%}' : '}}';
    const end = lexTagContent(this.source, contentStart, this.tokens, closing);
    this.tokens.push({ type: isBlock ? 'block_end' : 'variable_end', value: closing, position: end });
    this.finishTag(end, isBlock);
  }

  /** Applies `{%-` (strip all whitespace) or lstrip_blocks (strip indentation) to the text. */
  private stripBefore(text: string, opening: string, sign: string | undefined): string {
    if (sign === '-') return text.trimEnd();
    if (sign === '+' || opening === '{{') return text;
    const lineStart = text.lastIndexOf('\n') + 1;
    if ((lineStart > 0 || this.lineStarting) && /^[^\S\n]*$/.test(text.slice(lineStart))) {
      return text.slice(0, lineStart);
    }
    return text;
  }

  /** Moves past a closing delimiter at `end`, honouring `-` and trim_blocks. */
  private finishTag(end: number, trimsNewline: boolean): void {
    const stripAfter = this.source[end] === '-';
    let position = end + (stripAfter ? 3 : 2);
    if (stripAfter) {
      while (position < this.source.length && /\s/.test(this.source[position]!)) position++;
    } else if (trimsNewline && this.source[position] === '\n') {
      position++;
    } else if (trimsNewline && this.source.startsWith('\r\n', position)) {
      position += 2;
    }
    this.lineStarting = this.source[position - 1] === '\n';
    this.position = position;
  }

  private skipComment(start: number, contentStart: number): void {
    const close = this.source.indexOf('#}', contentStart);
    if (close < 0) throw new JinjaSyntaxError('Missing end of comment tag', start);
    const end = this.source[close - 1] === '-' && close - 1 >= contentStart ? close - 1 : close;
    this.finishTag(end, true);
  }

  /** `{% raw %}…{% endraw %}` emits its content as data without lexing it. */
  private lexRaw(start: number): boolean {
    RAW_TAG.lastIndex = start;
    const raw = RAW_TAG.exec(this.source);
    if (!raw) return false;
    ENDRAW_TAG.lastIndex = RAW_TAG.lastIndex;
    const endRaw = ENDRAW_TAG.exec(this.source);
    if (!endRaw) throw new JinjaSyntaxError('Missing end of raw directive', start);
    let content = this.source.slice(RAW_TAG.lastIndex, endRaw.index);
    if (raw[2] === '-') content = content.trimStart();
    if (endRaw[1] === '-') content = content.trimEnd();
    this.pushData(content, RAW_TAG.lastIndex);
    const closeAt = ENDRAW_TAG.lastIndex - (endRaw[2] === '-' ? 3 : 2);
    this.finishTag(closeAt, true);
    return true;
  }

  private pushData(text: string, position: number): void {
    if (text.length > 0) this.tokens.push({ type: 'data', value: text, position });
  }
}

/**
 * Lexes expression tokens from `start` until `closing` appears outside brackets (or the end
 * of the source when `closing` is null). Returns the offset of the closing delimiter (or of
 * its `-` sign).
 */
function lexTagContent(source: string, start: number, tokens: Token[], closing: string | null): number {
  const brackets: string[] = [];
  let position = start;
  for (;;) {
    WHITESPACE.lastIndex = position;
    if (WHITESPACE.exec(source)) position = WHITESPACE.lastIndex;
    if (closing !== null && brackets.length === 0) {
      if (source.startsWith(closing, position)) return position;
      if (source[position] === '-' && source.startsWith(closing, position + 1)) return position;
    }
    if (position >= source.length) {
      if (closing === null && brackets.length === 0) return position;
      const expected = closing === null ? `'${brackets.at(-1)}'` : closing === '}}' ? "'end of print statement'" : "'end of statement block'";
      throw new JinjaSyntaxError(`unexpected end of template, expected ${expected}.`, position);
    }
    const { token, end } = lexToken(source, position);
    trackBrackets(token, brackets);
    tokens.push(token);
    position = end;
  }
}

function lexToken(source: string, position: number): { token: Token; end: number } {
  for (const [type, pattern] of TOKEN_PATTERNS) {
    pattern.lastIndex = position;
    const match = pattern.exec(source);
    if (!match) continue;
    return { token: { type, value: tokenValue(type, match), position }, end: pattern.lastIndex };
  }
  throw new JinjaSyntaxError(`unexpected char ${JSON.stringify(source[position])} at ${position}`, position);
}

const TOKEN_PATTERNS: ReadonlyArray<readonly [TokenType, RegExp]> = [
  ['float', FLOAT],
  ['integer', INTEGER],
  ['name', NAME],
  ['string', STRING],
  ['operator', OPERATOR],
];

function tokenValue(type: TokenType, match: RegExpExecArray): string | number {
  const text = match[0];
  if (type === 'float') return Number(text.replace(/_/g, ''));
  if (type === 'integer') return parseInteger(text.replace(/_/g, ''));
  if (type === 'string') return unescapeString(match[1] ?? match[2] ?? '');
  return text;
}

function parseInteger(text: string): number {
  const prefix = text.slice(0, 2).toLowerCase();
  if (prefix === '0b') return parseInt(text.slice(2), 2);
  if (prefix === '0o') return parseInt(text.slice(2), 8);
  if (prefix === '0x') return parseInt(text.slice(2), 16);
  return Number(text);
}

function trackBrackets(token: Token, brackets: string[]): void {
  if (token.type !== 'operator') return;
  const symbol = token.value as string;
  if (symbol === '(' || symbol === '[' || symbol === '{') {
    brackets.push(symbol);
  } else if (symbol in CLOSING_BRACKETS) {
    if (brackets.pop() !== CLOSING_BRACKETS[symbol]) {
      throw new JinjaSyntaxError(`unexpected '${symbol}'`, token.position);
    }
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0', '\n': '',
};

/** Python string-literal escapes (`\n`, `\xNN`, `\uNNNN`, …); unknown escapes stay as written. */
function unescapeString(body: string): string {
  if (!body.includes('\\')) return body;
  return body.replace(/\\(x[\da-fA-F]{2}|u[\da-fA-F]{4}|U[\da-fA-F]{8}|[0-7]{1,3}|[\s\S])/g, (whole, code: string) => {
    if (/^[xuU]/.test(code) && code.length > 1) return String.fromCodePoint(parseInt(code.slice(1), 16));
    if (/^[0-7]+$/.test(code) && code !== '0') return String.fromCodePoint(parseInt(code, 8));
    return SIMPLE_ESCAPES[code] ?? whole;
  });
}
