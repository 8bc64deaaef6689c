import type { AdHocActionSpec, InputParam } from '../workflow/spec.js';
import { evaluateIn, type Evaluated } from './evaluation.js';
import { layered } from './expression-scope.js';
import type { WorkingCopy } from './working-copy.js';

/** A chain of ad-hoc actions deeper than this is taken to be a cycle. */
const MAX_CHAIN = 16;

export type ResolvedAction =
  | { ok: true; name: string; input: Record<string, unknown>; adhoc: string[] }
  /** `unknown`: no action of that name (fails the workflow); otherwise the task's input did not fit. */
  | { ok: false; error: string; unknown: boolean };

/**
 * Follows ad-hoc actions down to the registered action that runs (Mistral's AdHocAction): at
 * each level the declared input is enforced, its defaults fill what is absent, and `base-input`
 * is evaluated over that input and the workflow context to become the next level's input.
 */
export function resolveAction(work: WorkingCopy, name: string, input: Record<string, unknown>): ResolvedAction {
  const adhoc: string[] = [];
  let workbookName = work.spec.workbookName;
  for (let current = name, given = input; adhoc.length <= MAX_CHAIN;) {
    const spec = work.deps.catalog.findAdHocAction(current, workbookName ? { workbookName } : {});
    if (!spec) {
      if (work.deps.actionExists(current)) return { ok: true, name: current, input: given, adhoc };
      return { ok: false, error: `Failed to find action [action_name=${current}]`, unknown: true };
    }
    const full = withDeclaredInput(spec, given);
    if (!full.ok) return { ok: false, error: full.error, unknown: false };
    const base = evaluateIn(spec.baseInput, work.snapshot, baseInputData(work, full.value));
    if (!base.ok) return { ok: false, error: base.error, unknown: false };
    adhoc.push(spec.qualifiedName);
    workbookName = spec.workbookName ?? workbookName;
    current = spec.base;
    given = base.value as Record<string, unknown>;
  }
  return { ok: false, error: `Ad-hoc action ${name} is based on itself`, unknown: true };
}

function withDeclaredInput(spec: AdHocActionSpec, given: Record<string, unknown>): Evaluated<Record<string, unknown>> {
  const declared = new Set(spec.input.map((p: InputParam) => p.name));
  const missing = spec.input.filter((p) => p.required && !(p.name in given)).map((p) => p.name);
  const unexpected = Object.keys(given).filter((k) => !declared.has(k));
  if (missing.length || unexpected.length) {
    return {
      ok: false,
      error: `Invalid input [name=${spec.qualifiedName}, class=AdHocAction, missing=[${missing.join(', ')}], unexpected=[${unexpected.join(', ')}]]`,
    };
  }
  const full = { ...given };
  for (const p of spec.input) if (!p.required && !(p.name in full)) full[p.name] = p.default ?? null;
  return { ok: true, value: full };
}

function baseInputData(work: WorkingCopy, input: Record<string, unknown>): Record<string, unknown> {
  const { execution } = work;
  return layered(input, { __env: execution.env }, execution.context, execution.input);
}

/**
 * The result the task sees: each ad-hoc level's `output` applied to the base action's data,
 * innermost first (`$` is the result). Errors pass through untouched.
 */
export function transformAdHocOutput(work: WorkingCopy, chain: readonly string[], data: unknown): Evaluated {
  let value = data;
  for (const name of [...chain].reverse()) {
    const spec = work.deps.catalog.findAdHocAction(name, {});
    if (spec?.output === undefined) continue;
    const transformed = evaluateIn(spec.output, work.snapshot, value);
    if (!transformed.ok) return { ok: false, error: `Failed to transform the output of ad-hoc action ${name}: ${transformed.error}` };
    value = transformed.value;
  }
  return { ok: true, value };
}
