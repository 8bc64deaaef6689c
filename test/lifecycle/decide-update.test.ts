import { describe, expect, it } from 'vitest';
import { changedProperties, decideUpdate, decisionFromWorkflow } from '../../src/lifecycle/decide-update.js';
import type { ResourceType } from '../../src/resource-types/resource-type.js';

function typeWith(overrides: Partial<ResourceType> = {}): ResourceType {
  return {
    name: 'Custom::T', file: 't.yaml', propertiesSchema: {}, validateProperties: (() => true) as never,
    secretProperties: new Set(), attributes: {}, replaceOnChange: ['zone'], replacement: 'create_before_delete',
    timeouts: {}, workflows: { create: {} as never, update: {} as never }, raw: {}, ...overrides,
  };
}

const facts = (oldProperties: Record<string, unknown>, newProperties: Record<string, unknown>, more: object = {}) => ({
  type: typeWith(), oldProperties, newProperties, authorReplaceOnChange: [], status: 'CREATE_COMPLETE' as const, ...more,
});

describe('decideUpdate', () => {
  it('given equal properties, when decided, then none', () => {
    expect(decideUpdate(facts({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).kind).toBe('none');
  });

  it('given a changed property the type replaces on, when decided, then replace by the type with its order', () => {
    expect(decideUpdate(facts({ zone: 'a', x: 1 }, { zone: 'b', x: 2 }))).toEqual({
      kind: 'replace', order: 'create_before_delete', source: 'type', reason: 'property zone changed, and Custom::T replaces on it',
    });
  });

  it('given the author names a changed property, when decided, then replace by the author', () => {
    const decision = decideUpdate(facts({ x: 1 }, { x: 2 }, { authorReplaceOnChange: ['x'] }));
    expect(decision).toMatchObject({ kind: 'replace', source: 'author' });
  });

  it('given the author names only unchanged properties, when decided, then in place', () => {
    expect(decideUpdate(facts({ x: 1, y: 1 }, { x: 2, y: 1 }, { authorReplaceOnChange: ['y'] })).kind).toBe('in-place');
  });

  it('given a type with a decide workflow, when nothing forces replacement, then the workflow is asked', () => {
    const type = typeWith({ workflows: { create: {} as never, update: {} as never, decide: {} as never } });
    expect(decideUpdate({ ...facts({ x: 1 }, { x: 2 }), type })).toEqual({ kind: 'ask-workflow', changed: ['x'] });
  });

  it('given a type policy that forces replacement, when the type also has a decide workflow, then the policy wins without asking', () => {
    const type = typeWith({ workflows: { create: {} as never, decide: {} as never } });
    expect(decideUpdate({ ...facts({ zone: 'a' }, { zone: 'b' }), type })).toMatchObject({ kind: 'replace', source: 'type' });
  });

  it('given a type without an update workflow, when a property changes, then replace', () => {
    const type = typeWith({ workflows: { create: {} as never }, replacement: 'delete_before_create' });
    expect(decideUpdate({ ...facts({ x: 1 }, { x: 2 }), type })).toMatchObject({ kind: 'replace', order: 'delete_before_create', reason: 'property x changed, and Custom::T has no update workflow' });
  });

  it('given a resource whose create failed, when updated even without changes, then it is created anew', () => {
    expect(decideUpdate(facts({ x: 1 }, { x: 1 }, { status: 'CREATE_FAILED' }))).toMatchObject({ kind: 'replace', source: 'state' });
  });

  it('given added and removed keys, when compared, then both count as changed, sorted', () => {
    expect(changedProperties({ b: 1, a: 1 }, { a: 1, c: 1 })).toEqual(['b', 'c']);
  });
});

describe('decisionFromWorkflow', () => {
  it('given {replace: true, reason}, when read, then replace with the reason', () => {
    expect(decisionFromWorkflow(typeWith(), { replace: true, reason: 'r' })).toEqual({ kind: 'replace', order: 'create_before_delete', source: 'workflow', reason: 'r' });
  });

  it('given output without a boolean replace, when read, then a reason saying what is expected', () => {
    expect(decisionFromWorkflow(typeWith(), { replace: 'yes' })).toContain('must output {replace: true|false');
  });

  it('given {replace: false} for a type without update workflow, when read, then replace anyway, saying why', () => {
    const decision = decisionFromWorkflow(typeWith({ workflows: { create: {} as never } }), { replace: false, reason: 'fine' });
    expect(decision).toMatchObject({ kind: 'replace', reason: 'fine; Custom::T has no update workflow, so it is replaced' });
  });
});
