import { describe, expect, it } from 'vitest';
import { workbookItemDefinition, workflowListItemDefinition } from '../../src/workflow/definitions.js';

describe('Given stored definition texts', () => {
  it('When a list holds one workflow, Then its definition is the whole text', () => {
    const text = "version: '2.0'\nwf:\n  tasks:\n    t: {action: std.noop}\n";
    expect(workflowListItemDefinition(text, 'wf')).toBe(text);
  });

  it('When a list holds several workflows, Then each is re-dumped with the version', () => {
    const text = "version: '2.0'\na:\n  input: [x]\n  tasks:\n    t: {action: std.noop}\nb:\n  tasks:\n    t: {action: std.noop}\n";
    expect(workflowListItemDefinition(text, 'a')).toBe("version: '2.0'\na:\n  input:\n  - x\n  tasks:\n    t:\n      action: std.noop\n");
  });

  it('When a workbook item is cut out, Then it is dedented up to the next sibling', () => {
    const text = [
      "version: '2.0'",
      'name: wb',
      'workflows:',
      '  first:',
      '    # why',
      '    tasks:',
      '      t: {action: std.noop}',
      '',
      '  second:',
      '    tasks: {}',
      '',
    ].join('\n');
    expect(workbookItemDefinition(text, 'workflows', 'first')).toBe('first:\n  # why\n  tasks:\n    t: {action: std.noop}\n');
  });
});
