import { describe, expect, it } from 'vitest';
import { compileTemplate, evaluateValue, findExpressionErrors } from '../../src/expressions/evaluate.js';
import { ExpressionEvaluationError, ExpressionSyntaxError } from '../../src/expressions/types.js';

function render(text: string, data: unknown): unknown {
  return evaluateValue(text, { data });
}

describe('whole-string rule for YAQL', () => {
  it('given a string that is exactly one expression, when evaluated, then the native value is returned', () => {
    expect(render('<% $ %>', 3)).toBe(3);
    expect(render('<% $.x %>', { x: 1.5 })).toBe(1.5);
    expect(render('<% $.l %>', { l: [1, 'a'] })).toEqual([1, 'a']);
    expect(render('<%$.b%>', { b: false })).toBe(false);
  });

  it('given embedded expressions, when evaluated, then results are substituted with Python str()', () => {
    expect(render('<% $ %><% $ %>', 3)).toBe('33');
    expect(render('x=<% $.b %>', { b: true })).toBe('x=True');
    expect(render('x=<% $.n %>', { n: null })).toBe('x=None');
    expect(render('x=<% $.l %>', { l: [1, 'a'] })).toBe("x=[1, 'a']");
    expect(render('x=<% $.d %>', { d: { k: 'v' } })).toBe("x={'k': 'v'}");
    expect(render(' <% $.l %>', { l: [1] })).toBe(' [1]');
    expect(render('<% 3.0 %> and <% 7 / 2 %>', null)).toBe('3.0 and 3');
    expect(render('keys: <% $.keys() %>', { a: 1 })).toBe("keys: {'a'}");
  });

  it('given a multi-line string, when each line holds an expression, then each is substituted', () => {
    const text = 'Statistics for tenant "<% $.project_id %>"\nNumber of virtual machines: <% $.n %>';
    expect(render(text, { project_id: '1-2-3-4', n: 2 })).toBe('Statistics for tenant "1-2-3-4"\nNumber of virtual machines: 2');
  });

  it('given an expression split over two lines, when evaluated, then it is plain text', () => {
    expect(render('<% $\n %>', 1)).toBe('<% $\n %>');
  });

  it('given a string without expressions, when compiled, then there is no template', () => {
    expect(compileTemplate('plain text 100%')).toBeUndefined();
    expect(render('plain', {})).toBe('plain');
  });

  it('given a failing expression, when evaluated, then an evaluation error names the expression', () => {
    expect(() => render('<% $.wrong_key %>', { status: 'OK' })).toThrow(ExpressionEvaluationError);
    expect(() => render('<% $.wrong_key %>', {})).toThrow(/wrong_key/);
  });
});

describe('evaluateValue', () => {
  it('given nested dicts and lists, when evaluated, then values are evaluated and keys kept as written', () => {
    const input = { '<% $.k %>': ['<% $.a %>', { deep: 'v=<% $.a %>' }], n: 5, t: true };
    const output = evaluateValue(input, { data: { a: 1, k: 'key' } });
    expect(output).toEqual({ '<% $.k %>': [1, { deep: 'v=1' }], n: 5, t: true });
    expect(input).toEqual({ '<% $.k %>': ['<% $.a %>', { deep: 'v=<% $.a %>' }], n: 5, t: true });
  });

  it('given the same template evaluated twice, when compiled, then the cached template is reused', () => {
    expect(compileTemplate('<% $.cached %>')).toBe(compileTemplate('<% $.cached %>'));
  });

  it('given engine functions, when a template calls them, then they are used', () => {
    const scope = { data: {}, functions: { task: (name: unknown) => ({ result: `${String(name)}-out` }) } };
    expect(evaluateValue('<% task(build).result %>', scope)).toBe('build-out');
  });
});

describe('syntax errors and language mixing', () => {
  it('given a string mixing YAQL and Jinja, when compiled, then it is rejected', () => {
    expect(() => compileTemplate('<% $.a %> {{ _.b }}')).toThrow(/Mixing expression types in a single line is not allowed/);
  });

  it('given a broken YAQL expression, when compiled, then a syntax error is raised at compile time', () => {
    expect(() => compileTemplate('x <% $.a + %>')).toThrow(ExpressionSyntaxError);
  });

  it('given a document with broken expressions, when checked, then each error carries its path', () => {
    const errors = findExpressionErrors({ input: { a: '<% $.ok %>', b: ['fine', '<% ( %>'] }, out: '<% $.x %> {{ _.y }}' }, ['wf']);
    expect(errors.map((e) => e.path)).toEqual([['wf', 'input', 'b', '1'], ['wf', 'out']]);
    expect(errors[0]?.message).toContain('Syntax error in YAQL expression');
  });
});

describe('whole-string rule for Jinja', () => {
  it('given a string that is exactly one Jinja expression, when evaluated, then the native value is returned', () => {
    expect(render('{{ _.l }}', { l: [1, 2] })).toEqual([1, 2]);
  });

  it('given embedded Jinja expressions, when evaluated, then Python str() rendering is used', () => {
    expect(render('x={{ _.b }}', { b: true })).toBe('x=True');
    expect(render('{% if _.b %}yes{% endif %}', { b: true })).toBe('yes');
  });
});
