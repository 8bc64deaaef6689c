import { describe, expect, it } from 'vitest';
import { parseWorkflowList } from '../../src/workflow/parse.js';
import { inboundTasks } from '../../src/workflow/spec.js';

// Expected values below were produced by running Mistral's mistral/lang on the same document.
const DOCUMENT = `
version: '2.0'
wf:
  task-defaults:
    wait-before: 5
    timeout: <% $.t %>
    retry: count=3 delay=1
    on-error: [handle]
    safe-rerun: true
  tasks:
    a:
      action: std.noop
      wait-before: 0
      publish: {v: plain, p: 1}
      on-complete:
        publish: {branch: {v: complete, c: 1}}
        next: b
      on-success:
        publish: {branch: {v: success, s: 1}}
    b:
      action: std.noop
      wait-after: 2
      safe-rerun: false
      publish: {x: 1}
      on-success:
        publish: {global: {g: 1}}
      on-error: [b2]
    b2: {action: std.noop}
    handle: {action: std.noop}
`;

describe('Given a workflow with task-defaults', () => {
  const wf = parseWorkflowList(DOCUMENT).workflows[0]!;
  const task = (name: string) => wf.tasks.get(name)!;

  it('When a task sets a policy to a value that does not count (0), Then the default applies', () => {
    expect(task('a').waitBefore).toBe(5);
    expect(task('a').timeout).toBe('<% $.t %>');
    expect(task('a').retry).toEqual({ count: 3, delay: 1 });
    expect(task('b').waitAfter).toBe(2);
    expect(task('b').waitAfter).toBe(2);
    expect(task('a').waitAfter).toBeUndefined();
  });

  it('When a task has no clause of a kind, Then the default clause applies minus the task itself', () => {
    expect(task('a').onError).toEqual([{ kind: 'task', name: 'handle', params: {} }]);
    expect(task('b').onError).toEqual([{ kind: 'task', name: 'b2', params: {} }]);
    expect(task('handle').onError).toEqual([]);
    expect(inboundTasks(wf, 'handle').map((t) => t.name)).toEqual(['a', 'b2']);
  });

  it('When safe-rerun is not set on the task, Then the default is used; an explicit false stays', () => {
    expect(task('a').safeRerun).toBe(true);
    expect(task('b').safeRerun).toBe(false);
  });

  it('When publish is spread over plain and clause forms, Then on-complete > plain > on-success', () => {
    expect(task('a').publishOn.success).toEqual({ branch: { v: 'complete', s: 1, p: 1, c: 1 } });
    expect(task('a').publishOn.error).toEqual({ branch: { v: 'complete', c: 1 } });
  });

  it('When the on-success publish has no branch section, Then the plain publish is dropped (Mistral quirk)', () => {
    expect(task('b').publishOn.success).toEqual({ global: { g: 1 } });
    expect(task('b').publishOn.error).toBeUndefined();
  });

  it('When keep-result is not given, Then it defaults to true', () => {
    expect(task('a').keepResult).toBe(true);
  });
});

describe('Given a reverse workflow with default requires', () => {
  const text = `
version: '2.0'
wf:
  type: reverse
  task-defaults:
    requires: [init]
  tasks:
    init: {action: std.noop}
    build: {action: std.noop, requires: prepare}
    prepare: {action: std.noop}
`;
  const wf = parseWorkflowList(text).workflows[0]!;

  it('When requires are combined, Then defaults are added and the task never requires itself', () => {
    expect(wf.tasks.get('build')!.requires).toEqual(['prepare', 'init']);
    expect(wf.tasks.get('init')!.requires).toEqual([]);
    expect(wf.tasks.get('build')!.onSuccess).toEqual([]);
  });

  it('When a requirement names no task, Then the workflow is rejected', () => {
    expect(() => parseWorkflowList(text.replace('requires: prepare', 'requires: [ghost]'))).toThrow("Task 'ghost' not found.");
  });

  it('When a reverse task uses on-success, Then the schema rejects it', () => {
    expect(() => parseWorkflowList(text.replace('prepare: {action: std.noop}', 'prepare: {action: std.noop, on-success: init}'))).toThrow(
      /Invalid DSL: Additional properties are not allowed \('on-success' was unexpected\)/,
    );
  });
});
