import { describe, expect, it } from 'vitest';
import { evaluate, evaluationErrorOf, SERVERS } from './support.js';

/** Expected texts are Jinja2 3.1.6's output for the same templates. */
const RENDERED: ReadonlyArray<readonly [string, string]> = [
  ["{{ [1, 2, 3]|sum }} {{ [1, 2, 3]|sum(start=10) }} {{ _.servers|sum(attribute='n') }}", '6 16 6'],
  ["{{ _.servers|map(attribute='name')|join(', ') }}", 'centos, ubuntu, win'],
  ["{{ [1, 2, 3, 4]|select('odd')|list }} {{ [1, 2, 3, 4]|reject('even')|list }} {{ [0, 1, '', 'a']|select|list }}", "[1, 3] [1, 3] [1, 'a']"],
  ["{{ [1, 2, 3, 4]|select('divisibleby', 2)|list }} {{ [1, 5, 9]|select('>', 3)|list }}", '[2, 4] [5, 9]'],
  ["{{ ['a', 'B', 'c']|sort }} {{ ['a', 'B', 'c']|sort(case_sensitive=true) }} {{ [3, 1, 2]|sort(reverse=true) }}", "['a', 'B', 'c'] ['B', 'a', 'c'] [3, 2, 1]"],
  ["{{ ['a', 'A', 'b']|unique|list }} {{ ['a', 'A', 'b']|unique(case_sensitive=true)|list }}", "['a', 'b'] ['a', 'A', 'b']"],
  ["{{ [3, 1, 2]|min }} {{ [3, 1, 2]|max }} {{ ['a', 'B']|max }} {{ []|max is defined }}", '1 3 B False'],
  ["v={{ _.servers|max(attribute='n') }}", "v={'name': 'win', 'os': 'windows', 'n': 3}"],
  ["{{ [1, 2, 3]|first }} {{ [1, 2, 3]|last }} {{ 'abc'|first }} {{ []|first is defined }}", '1 3 a False'],
  ["{{ [1, 2, 3]|reverse|list }} {{ 'abc'|reverse }}", '[3, 2, 1] cba'],
  ["{{ 'abc'|list }} {{ {'a': 1}|list }} {{ 'abc'|length }} {{ {'a': 1}|count }}", "['a', 'b', 'c'] ['a'] 3 1"],
  ["{{ [1, 2, 3, 4, 5]|batch(2)|list }} {{ [1, 2, 3, 4, 5]|batch(2, 0)|list }}", '[[1, 2], [3, 4], [5]] [[1, 2], [3, 4], [5, 0]]'],
  ["{{ [1, 2, 3, 4, 5]|slice(2)|list }} {{ [1, 2, 3, 4, 5]|slice(3, 'x')|list }}", "[[1, 2, 3], [4, 5]] [[1, 2], [3, 4], [5, 'x']]"],
  ["{{ 3.7|round }} {{ 2.5|round }} {{ 3.14159|round(2) }} {{ 3.11|round(1, 'ceil') }} {{ 3.19|round(1, 'floor') }} {{ 3|round }}", '4.0 2.0 3.14 3.2 3.1 3'],
  ['{{ -3|abs }} {{ -3.5|abs }}', '3 3.5'],
  ["{{ '42'|int }} {{ '4.7'|int }} {{ 'x'|int }} {{ 'x'|int(7) }} {{ '0x1A'|int(0, 16) }} {{ 3.9|int }} {{ none|int }}", '42 4 0 7 26 3 0'],
  ["{{ '4.5'|float }} {{ '4'|float }} {{ 'x'|float }} {{ 3|float }}", '4.5 4.0 0.0 3.0'],
  ["{{ 'hello world'|capitalize }} {{ 'hello world'|title }} {{ 'HeLLo'|lower }} {{ 'hello'|upper }}", 'Hello world Hello World hello HELLO'],
  ["{{ '  x  '|trim }}|{{ 'xxaxx'|trim('x') }}", 'x|a'],
  ["[{{ 'ab'|center(6) }}] [{{ 'abc'|center(6) }}]", '[  ab  ] [ abc  ]'],
  ["{{ 'aXbXc'|replace('X', '-') }} {{ 'aXbXc'|replace('X', '-', 1) }}", 'a-b-c a-bXc'],
  ['{{ \'<a href="x">T&C</a>\'|e }} {{ \'<b>\'|escape }} {{ \'<b>\'|safe }} {{ \'<p>Hi <b>there</b></p>\'|striptags }}', '&lt;a href=&#34;x&#34;&gt;T&amp;C&lt;/a&gt; &lt;b&gt; <b> Hi there'],
  ["{{ 'a\\nb\\nc'|indent }}|{{ 'a\\nb'|indent(2, true) }}|{{ 'a\\n\\nb'|indent(2, blank=true) }}", 'a\n    b\n    c|  a\n  b|a\n  \n  b'],
  ["v={{ 'one two three four'|wordcount }}", 'v=4'],
  ["{{ 'Lorem ipsum dolor sit amet consectetur'|truncate(20) }}|{{ 'Lorem ipsum dolor sit amet consectetur'|truncate(20, true) }}|{{ 'short'|truncate(20) }}|{{ 'Lorem ipsum dolor sit amet'|truncate(10, end='!') }}", 'Lorem ipsum...|Lorem ipsum dolor...|short|Lorem!'],
  ["{{ 'a b/c&d'|urlencode }} {{ {'a': 'b c', 'd': 1}|urlencode }} {{ [('x', 'y z')]|urlencode }}", 'a%20b/c%26d a=b+c&d=1 x=y+z'],
  ["{{ '%s, %s!'|format('Hello', 'World') }} {{ '%(a)s'|format(a=1) }}", 'Hello, World! 1'],
  ["{{ {'b': [1, 2.5, none, true], 'a': '\u00e9<'}|tojson }}", '{"a": "\\u00e9\\u003c", "b": [1, 2.5, null, true]}'],
  ['{{ [1, 2]|tojson(indent=2) }}', '[\n  1,\n  2\n]'],
  ['{{ 12345|filesizeformat }} {{ 1|filesizeformat }} {{ 1000000|filesizeformat(true) }} {{ 100|filesizeformat }}', '12.3 kB 1 Byte 976.6 KiB 100 Bytes'],
  ["{{ 'the quick brown fox jumps over the lazy dog'|wordwrap(10) }}", 'the quick\nbrown fox\njumps over\nthe lazy\ndog'],
  ["{{ {'class': 'x', 'id': none, 'data-x': 1}|xmlattr }}", ' class="x" data-x="1"'],
  ["{% for grp in _.servers|groupby('os') %}{{ grp.grouper }}={{ grp.list|map(attribute='name')|join('+') }};{% endfor %}", 'linux=centos+ubuntu;windows=win;'],
  ["{% for os, items in _.servers|groupby('os') %}{{ os }}:{{ items|length }} {% endfor %}", 'linux:2 windows:1 '],
  ["{{ [1, 2]|map('string')|list }} {{ ['a', 'b']|map('upper')|list }}", "['1', '2'] ['A', 'B']"],
  ["{{ {'a': 1}|attr('a') is defined }} {{ 'abc'|attr('upper') is callable }}", 'False True'],
  ["{{ 'check me'|pprint }} {{ {'b': 1, 'a': [1, 2]}|pprint }}", "'check me' {'a': [1, 2], 'b': 1}"],
  ["{{ _.missing|default('d') }} {{ none|default('d') }} {{ none|default('d', true) }} {{ ''|d('e', true) }}", 'd None d e'],
  ['{{ [] is sequence }} {{ none|string }} {{ true|string }} {{ [1]|string }}', 'True None True [1]'],
];

