import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadResourceTypes } from '../../src/resource-types/load-types.js';
import { formatIssue } from '../../src/resource-types/type-file-issue.js';
import { createActionRegistry } from '../../src/service.js';
import { EXAMPLE_TYPES, FIXTURE_TYPES, tempDir } from '../support/service.js';

const actions = createActionRegistry({ filesRoot: '/tmp/none' });
const options = { actionExists: (name: string) => actions.has(name) };

function load(files: Record<string, string>) {
  const dir = tempDir('stackhook-types-');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return { dir, ...loadResourceTypes(dir, options) };
}

const VALID = `type: Custom::Good
properties:
  type: object
  properties:
    name: {type: string}
workflows:
  create:
    tasks:
      t: {action: std.noop}
`;

describe('loading resource types', () => {
  it('given the shipped examples and fixtures, when loaded, then every type loads without a problem', () => {
    for (const dir of [EXAMPLE_TYPES, FIXTURE_TYPES]) {
      const result = loadResourceTypes(dir, options);
      expect(result.issues.map(formatIssue)).toEqual([]);
      expect(result.types.length).toBeGreaterThan(0);
    }
  });

  it('given a valid file, when loaded, then its schema, secrets and workflows are compiled', () => {
    const { types, issues } = load({ 'good.yaml': VALID });
    expect(issues).toEqual([]);
    expect(types[0]!.name).toBe('Custom::Good');
    expect(types[0]!.workflows.create!.tasks.has('t')).toBe(true);
    expect(types[0]!.replacement).toBe('create_before_delete');
  });

  it('given YAML that does not parse, when loaded, then the issue names file, line and column', () => {
    const { dir, issues } = load({ 'bad.yaml': 'type: Custom::X\nproperties: [unclosed\n' });
    expect(issues).toHaveLength(1);
    expect(formatIssue(issues[0]!)).toMatch(new RegExp(`^${dir}/bad.yaml:\\d+:\\d+: not valid YAML`));
  });

  it('given a file breaking the type-file schema, when loaded, then each problem names its path and line', () => {
    const { issues } = load({ 'x.yaml': VALID.replace('Custom::Good', 'Thing').replace('workflows:', 'colour: red\nworkflows:') });
    const messages = issues.map(formatIssue);
    expect(messages.some((m) => /x\.yaml:1:\d+: type: must match pattern/.test(m))).toBe(true);
    expect(messages.some((m) => m.includes('must NOT have additional properties "colour"'))).toBe(true);
  });

  it('given a workflow calling an unknown action, when loaded, then the issue names the workflow, task and action', () => {
    const { issues } = load({ 'x.yaml': VALID.replace('std.noop', 'dns.nowhere') });
    expect(issues.map(formatIssue).join('\n')).toMatch(/workflows\.create.*dns\.nowhere/);
  });

  it('given a workflow whose input does not accept every property, when loaded, then the issue says which', () => {
    const { issues } = load({ 'x.yaml': VALID.replace('    tasks:', '    input: [other]\n    tasks:') });
    const text = issues.map(formatIssue).join('\n');
    expect(text).toContain('workflows.create.input: does not accept property "name"');
    expect(text).toContain('requires "other", which is not a property of the type');
  });

  it('given replace_on_change naming a non-property and a reserved property name, when loaded, then each is reported', () => {
    const text = VALID
      .replace('    name: {type: string}', '    name: {type: string}\n    replace_on_change: {type: array}')
      .replace('workflows:', 'update:\n  replace_on_change: [zone]\nworkflows:');
    const messages = load({ 'x.yaml': text }).issues.map(formatIssue).join('\n');
    expect(messages).toContain('"zone" is not a property of the type');
    expect(messages).toContain('"replace_on_change" is reserved');
  });

  it('given a timeout that is not a duration, when loaded, then its line and path are reported', () => {
    const messages = load({ 'x.yaml': VALID.replace('workflows:', 'timeouts: {create: soon}\nworkflows:') }).issues.map(formatIssue);
    expect(messages).toEqual([expect.stringMatching(/x\.yaml:\d+:\d+: timeouts\.create: must match pattern/)]);
  });

  it('given two files defining one type, when loaded, then the second is refused naming the first', () => {
    const { issues, types } = load({ 'a.yaml': VALID, 'b.yaml': VALID });
    expect(types).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/Custom::Good is already defined in .*a\.yaml/);
  });

  it('given a directory that does not exist, when loaded, then that is the issue', () => {
    expect(loadResourceTypes('/nonexistent/types', options).issues[0]!.message).toContain('is not a directory');
  });
});
