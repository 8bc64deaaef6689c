/**
 * Parses a template's statements: text, `{{ … }}` and the tags a Mistral environment offers
 * (`if`, `for`, `set`, `with`, `filter`; `raw` is handled by the lexer). Template-loading tags
 * (`extends`, `include`, `import`, …) have nothing to load in Mistral and are rejected.
 */
import { NO_ARGUMENTS, parseFilter } from './call-parser.js';
import { ExpressionParser } from './expression-parser.js';
import { tokenizeExpression, tokenizeTemplate } from './lexer.js';
import type { Expr, FilterCall, Stmt, Target } from './nodes.js';
import { TokenStream } from './token-stream.js';

export function parseTemplate(source: string): Stmt[] {
  const normalized = normalizeNewlines(source);
  const parser = new TemplateParser(new TokenStream(tokenizeTemplate(normalized), normalized));
  return parser.parseBody([]);
}

/** Parses a bare expression, as Jinja2's `compile_expression` does: no implicit tuple. */
export function parseStandaloneExpression(source: string): Expr {
  const stream = new TokenStream(tokenizeExpression(source));
  const expr = new ExpressionParser(stream).parseExpression();
  if (stream.current.type !== 'eof') stream.fail('chunk after expression');
  return expr;
}

/** Jinja2 reads templates with `\n` line ends and drops one trailing newline. */
function normalizeNewlines(source: string): string {
  const unified = source.replace(/\r\n?/g, '\n');
  return unified.endsWith('\n') ? unified.slice(0, -1) : unified;
}

type TagParser = (parser: TemplateParser) => Stmt;

const TAG_PARSERS: Record<string, TagParser> = {
  if: (parser) => parser.parseIf(),
  for: (parser) => parser.parseFor(),
  set: (parser) => parser.parseSet(),
  with: (parser) => parser.parseWith(),
  filter: (parser) => parser.parseFilterBlock(),
};

class TemplateParser {
  private readonly expressions: ExpressionParser;
  /** Names of the blocks being parsed, innermost last, for error messages. */
  private readonly openTags: string[] = [];

  constructor(private readonly stream: TokenStream) {
    this.expressions = new ExpressionParser(stream);
  }

  /** Statements until one of `endNames` opens a tag (left unconsumed) or the template ends. */
  parseBody(endNames: readonly string[]): Stmt[] {
    const body: Stmt[] = [];
    for (;;) {
      const token = this.stream.current;
      if (token.type === 'eof') return body;
      this.stream.next();
      if (token.type === 'data') {
        body.push({ kind: 'text', text: token.value as string });
      } else if (token.type === 'variable_begin') {
        body.push({ kind: 'print', expr: this.expressions.parseTuple() });
        this.stream.expect('variable_end');
      } else if (token.type === 'block_begin') {
        if (endNames.some((name) => this.stream.test(`name:${name}`))) return body;
        body.push(this.parseStatement());
        this.stream.expect('block_end');
      } else {
        this.stream.fail(`unexpected '${String(token.value)}'`, token);
      }
    }
  }

  private parseStatement(): Stmt {
    const token = this.stream.current;
    if (token.type !== 'name') this.stream.fail('tag name expected');
    const parse = TAG_PARSERS[token.value as string];
    if (!parse) return this.failUnknownTag(token.value as string);
    this.openTags.push(token.value as string);
    this.stream.next();
    const statement = parse(this);
    this.openTags.pop();
    return statement;
  }

  private failUnknownTag(name: string): never {
    const innermost = this.openTags.at(-1);
    const hint = innermost ? ` The innermost block that needs to be closed is '${innermost}'.` : '';
    return this.stream.fail(`Encountered unknown tag '${name}'.${hint}`);
  }

