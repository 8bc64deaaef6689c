import { describe, expect, it } from 'vitest';
import { loadMistralYaml, loadMistralYamlWithPositions, YamlSyntaxError } from '../../src/workflow/yaml.js';

describe('Given YAML read the way Mistral reads it (PyYAML SafeLoader, YAML 1.1)', () => {
  it('When scalars are YAML 1.1 booleans, Then yes/no/on/off are booleans but y/n stay strings', () => {
    expect(loadMistralYaml('a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: n\ng: True')).toEqual({
      a: true, b: false, c: true, d: false, e: 'y', f: 'n', g: true,
    });
  });

  it('When numbers use YAML 1.1 forms, Then they resolve as PyYAML resolves them', () => {
    const v = loadMistralYaml('[010, 0x1F, 0b101, 1_000, "1:30", 1:30, 1.0e5, 1.0e+5, .5, 2.0, 09, 1., ~, -.inf]');
    expect(v).toEqual([8, 31, 5, 1000, '1:30', 90, '1.0e5', 100000, 0.5, 2, '09', 1, null, -Infinity]);
  });

  it('When anchors and aliases are written, Then they are read as plain text, not resolved', () => {
    expect(loadMistralYaml('a: &x 1\nb: *x\nc: [*x, &y z]')).toEqual({ a: '&x 1', b: '*x', c: ['*x', '&y z'] });
  });

  it('When a plain scalar starts with @, Then it is a string', () => {
    expect(loadMistralYaml('c: @foo\nd: "@bar"')).toEqual({ c: '@foo', d: '@bar' });
  });

  it('When the text is empty or holds a falsy value, Then the result is an empty dict', () => {
    expect(loadMistralYaml('')).toEqual({});
    expect(loadMistralYaml('# only a comment\n')).toEqual({});
    expect(loadMistralYaml('false')).toEqual({});
    expect(loadMistralYaml('[]')).toEqual({});
  });

  it('When a key repeats, Then the last value wins as in PyYAML', () => {
    expect(loadMistralYaml('a: 1\na: 2')).toEqual({ a: 2 });
  });

  it('When timestamps are written, Then they stay strings', () => {
    expect(loadMistralYaml('d: 2024-01-02')).toEqual({ d: '2024-01-02' });
  });

  it('When the YAML is broken, Then the error names the source, line and column', () => {
    let error: unknown;
    try {
      loadMistralYaml('a: 1\nb: [1, 2\nc: 3\n', 'wf.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(YamlSyntaxError);
    const e = error as YamlSyntaxError;
    expect(e.source).toBe('wf.yaml');
    expect(e.line).toBeGreaterThanOrEqual(2);
    expect(e.message).toMatch(/^wf\.yaml:\d+:\d+: Definition could not be parsed: /);
  });

  it('When a path is located, Then mapping keys and sequence items give their line and column', () => {
    const text = [
      "version: '2.0'",
      '# comment',
      'wf:',
      '  tasks:',
      '    t1:',
      '      action: std.echo output=1',
      '      on-success:',
      '        - a',
      '        - b: <% $.x %>',
      '      input: {x: 1}',
    ].join('\n');
    const { locate } = loadMistralYamlWithPositions(text, 'x.yaml');
    expect(locate(['wf', 'tasks', 't1', 'action'])).toEqual({ line: 6, column: 7 });
    expect(locate(['wf', 'tasks', 't1', 'on-success', 1])).toEqual({ line: 9, column: 11 });
    expect(locate(['wf', 'tasks', 't1', 'input', 'x'])).toEqual({ line: 10, column: 15 });
    // Unknown tails fall back to the deepest known ancestor.
    expect(locate(['wf', 'tasks', 't1', 'nope', 'deeper'])).toEqual({ line: 5, column: 5 });
    expect(locate([])).toEqual({ line: 1, column: 1 });
  });

  it('When keys or values contain &, * or @ inside text, Then they are kept verbatim', () => {
    expect(loadMistralYaml("url: 'http://h/?a=1&b=2'\nexpr: <% $.x * 2 %>\n'@k': v")).toEqual({
      url: 'http://h/?a=1&b=2',
      expr: '<% $.x * 2 %>',
      '@k': 'v',
    });
  });

  it('When non-workflow YAML (a resource type file) is loaded, Then it is plain data', () => {
    expect(loadMistralYaml('properties:\n  size: {type: integer, default: 1}\n')).toEqual({
      properties: { size: { type: 'integer', default: 1 } },
    });
  });
});
