/**
 * Entry points for the three Mistral v2 document kinds — workflow lists (POST /v2/workflows),
 * workbooks (POST /v2/workbooks) and ad-hoc action lists (POST /v2/actions) — plus single
 * workflow bodies embedded in other documents. Every failure is a WorkflowValidationError whose
 * issues carry the document path and, for text input, the line and column.
 */
import { pythonRepr } from '../expressions/python-format.js';
import { parseAdHocActionBody } from './action-parse.js';
import { DslIssue, toValidationError, WorkflowValidationError } from './errors.js';
import { LIST_DOCUMENT_SCHEMA, WORKBOOK_SCHEMA } from './dsl-schema.js';
import { checkSchema, type Path } from './checks.js';
import type { ReferenceChecks } from './semantics.js';
import type { ActionListSpec, AdHocActionSpec, Dict, WorkbookSpec, WorkflowListSpec, WorkflowSpec } from './spec.js';
import { isDict } from './task-parse.js';
import { parseWorkflowBody as parseBody } from './workflow-parse.js';
import { loadMistralYamlWithPositions, YamlSyntaxError, type YamlLocator } from './yaml.js';

export interface ParseOptions extends ReferenceChecks {
  /** File name or URL used in messages (`source:line:column: …`). */
  readonly source?: string;
}

export interface WorkflowBodyOptions extends ParseOptions {
  /** Where the body sits in its document (default `[name]`). */
  readonly basePath?: Path;
  /** Locator of the document the body was loaded from, for line/column in messages. */
  readonly locate?: YamlLocator;
  readonly workbookName?: string;
}

function load(text: string, source?: string): { value: unknown; locate: YamlLocator } {
  try {
    return loadMistralYamlWithPositions(text, source);
  } catch (err) {
    if (!(err instanceof YamlSyntaxError)) throw err;
    const issue = { path: [], message: `Definition could not be parsed: ${err.reason}`, line: err.line, column: err.column };
    throw new WorkflowValidationError([issue], source);
  }
}

function guarded<T>(build: () => T, locate: YamlLocator | undefined, source: string | undefined): T {
  try {
    return build();
  } catch (err) {
    throw toValidationError(err, locate, source);
  }
}

/** lang/parser.py _get_spec_version: accepted when `str(float(version)) == '2.0'`. */
function checkVersion(doc: unknown): void {
  if (!isDict(doc) || !('version' in doc)) return;
  const version = doc['version'];
  const number = typeof version === 'number' ? version : typeof version === 'string' ? pythonFloat(version) : NaN;
  if (!version || number !== 2) throw new DslIssue(['version'], `Unsupported DSL version: ${pythonStrOf(version)}`);
}

function pythonFloat(text: string): number {
  const t = text.trim().replace(/(\d)_(?=\d)/g, '$1');
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : NaN;
}

function pythonStrOf(value: unknown): string {
  return typeof value === 'string' ? value : pythonRepr(value);
}

/** BaseListSpec: `version` plus at least one non-empty item. */
function listItems(doc: unknown): Array<[string, Dict]> {
  checkSchema(doc, LIST_DOCUMENT_SCHEMA, []);
  const entries = Object.entries(doc as Dict).filter(([k]) => k !== 'version');
  if (entries.length === 0) throw new DslIssue([], `At least one item must be in the list [data=${pythonRepr(doc)}].`);
  return entries as Array<[string, Dict]>;
}

export function parseWorkflowListObject(doc: unknown, options: WorkflowBodyOptions = {}): WorkflowListSpec {
  return guarded(
    () => ({
      workflows: listItems(doc).map(([name, body]) => parseBody(name, body, { ...options, basePath: [name] })),
      raw: doc as Dict,
    }),
    options.locate,
    options.source,
  );
}

/** A workflow-list document: `version` and one or more `<workflow name>: {...}` entries. */
export function parseWorkflowList(text: string, options: ParseOptions = {}): WorkflowListSpec {
  const { value, locate } = load(text, options.source);
  return parseWorkflowListObject(value, { ...options, locate });
}

/**
 * One workflow body given as an already-loaded object, e.g. embedded in a resource type file
 * (`workflows: {create: {input: [...], tasks: {...}}}`).
 */
export function parseWorkflowBody(name: string, body: unknown, options: WorkflowBodyOptions = {}): WorkflowSpec {
  return guarded(() => parseBody(name, body, options), options.locate, options.source);
}

function workbookSection<T>(doc: Dict, key: string, build: (name: string, body: unknown) => T): Map<string, T> {
  const section = doc[key];
  const items = new Map<string, T>();
  if (!isDict(section)) return items;
  for (const [name, body] of Object.entries(section)) if (name !== 'version') items.set(name, build(name, body));
  return items;
}

export function parseWorkbookObject(doc: unknown, options: WorkflowBodyOptions = {}): WorkbookSpec {
  return guarded(
    () => {
      checkVersion(doc);
      checkSchema(doc, WORKBOOK_SCHEMA, []);
      const data = doc as Dict;
      const workbookName = data['name'] as string;
      const actions = workbookSection(data, 'actions', (name, body) =>
        parseAdHocActionBody(name, body, { basePath: ['actions', name], workbookName }),
      );
      const workflows = workbookSection(data, 'workflows', (name, body) =>
        parseBody(name, body, { ...options, basePath: ['workflows', name], workbookName }),
      );
      return {
        name: workbookName,
        ...(typeof data['description'] === 'string' ? { description: data['description'] } : {}),
        tags: (data['tags'] as string[] | undefined) ?? [],
        workflows,
        actions,
        raw: data,
      };
    },
    options.locate,
    options.source,
  );
}

/** A workbook: `version`, `name`, optional `workflows` and `actions`, stored as `<name>.<item>`. */
export function parseWorkbook(text: string, options: ParseOptions = {}): WorkbookSpec {
  const { value, locate } = load(text, options.source);
  return parseWorkbookObject(value, { ...options, locate });
}

export function parseActionListObject(doc: unknown, options: WorkflowBodyOptions = {}): ActionListSpec {
  return guarded(
    () => ({ actions: listItems(doc).map(([name, body]) => parseAdHocActionBody(name, body)), raw: doc as Dict }),
    options.locate,
    options.source,
  );
}

/** An ad-hoc action list: `version` and one or more `<action name>: {base: ..., ...}` entries. */
export function parseActionList(text: string, options: ParseOptions = {}): ActionListSpec {
  const { value, locate } = load(text, options.source);
  return parseActionListObject(value, { ...options, locate });
}

/** One ad-hoc action body given as an already-loaded object. */
export function parseAdHocAction(name: string, body: unknown, options: WorkflowBodyOptions = {}): AdHocActionSpec {
  return guarded(() => parseAdHocActionBody(name, body, { basePath: options.basePath ?? [name] }), options.locate, options.source);
}

export { WorkflowValidationError, type ValidationIssue } from './errors.js';
export type { ReferenceChecks } from './semantics.js';
