/**
 * Mistral's JSON shapes for definitions (workflows, workbooks, actions, environments), and the
 * records built from parsed uploads.
 */
import type { ActionDefinition } from '../actions/action.js';
import { pythonStr } from '../expressions/python-format.js';
import { newId } from '../ids.js';
import type {
  AdHocActionRecord, EnvironmentRecord, WorkbookRecord, WorkflowDefinitionRecord,
} from '../store/definition-records.js';
import type { AdHocActionSpec, Dict, InputParam, WorkflowSpec } from '../workflow/spec.js';
import { DEFAULT_PROJECT, mistralTime, pyJson } from './wire.js';

/** Mistral's `input` text: `name, greeting="Hello", count="2"`. */
export function inputText(params: readonly InputParam[]): string {
  return params.map((p) => (p.required ? p.name : `${p.name}="${pythonStr(p.default ?? null)}"`)).join(', ');
}

/** Mistral's `interface`: the input list as written, and the output's keys. */
export function interfaceOf(raw: Dict): { input: unknown[]; output: string[] } {
  const input = Array.isArray(raw['input']) ? (raw['input'] as unknown[]) : [];
  const output = raw['output'] && typeof raw['output'] === 'object' && !Array.isArray(raw['output']) ? Object.keys(raw['output'] as object) : [];
  return { input, output };
}

export function workflowRecord(spec: WorkflowSpec, definition: string, namespace: string, scope: string, now: number): WorkflowDefinitionRecord {
  return {
    id: newId(now), name: spec.qualifiedName, namespace, workbookName: spec.workbookName ?? null, definition,
    body: spec.raw, input: inputText(spec.input), interface: interfaceOf(spec.raw), tags: [...spec.tags],
    scope, createdAt: now, updatedAt: null,
  };
}

export function adHocActionRecord(spec: AdHocActionSpec, definition: string, namespace: string, scope: string, now: number): AdHocActionRecord {
  return {
    id: newId(now), name: spec.qualifiedName, namespace, workbookName: spec.workbookName ?? null, definition,
    body: spec.raw, input: inputText(spec.input), description: spec.description ?? null, tags: [...spec.tags],
    scope, createdAt: now, updatedAt: null,
  };
}

/**
 * A workflow as GET answers it (`interface` a JSON string). The POST/PUT answers of the text
 * controllers are built with `to_json()`: `interface` an object, and no `updated_at` on create.
 */
export function workflowView(w: WorkflowDefinitionRecord, form: 'get' | 'created' | 'updated' = 'get'): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: w.id, name: w.name, namespace: w.namespace, input: w.input,
    interface: form === 'get' ? pyJson(w.interface) : w.interface,
    definition: w.definition, tags: w.tags, scope: w.scope, project_id: DEFAULT_PROJECT,
    created_at: mistralTime(w.createdAt),
  };
  if (form !== 'created') view.updated_at = mistralTime(w.updatedAt);
  return view;
}

export function workbookView(w: WorkbookRecord, form: 'get' | 'created' | 'updated' = 'get'): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: w.id, name: w.name, namespace: w.namespace, definition: w.definition, tags: w.tags, scope: w.scope,
    project_id: DEFAULT_PROJECT, created_at: mistralTime(w.createdAt),
  };
  if (form !== 'created') view.updated_at = mistralTime(w.updatedAt);
  return view;
}

/** A provider action (built in or from a plugin), as Mistral 15 lists its provider actions. */
export function builtInActionView(a: ActionDefinition): Record<string, unknown> {
  const input = a.params.map((p) => (p.required ? p.name : `${p.name}=${pythonStr(p.default ?? null)}`)).join(', ');
  return {
    id: a.name, name: a.name, is_system: false, input, description: a.description, tags: null, definition: '',
    scope: null, project_id: null, created_at: '', updated_at: '', namespace: '',
  };
}

export function adHocActionView(a: AdHocActionRecord): Record<string, unknown> {
  return {
    id: a.id, name: a.name, is_system: false, input: a.input, description: a.description, tags: a.tags,
    definition: a.definition, scope: a.scope, project_id: DEFAULT_PROJECT, created_at: mistralTime(a.createdAt),
    updated_at: mistralTime(a.updatedAt), namespace: a.namespace,
  };
}

export function environmentView(e: EnvironmentRecord, form: 'get' | 'created' = 'get'): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: e.id, name: e.name, description: e.description, variables: pyJson(e.variables), scope: e.scope,
    project_id: DEFAULT_PROJECT, created_at: mistralTime(e.createdAt),
  };
  if (form !== 'created') view.updated_at = mistralTime(e.updatedAt);
  return view;
}
