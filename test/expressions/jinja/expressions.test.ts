import { describe, expect, it } from 'vitest';
import { evaluate, evaluationErrorOf } from './support.js';

const DATA = { l: [1, 2], s: 'abc', d: { b: 2, a: 1 }, n: null, x: 0 };

/** Expected texts are Jinja2 3.1.6's output for the same templates. */
const RENDERED: ReadonlyArray<readonly [string, string]> = [
  ['v={{ 1.0 }} {{ 1.5 }} {{ 2 * 1.0 }} {{ 3 // 2.0 }} {{ -7 // 2 }} {{ -7 % 3 }} {{ 7 % -3 }} {{ 2 ** -1 }} {{ 10 ** 2 }}', 'v=1.0 1.5 2.0 1.0 -4 2 -2 0.5 100'],
  ['{{ 7 // 2 }} {{ 7 / 2 }} {{ 2 ** 3 }} {{ 4 / 2 }}', '3 3.5 8 2.0'],
  ["{{ 'a' ~ 1 ~ true ~ none }}", 'a1TrueNone'],
  ["{{ 'ab' * 3 }} {{ [1] * 3 }}", 'ababab [1, 1, 1]'],
  ["{{ not _.x }} {{ _.x and 'y' }} {{ _.x or 'z' }}", 'True 0 z'],
  ['{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }}', 'True False'],
  ["{{ 'b' in 'abc' }} {{ 'k' in {'k': 1} }} {{ 2 not in [1, 3] }}", 'True True True'],
  ['{{ _.l[0] }} {{ _.l[-1] }} {{ _.l[1:] }} {{ _.l[::-1] }} {{ _.s[1:3] }} {{ _.s[0] }}{{ _.s[-1] }}', '1 2 [2] [2, 1] bc ac'],
  ["{{ _.d.values()|list }} {{ _.d.get('a') }} {{ _.d.get('zz', 5) }}", '[2, 1] 1 5'],
  ["{{ _.s.upper() }} {{ _.s.split('b') }} {{ '  a b  '.split() }} {{ 'a,b,c'.split(',', 1) }} {{ 'a,b,c'.rsplit(',', 1) }}", "ABC ['a', 'c'] ['a', 'b'] ['a', 'b,c'] ['a,b', 'c']"],
  ["{{ _.s.startswith('a') }} {{ _.s.endswith(('x', 'c')) }} {{ _.s.replace('b', 'B') }} {{ ','.join(['a', 'b']) }}", 'True True aBc a,b'],
  ["{{ ' x '.strip() }}|{{ 'xxaxx'.strip('x') }}|{{ 'abc'.find('c') }}|{{ 'hello world'.title() }}|{{ 'hello'.capitalize() }}", 'x|a|2|Hello World|Hello'],
  ["{{ '{} and {}'.format(1, 'b') }} {{ '{0:>4}|{1:.2f}|{x}'.format(1, 2.5, x='X') }}", '1 and b    1|2.50|X'],
  ["{{ '{:,}'.format(1234567) }} {{ '{:08.3f}'.format(-3.14159) }} {{ '{:^7}'.format('ab') }} {{ '{!r}'.format('a') }} {{ '{:x}'.format(255) }} {{ '{}'.format(2.0) }} {{ '{:.3}'.format(2.0) }}", "1,234,567 -003.142   ab    'a' ff 2.0 2.0"],
  ["{{ '%s=%d' % ('a', 3) }} {{ '%5.1f|%-4s|%03d' % (3.14159, 'ab', 7) }} {{ '%(a)s' % {'a': 1} }} {{ '%s' % [1, 2] }}", 'a=3   3.1|ab  |007 1 [1, 2]'],
  ['{{ "%.2e|%g|%g|%x|%o|%c|%r|%5s|%%" % (12345.678, 0.0001, 1234567.0, 255, 8, 65, \'a\', \'b\') }}', "1.23e+04|0.0001|1.23457e+06|ff|10|A|'a'|    b|%"],
  ['{{ 1e3 }} {{ 1_000 }} {{ 0x10 }} {{ 1.5e-7 }} {{ 0.1 + 0.2 }}', '1000.0 1000 16 1.5e-07 0.30000000000000004'],
  ['{{ 10000000000000000.0 }} {{ 1e16|int }}', '1e+16 10000000000000000'],
  ["{{ \"a\\tb\\u00e9\" }} {{ 'it''s' }}", 'a\tb\u00e9 its'],
  ["{{ range(5)|list }} {{ range(1, 10, 3)|list }} {{ range(5, 0, -2)|list }}", '[0, 1, 2, 3, 4] [1, 4, 7] [5, 3, 1]'],
  ["{{ dict(a=1, b=2) }} {{ dict([('x', 1)]) }}", "{'a': 1, 'b': 2} {'x': 1}"],
  ["{{ {'a': {'b': 1}} }}", "{'a': {'b': 1}}"],
  ['{{ 1 if _.x else 2 }} {{ 5 is ge(3) and "x" }}', '2 x'],
];