  /** Body of a block up to one of `endNames`; with `dropEnd` the end name is consumed. */
  private parseStatements(endNames: readonly string[], dropEnd = false): Stmt[] {
    this.stream.skipIf('operator::');
    this.stream.expect('block_end');
    const body = this.parseBody(endNames);
    if (this.stream.current.type === 'eof') {
      const expected = endNames.map((name) => `'${name}'`).join(' or ');
      this.stream.fail(`Unexpected end of template. Jinja was looking for the following tags: ${expected}. The innermost block that needs to be closed is '${this.openTags.at(-1) ?? ''}'.`);
    }
    if (dropEnd) this.stream.next();
    return body;
  }

  parseIf(): Stmt {
    const branches: Array<{ test: Expr; body: Stmt[] }> = [];
    let otherwise: Stmt[] = [];
    for (;;) {
      const test = this.expressions.parseTuple({ withCondition: false });
      branches.push({ test, body: this.parseStatements(['elif', 'else', 'endif']) });
      const token = this.stream.next();
      if (token.value === 'elif') continue;
      if (token.value === 'else') otherwise = this.parseStatements(['endif'], true);
      return { kind: 'if', branches, otherwise };
    }
  }

  parseFor(): Stmt {
    const target = this.parseAssignTarget(['in']);
    this.stream.expect('name:in');
    const iterable = this.expressions.parseTuple({ withCondition: false, endNames: ['recursive'] });
    const condition = this.stream.skipIf('name:if') ? this.expressions.parseExpression() : undefined;
    const recursive = this.stream.skipIf('name:recursive');
    const body = this.parseStatements(['endfor', 'else']);
    const otherwise = this.stream.next().value === 'endfor' ? [] : this.parseStatements(['endfor'], true);
    return { kind: 'for', target, iterable, recursive, body, otherwise, ...(condition && { condition }) };
  }

  parseSet(): Stmt {
    const target = this.parseAssignTarget([], true);
    if (this.stream.skipIf('operator:=')) return { kind: 'set', target, value: this.expressions.parseTuple() };
    const filters = this.parseFilterCalls(false);
    return { kind: 'setBlock', target, filters, body: this.parseStatements(['endset'], true) };
  }

  parseWith(): Stmt {
    const assignments: Array<[Target, Expr]> = [];
    while (this.stream.current.type !== 'block_end') {
      if (assignments.length > 0) this.stream.expect('operator:,');
      const target = this.parseAssignTarget([]);
      this.stream.expect('operator:=');
      assignments.push([target, this.expressions.parseExpression()]);
    }
    return { kind: 'with', assignments, body: this.parseStatements(['endwith'], true) };
  }

  parseFilterBlock(): Stmt {
    const filters = this.parseFilterCalls(true);
    return { kind: 'filterBlock', filters, body: this.parseStatements(['endfilter'], true) };
  }

  /** `| f(a) | g` (or `f(a) | g` when inline) as a list of filter calls, outermost last. */
  private parseFilterCalls(startInline: boolean): FilterCall[] {
    const placeholder: Expr = { kind: 'const', value: null };
    const calls: FilterCall[] = [];
    let node = parseFilter(this.expressions, placeholder, startInline);
    while (node.kind === 'filter') {
      calls.unshift({ name: node.name, args: node.args ?? NO_ARGUMENTS, position: node.position });
      node = node.value;
    }
    return calls;
  }

  private parseAssignTarget(endNames: string[], withNamespace = false): Target {
    if (withNamespace && this.stream.test('operator:.', this.stream.look())) {
      const namespace = this.stream.expect('name').value as string;
      this.stream.next();
      return { kind: 'attribute', namespace, attribute: this.stream.expect('name').value as string };
    }
    const position = this.stream.current;
    const expr = this.expressions.parseTuple({ simplified: true, endNames });
    const target = toTarget(expr);
    if (!target) this.stream.fail(`can't assign to '${expr.kind}'`, position);
    return target;
  }
}

function toTarget(expr: Expr): Target | undefined {
  if (expr.kind === 'name') return { kind: 'name', name: expr.name };
  if (expr.kind !== 'tuple') return undefined;
  const items = expr.items.map(toTarget);
  return items.every((item) => item !== undefined) ? { kind: 'tuple', items: items as Target[] } : undefined;
}
