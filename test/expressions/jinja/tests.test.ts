import { describe, expect, it } from 'vitest';
import { evaluate, evaluationErrorOf } from './support.js';

/** Expected texts are Jinja2 3.1.6's output for the same templates. */
const RENDERED: ReadonlyArray<readonly [string, string]> = [
  ['{{ 3 is odd }} {{ 3 is even }} {{ 9 is divisibleby 3 }} {{ 9 is divisibleby(2) }}', 'True False True False'],
  ['{{ none is none }} {{ 1 is number }} {{ 1.5 is float }} {{ 1 is integer }} {{ true is boolean }} {{ true is true }} {{ false is false }} {{ 1 is true }}', 'True True True True True True True False'],
  ["{{ 'a' is string }} {{ {} is mapping }} {{ [] is sequence }} {{ 'ab' is iterable }} {{ 1 is iterable }} {{ 'ab' is lower }} {{ 'AB' is upper }}", 'True True True True False True True'],
  ["{{ 'upper' is filter }} {{ 'odd' is test }} {{ 'nope' is filter }} {{ 1 is in [1, 2] }} {{ 2 is eq 2 }} {{ 2 is ne 3 }}", 'True True False True True True'],
  ['{{ 3 is gt 2 }} {{ 3 is ge 3 }} {{ 2 is lt 3 }} {{ 2 is le 1 }} {{ 1 is sameas 1 }} {{ 3 is greaterthan 1 }}', 'True True True False True True'],
  ['{{ _.missing is defined }} {{ _.missing is undefined }} {{ _.missing is not defined }} {{ _.l is defined }}', 'False True True True'],
  ['{{ lipsum is callable }} {{ _.l is callable }} {{ _.l.append is callable }}', 'True False True'],
  ['v={{ 5 is ge(3) and 4 is not lt 3 }}', 'v=True'],
  ["{{ [1, 5, 9]|select('>', 3)|list }} {{ [1, 2]|reject('==', 1)|list }}", '[5, 9] [2]'],
];

describe('Jinja tests', () => {
  it.each(RENDERED)('given %j, when rendered, then it prints what Jinja2 prints', (source, expected) => {
    expect(evaluate(source, { l: [1] })).toBe(expected);
  });

  it('given a missing key, when tested for none, then it is not none and nothing is raised', () => {
    expect(evaluate('{{ _.missing is none }}')).toBe(false);
    expect(evaluate("{{ _.get('missing') is none }}")).toBe(true);
  });

  it('given an engine function name, when tested with "is filter", then it counts as a filter', () => {
    expect(evaluate("{{ 'task' is filter }}", {}, { task: () => null })).toBe(true);
  });

  it('given a string, when tested for divisibility, then Python string formatting fails like in Jinja2', () => {
    expect(evaluationErrorOf("{{ 'abc' is divisibleby 3 }}")).toBe('TypeError: not all arguments converted during string formatting');
  });

  it('given an unknown test, when evaluated, then it fails like Jinja2', () => {
    expect(evaluationErrorOf('{{ 1 is foo }}')).toBe("TemplateAssertionError: No test named 'foo'.");
  });

  it('given selectattr with a test and argument, when evaluated, then the test receives the argument', () => {
    expect(evaluate("{{ _.l|selectattr('n', 'gt', 1)|map(attribute='n')|list }}", { l: [{ n: 1 }, { n: 2 }, { n: 3 }] })).toEqual([2, 3]);
  });
});
