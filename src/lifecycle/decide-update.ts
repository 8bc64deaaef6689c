import { isDeepStrictEqual } from 'node:util';
import type { ResourceType } from '../resource-types/resource-type.js';
import type { Decision, ResourceStatus } from '../store/records.js';

export interface UpdateFacts {
  type: ResourceType;
  oldProperties: Record<string, unknown>;
  newProperties: Record<string, unknown>;
  authorReplaceOnChange: readonly string[];
  status: ResourceStatus;
}

/** A decision, or the need to ask the type's `decide` workflow. */
export type UpdateDecision = Decision | { kind: 'ask-workflow'; changed: string[] };

/**
 * none, in-place or replace, in this order: no change; a resource whose create failed is created
 * anew; a changed property the type replaces on; one the template author named; the type's
 * `decide` workflow; no update workflow at all; otherwise in place.
 */
export function decideUpdate(facts: UpdateFacts): UpdateDecision {
  const { type } = facts;
  const changed = changedProperties(facts.oldProperties, facts.newProperties);
  const order = type.replacement;
  if (facts.status === 'CREATE_FAILED') {
    return { kind: 'replace', order, source: 'state', reason: 'the resource\'s create failed, so it is created anew' };
  }
  if (changed.length === 0) return { kind: 'none', source: 'no-change', reason: 'no property changed' };
  const byType = changed.filter((p) => type.replaceOnChange.includes(p));
  if (byType.length) {
    return { kind: 'replace', order, source: 'type', reason: `${list(byType)} changed, and ${type.name} replaces on ${byType.length > 1 ? 'them' : 'it'}` };
  }
  const byAuthor = changed.filter((p) => facts.authorReplaceOnChange.includes(p));
  if (byAuthor.length) {
    return { kind: 'replace', order, source: 'author', reason: `${list(byAuthor)} changed, and the template's replace_on_change names ${byAuthor.length > 1 ? 'them' : 'it'}` };
  }
  if (type.workflows.decide) return { kind: 'ask-workflow', changed };
  if (!type.workflows.update) {
    return { kind: 'replace', order, source: 'type', reason: `${list(changed)} changed, and ${type.name} has no update workflow` };
  }
  return { kind: 'in-place', source: 'type', reason: `${list(changed)} changed, updated in place` };
}

export function changedProperties(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => !isDeepStrictEqual(before[name], after[name])).sort();
}

/** The decide workflow's output, {replace: bool, reason: str}, as a decision. */
export function decisionFromWorkflow(type: ResourceType, output: unknown): Decision | string {
  const value = output as { replace?: unknown; reason?: unknown } | null;
  if (!value || typeof value !== 'object' || typeof value.replace !== 'boolean') {
    return `the decide workflow must output {replace: true|false, reason: "…"}, but gave ${JSON.stringify(output)}`;
  }
  const reason = typeof value.reason === 'string' && value.reason ? value.reason : 'decided by the decide workflow';
  if (value.replace) return { kind: 'replace', order: type.replacement, source: 'workflow', reason };
  if (!type.workflows.update) {
    return { kind: 'replace', order: type.replacement, source: 'type', reason: `${reason}; ${type.name} has no update workflow, so it is replaced` };
  }
  return { kind: 'in-place', source: 'workflow', reason };
}

function list(names: string[]): string {
  return names.length === 1 ? `property ${names[0]}` : `properties ${names.join(', ')}`;
}
