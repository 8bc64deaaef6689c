import { describe, expect, it } from 'vitest';
import { evaluate, evaluationErrorOf } from './support.js';

const DATA = { l: [1, 2], s: 'abc', d: { b: 2, a: 1 }, a: 0, b: 1 };

/** Expected texts are Jinja2 3.1.6's output with Mistral's environment options. */
const RENDERED: ReadonlyArray<readonly [string, string]> = [
  ['{% if _.a %}A{% elif _.b %}B{% else %}C{% endif %}', 'B'],
  ['{% for i in [] %}x{% else %}empty{% endfor %}', 'empty'],
  ["{% for i in _.l %}{{ loop.index }}/{{ loop.length }}{{ ',' if not loop.last }}{% endfor %}", '1/2,2/2'],
  ["{% for i in _.l %}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.first }}{{ loop.cycle('a', 'b') }} {% endfor %}", '021Truea 110Falseb '],
  ["{% for i in _.l %}{{ loop.previtem is defined }}{{ loop.nextitem|default('-') }} {% endfor %}", 'False2 True- '],
  ['{% for k, v in _.d.items() %}{{ k }}={{ v }};{% endfor %}', 'b=2;a=1;'],
  ['{% for i in [1, 2, 3, 4] if i is even %}{{ i }}{% endfor %}', '24'],
  ["{% for i in [1, 2] %}{% for j in 'ab' %}{{ i }}{{ j }}{{ loop.depth }} {% endfor %}{% endfor %}", '1a1 1b1 2a1 2b1 '],
  ["{% for n in [{'v': 1, 'c': [{'v': 2, 'c': []}]}] recursive %}{{ n.v }}[{{ loop(n.c) }}]{% endfor %}", '1[2[]]'],
  ['{% set ns = namespace(count=0) %}{% for i in [1, 2, 3] %}{% set ns.count = ns.count + i %}{% endfor %}{{ ns.count }}', '6'],
  ['{% set x = 1 %}{% for i in [1, 2] %}{% set x = x + i %}{{ x }}{% endfor %}{{ x }}', '231'],
  ['{% set a, b = 1, 2 %}{{ a }}{{ b }}', '12'],
  ['{% set block %}Hi {{ _.s }}{% endset %}{{ block }}', 'Hi abc'],
  ['{% set up | upper %}hi{% endset %}{{ up }}', 'HI'],
  ["{% filter upper %}abc{{ 'd' }}{% endfilter %}", 'ABCD'],
  ['{% with y = 5 %}{{ y }}{% endwith %}{{ y is defined }}', '5False'],
  ['{% raw %}{{ not evaluated }}{% endraw %}', '{{ not evaluated }}'],
  ["{% set c = cycler('a', 'b') %}{{ c.next() }}{{ c.next() }}{{ c.next() }}{{ c.current }}", 'abab'],
  ["{% set j = joiner('|') %}{% for i in [1, 2, 3] %}{{ j() }}{{ i }}{% endfor %}", '1|2|3'],
  ['a {# comment #} b', 'a  b'],
];

/** Whitespace control: trim_blocks and lstrip_blocks are on, and `-`/`+` modifiers apply. */
const WHITESPACE: ReadonlyArray<readonly [string, string]> = [
  ['<ul>\n  {% for i in _.l %}\n  <li>{{ i }}</li>\n  {% endfor %}\n</ul>\n', '<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>'],
  ['x   {%- if true %} y {% endif -%}   z', 'x y z'],
  ['  {%+ if true %}kept{% endif %}', '  kept'],
  ['  {% if true %}stripped{% endif %}', 'stripped'],
  ['{% if true %}\nline\n{% endif %}\n', 'line\n'],
  ['a\r\nb\n\n', 'a\nb\n'],
  ['  {{ 1 }}', '  1'],
];

describe('Jinja statements', () => {
  it.each(RENDERED)('given %j, when rendered, then it prints what Jinja2 prints', (source, expected) => {
    expect(evaluate(source, DATA)).toBe(expected);
  });

  it.each(WHITESPACE)('given %j, when rendered, then whitespace is handled as Mistral configures Jinja2', (source, expected) => {
    expect(evaluate(source, DATA)).toBe(expected);
  });

  it('given a loop over an undefined value, when rendered, then the undefined error is raised', () => {
    expect(evaluationErrorOf('{% for x in _.missing %}{% endfor %}')).toBe("UndefinedError: 'dict object' has no attribute 'missing'");
  });

  it('given a tuple target that does not match, when rendered, then Python unpacking fails', () => {
    expect(evaluationErrorOf('{% for a, b in [[1, 2, 3]] %}{% endfor %}')).toBe('ValueError: too many values to unpack (expected 2)');
  });

  it('given an attribute assignment on a plain value, when rendered, then it is refused', () => {
    expect(evaluationErrorOf('{% set x = 1 %}{% set x.y = 2 %}')).toBe('TemplateRuntimeError: cannot assign attribute on non-namespace object');
  });

  it('given an if without else, when false inside text, then it prints nothing', () => {
    expect(evaluate("v={{ 'y' if _.a }}", DATA)).toBe('v=');
  });

  it('given a block tag only, when evaluated, then the result is always a string', () => {
    expect(evaluate('{% if _.b %}{{ _.l }}{% endif %}', DATA)).toBe('[1, 2]');
  });
});