describe('Jinja filters', () => {
  it.each(RENDERED)('given %j, when rendered, then it prints what Jinja2 prints', (source, expected) => {
    expect(evaluate(source, { servers: SERVERS })).toBe(expected);
  });

  it('given a list of dicts, when selectattr filters it, then the matching dicts come back natively', () => {
    expect(evaluate("{{ _.servers|selectattr('name', 'equalto', 'ubuntu')|list }}", { servers: SERVERS })).toEqual([SERVERS[1]]);
  });

  it('given a multi-attribute sort key, when sorted, then ties fall back to the second attribute', () => {
    const data = { servers: [{ n: 2, name: 'b' }, { n: 1, name: 'z' }, { n: 2, name: 'a' }] };
    expect(evaluate("{{ _.servers|sort(attribute='n,name')|map(attribute='name')|list }}", data)).toEqual(['z', 'a', 'b']);
  });

  it('given a dict, when dictsorted or listed as items, then pairs come back as lists', () => {
    expect(evaluate('{{ _.d|dictsort }}', { d: { b: 2, a: 1 } })).toEqual([['a', 1], ['b', 2]]);
    expect(evaluate("{{ {'b': 1, 'a': 2}|dictsort(by='value', reverse=true) }}")).toEqual([['a', 2], ['b', 1]]);
    expect(evaluate('{{ _.d|items|list }}', { d: { b: 2, a: 1 } })).toEqual([['b', 2], ['a', 1]]);
  });

  it('given groupby, when evaluated whole, then groups are [grouper, items] pairs with case folded', () => {
    expect(evaluate("{{ _.servers|groupby('os')|map(attribute='grouper')|list }}", { servers: SERVERS })).toEqual(['linux', 'windows']);
  });

  it('given map with an attribute and a default, when an item lacks it, then the default is used', () => {
    expect(evaluate("{{ _.l|map(attribute='x', default='-')|list }}", { l: [{ x: 1 }, {}] })).toEqual([1, '-']);
  });

  it('given an undefined value, when piped through a filter that reads it, then the undefined error is raised', () => {
    expect(evaluationErrorOf('{{ _.missing|length }}')).toBe("UndefinedError: 'dict object' has no attribute 'missing'");
    expect(evaluationErrorOf('{{ _.missing|upper }}')).toBe("UndefinedError: 'dict object' has no attribute 'missing'");
  });

  it('given an unknown filter, when evaluated, then it fails like Jinja2', () => {
    expect(evaluationErrorOf('{{ 1|foo }}')).toBe("TemplateAssertionError: No filter named 'foo'.");
  });

  it('given a filter called with a wrong keyword, when evaluated, then a TypeError names it', () => {
    expect(evaluationErrorOf('{{ [1]|join(sep=",") }}')).toBe("TypeError: do_join() got an unexpected keyword argument 'sep'");
  });

  it('given the float filter, when the result is integral, then it is still printed as a float', () => {
    expect(evaluate('v={{ 3|float }}')).toBe('v=3.0');
    expect(evaluate('{{ 3|float }}')).toBe(3);
  });

  it('given an empty sequence, when first is printed, then the undefined error explains why', () => {
    expect(evaluationErrorOf('{{ []|first }}')).toBe('UndefinedError: No first item, sequence was empty.');
  });
});