describe('Jinja expressions', () => {
  it.each(RENDERED)('given %j, when rendered, then it prints what Jinja2 prints', (source, expected) => {
    expect(evaluate(source, DATA)).toBe(expected);
  });

  it('given a dict, when .items is read as an attribute, then it is the dict method as in Jinja2', () => {
    expect(evaluate('{{ _.items is callable }}', { items: [1] })).toBe(true);
    expect(evaluate("{{ _['items'] }}", { items: [1] })).toEqual([1]);
  });

  it('given a list literal with a value from the data, when evaluated whole, then a native list comes back', () => {
    expect(evaluate("{{ [1, 'a', none, true, 1.5, {'k': 'v'}] }}")).toEqual([1, 'a', null, true, 1.5, { k: 'v' }]);
  });

  it('given a list method that mutates, when called, then it returns None as Python does', () => {
    expect(evaluate('{{ _.l.append(3) }}{{ _.l }}', { l: [1, 2] })).toBe('None[1, 2, 3]');
  });

  it('given context keys Mistral lifts to variables, when read, then __env and __execution resolve', () => {
    const data = { __env: { host: 'h1' }, __execution: { id: 'e1' } };
    expect(evaluate('{{ __env }} {{ __execution }} {{ __task_execution }}', data)).toBe("{'host': 'h1'} {'id': 'e1'} None");
    expect(evaluate('{{ _.__env.host }}', data)).toBe('h1');
  });

  it.each([
    ["{{ 1 + 'a' }}", "TypeError: unsupported operand type(s) for +: 'int' and 'str'"],
    ["{{ 'a' + 1 }}", 'TypeError: can only concatenate str (not "int") to str'],
    ["{{ [1] + 'a' }}", 'TypeError: can only concatenate list (not "str") to list'],
    ['{{ 1 / 0 }}', 'ZeroDivisionError: division by zero'],
    ['{{ 1 // 0 }}', 'ZeroDivisionError: integer division or modulo by zero'],
    ["{{ 'a' < 1 }}", "TypeError: '<' not supported between instances of 'str' and 'int'"],
    ["{{ 1 in 'abc' }}", "TypeError: 'in <string>' requires string as left operand, not int"],
    ['{{ -_.l|length }}', "TypeError: bad operand type for unary -: 'list'"],
    ["{{ 'x'() }}", "TypeError: 'str' object is not callable"],
    ['{{ range(200000)|length }}', 'OverflowError: Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).'],
    ["{{ 'ab'.__class__ }}", "SecurityError: access to attribute '__class__' of 'str' object is unsafe."],
  ])('given %j, when evaluated, then it fails with Python\'s error %j', (source, expected) => {
    expect(evaluationErrorOf(source, DATA)).toBe(expected);
  });
});
