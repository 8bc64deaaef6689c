import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WorkflowValidationError } from '../../src/workflow/errors.js';
import {
  parseActionList,
  parseWorkbook,
  parseWorkflowBody,
  parseWorkflowList,
} from '../../src/workflow/parse.js';
import { loadMistralYamlWithPositions } from '../../src/workflow/yaml.js';

function errorOf(fn: () => unknown): WorkflowValidationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WorkflowValidationError) return err;
    throw err;
  }
  throw new Error('expected a WorkflowValidationError');
}

const WORKBOOK = `
version: '2.0'
name: tripleo.plan.v1
description: Plans
tags: [plan]
workflows:
  create:
    input: [container, {queue: tripleo}]
    tasks:
      make:
        action: make_plan
        workflow: null
      sub:
        workflow: helper name=<% $.container %>
  helper:
    input: [name]
    tasks:
      t: {action: std.noop}
actions:
  make_plan:
    base: std.echo output="x"
    base-input: {output: y, z: 1}
    input: [a, {b: 2}]
    output: <% $ %>
`;

describe('Given a workbook', () => {
  it('When it is parsed, Then workflows and actions are stored as <workbook>.<name>', () => {
    const wb = parseWorkbook(WORKBOOK.replace('        workflow: null\n', ''));
    expect(wb.name).toBe('tripleo.plan.v1');
    expect([...wb.workflows.values()].map((w) => w.qualifiedName)).toEqual(['tripleo.plan.v1.create', 'tripleo.plan.v1.helper']);
    expect(wb.workflows.get('create')!.input).toEqual([
      { name: 'container', required: true },
      { name: 'queue', required: false, default: 'tripleo' },
    ]);
    const sub = wb.workflows.get('create')!.tasks.get('sub')!;
    expect(sub).toMatchObject({ kind: 'workflow', workflow: 'helper', input: { name: '<% $.container %>' } });
    const action = wb.actions.get('make_plan')!;
    expect(action).toMatchObject({
      qualifiedName: 'tripleo.plan.v1.make_plan',
      base: 'std.echo',
      baseInput: { output: 'x', z: 1 },
      input: [{ name: 'a', required: true }, { name: 'b', required: false, default: 2 }],
      output: '<% $ %>',
    });
  });

  it('When the version is not 2.0, Then it is rejected as an unsupported version', () => {
    expect(() => parseWorkbook("version: '3.0'\nname: wb\n")).toThrow('Unsupported DSL version: 3.0');
    expect(() => parseWorkbook('version: 2\nname: wb\nworkflows: {w: {tasks: {t: {action: std.noop}}}}')).not.toThrow();
  });

  it('When a workflow key has a dot, Then the schema rejects it with Mistral\'s message', () => {
    const err = errorOf(() => parseWorkbook("version: '2.0'\nname: wb\nworkflows:\n  w.1: {tasks: {t: {}}}\n"));
    expect(err.issues[0]!.message).toBe(
      "Invalid DSL: 'w.1' does not match any of the regexes: '^(?!version$)[\\\\w-]+$', '^version$'",
    );
  });

  it('When a workflow body is not a dict, Then it is rejected', () => {
    expect(() => parseWorkbook("version: '2.0'\nname: wb\nworkflows:\n  w1: 5\n")).toThrow(
      /A specification with polymorphic key must be backed by a dictionary/,
    );
  });
});

describe('Given ad-hoc action lists', () => {
  it('When an action has an unknown key, Then the schema rejects it', () => {
    expect(() => parseActionList("version: '2.0'\na1:\n  base: std.echo output=1\n  foo: 1\n")).toThrow(
      "Invalid DSL: Additional properties are not allowed ('foo' was unexpected)",
    );
  });

  it('When actions are listed, Then each is parsed with its base and inline params', () => {
    const list = parseActionList("version: '2.0'\nsay:\n  base: std.echo output=<% $.s %>\n  input: [s]\n");
    expect(list.actions[0]).toMatchObject({ name: 'say', base: 'std.echo', baseInput: { output: '<% $.s %>' } });
  });
});

