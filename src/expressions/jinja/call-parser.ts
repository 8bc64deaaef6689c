/**
 * The call-like parts of Jinja expressions: call arguments (`f(a, k=v, *rest, **more)`),
 * filters (`x|f(a)`) and tests (`x is divisibleby 3`, `x is not none`).
 */
import type { ExpressionParser } from './expression-parser.js';
import type { Arguments, Expr, KeywordArgument } from './nodes.js';
import type { TokenStream } from './token-stream.js';

const TEST_ARGUMENT_TYPES = new Set(['name', 'string', 'integer', 'float']);

export const NO_ARGUMENTS: Arguments = { positional: [], keywords: [] };

export function parseCallArguments(parser: ExpressionParser): Arguments {
  parser.stream.expect('operator:(');
  const positional: Expr[] = [];
  const keywords: KeywordArgument[] = [];
  let star: Expr | undefined;
  let doubleStar: Expr | undefined;
  let first = true;
  while (!parser.stream.isOperator(')')) {
    if (!first) parser.stream.expect('operator:,');
    first = false;
    if (parser.stream.isOperator(')')) break;
    if (parser.stream.skipIf('operator:*')) star = parser.parseExpression();
    else if (parser.stream.skipIf('operator:**')) doubleStar = parser.parseExpression();
    else if (parser.stream.current.type === 'name' && parser.stream.test('operator:=', parser.stream.look())) {
      const name = parser.stream.next().value as string;
      parser.stream.next();
      keywords.push({ name, value: parser.parseExpression() });
    } else {
      if (keywords.length > 0 || star || doubleStar) parser.stream.fail('Invalid argument syntax');
      positional.push(parser.parseExpression());
    }
  }
  parser.stream.expect('operator:)');
  return { positional, keywords, ...(star && { star }), ...(doubleStar && { doubleStar }) };
}

export function parseFilter(parser: ExpressionParser, value: Expr, startInline = false): Expr {
  while (parser.stream.isOperator('|') || startInline) {
    if (!startInline) parser.stream.next();
    startInline = false;
    const position = parser.stream.current.position;
    const name = parseDottedName(parser.stream);
    const args = parser.stream.isOperator('(') ? parseCallArguments(parser) : NO_ARGUMENTS;
    value = { kind: 'filter', name, value, args, position };
  }
  return value;
}

export function parseTest(parser: ExpressionParser, value: Expr): Expr {
  parser.stream.next();
  const negated = parser.stream.skipIf('name:not');
  const position = parser.stream.current.position;
  const name = parseDottedName(parser.stream);
  let args = NO_ARGUMENTS;
  if (parser.stream.isOperator('(')) {
    args = parseCallArguments(parser);
  } else if (startsBareTestArgument(parser.stream)) {
    if (parser.stream.test('name:is')) parser.stream.fail('You cannot chain multiple tests with is');
    args = { positional: [parser.parsePostfix(parser.parsePrimary())], keywords: [] };
  }
  return { kind: 'test', name, value, args, negated, position };
}

function startsBareTestArgument(stream: TokenStream): boolean {
  const token = stream.current;
  const opensLiteral = stream.isOperator('[') || stream.isOperator('{');
  if (!TEST_ARGUMENT_TYPES.has(token.type) && !opensLiteral) return false;
  return !stream.testAny(['name:else', 'name:or', 'name:and']);
}

function parseDottedName(stream: TokenStream): string {
  let name = stream.expect('name').value as string;
  while (stream.skipIf('operator:.')) name += `.${stream.expect('name').value as string}`;
  return name;
}