describe('Given workflow-list documents', () => {
  it('When the document has no workflow, Then Mistral\'s list message is given', () => {
    expect(() => parseWorkflowList("version: '2.0'\n")).toThrow("At least one item must be in the list [data={'version': '2.0'}].");
  });

  it('When a problem is found in text, Then the issue has the path and the line/column', () => {
    const text = "version: '2.0'\nmy_wf:\n  tasks:\n    get:\n      action: std.http\n      with-items: x in y\n";
    const err = errorOf(() => parseWorkflowList(text, { source: 'wf.yaml' }));
    expect(err.issues[0]).toMatchObject({ path: ['my_wf', 'tasks', 'get', 'with-items'], line: 6, column: 7 });
    expect(err.message).toMatch(/^wf\.yaml:6:7: Wrong format of 'with-items' property/);
  });

  it('When the YAML itself is broken, Then the error says the definition could not be parsed, with position', () => {
    const err = errorOf(() => parseWorkflowList('a: [1\nb: 2', { source: 'bad.yaml' }));
    expect(err.issues[0]!.message).toMatch(/^Definition could not be parsed: /);
    expect(err.issues[0]!.line).toBeGreaterThan(0);
  });

  it('When a workflow name looks like a UUID, Then it is rejected', () => {
    const text = "version: '2.0'\nb98180ba-48a0-4e26-ab2e-50dc224f6fd1:\n  tasks:\n    t1: {action: std.noop}\n";
    expect(() => parseWorkflowList(text)).toThrow('Workflow name cannot be in the format of UUID.');
  });

  it('When the workflow type is unknown, Then no specification class is found', () => {
    expect(() => parseWorkflowList("version: '2.0'\nwf:\n  type: circular\n  tasks: {t: {action: std.noop}}\n")).toThrow(
      /Failed to find a specification class to instantiate/,
    );
  });

  it('When a workflow has keys Mistral does not know, Then it is accepted as Mistral accepts it', () => {
    expect(() => parseWorkflowList("version: '2.0'\nwf:\n  foo: 1\n  tasks: {t: {action: std.noop}}\n")).not.toThrow();
  });
});

describe('Given a workflow body embedded in another document (resource type file)', () => {
  const text = [
    'workflows:',
    '  create:',
    '    input: [size]',
    '    tasks:',
    '      boot:',
    '        action: nova.servers_create flavor=<% $.size %>',
    '        on-success: attach',
    '      attach:',
    '        workflow: attach_volume',
  ].join('\n');
  const { value, locate } = loadMistralYamlWithPositions(text, 'type.yaml');
  const body = (value as { workflows: { create: unknown } }).workflows.create;

  it('When references are not checked, Then unknown actions and workflows are accepted', () => {
    const wf = parseWorkflowBody('create', body);
    expect(wf.tasks.get('boot')).toMatchObject({ action: 'nova.servers_create', input: { flavor: '<% $.size %>' } });
  });

  it('When the action is unknown to the given registry, Then the error points at the action line', () => {
    const err = errorOf(() =>
      parseWorkflowBody('create', body, {
        basePath: ['workflows', 'create'],
        locate,
        source: 'type.yaml',
        actionExists: (n) => n.startsWith('std.'),
        workflowExists: () => true,
      }),
    );
    expect(err.issues[0]).toMatchObject({ path: ['workflows', 'create', 'tasks', 'boot', 'action'], line: 6, column: 9 });
    expect(err.message).toBe('type.yaml:6:9: Failed to find action [action_name=nova.servers_create]');
  });

  it('When the sub-workflow is unknown, Then it is an error too', () => {
    expect(() => parseWorkflowBody('create', body, { actionExists: () => true, workflowExists: () => false })).toThrow(
      'Failed to find workflow [workflow_name=attach_volume]',
    );
  });
});

describe('Given the sample workflows Mistral ran (test/fixtures/mistral-dsl)', () => {
  const dir = new URL('../fixtures/mistral-dsl/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  it('Then all 14 are there', () => expect(files).toHaveLength(14));
  it.each(files)('When %s is parsed, Then it is valid', (file) => {
    const text = readFileSync(new URL(file, dir), 'utf8');
    expect(parseWorkflowList(text, { source: file }).workflows.length).toBeGreaterThan(0);
  });
});
