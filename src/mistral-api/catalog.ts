/**
 * The workflows and ad-hoc actions uploaded through the Mistral API (and the resource types'
 * phase workflows), in memory for the engine's synchronous lookups; loaded from the store at
 * start and kept in step by every upload and delete.
 */
import { InMemoryWorkflowCatalog } from '../engine/workflow-catalog.js';
import type { Logger } from '../logger.js';
import type { AdHocActionRecord, WorkflowDefinitionRecord } from '../store/definition-records.js';
import type { DefinitionStore } from '../store/definition-store.js';
import { parseAdHocAction, parseWorkflowBody } from '../workflow/parse.js';
import type { WorkflowSpec } from '../workflow/spec.js';
import type { TypeWorkflows } from './type-workflows.js';

export class MistralCatalog extends InMemoryWorkflowCatalog {
  static async load(store: DefinitionStore, typeWorkflows: TypeWorkflows, logger: Logger): Promise<MistralCatalog> {
    const catalog = new MistralCatalog();
    for (const { type, role } of typeWorkflows.list()) {
      const spec = type.workflows[role];
      if (spec) catalog.addWorkflow(spec);
    }
    for (const record of await store.listWorkflows()) {
      try {
        catalog.addWorkflow(specOfWorkflow(record));
      } catch (error) {
        logger.warn({ workflow: record.name, err: error }, 'stored workflow no longer parses; it cannot be run');
      }
    }
    for (const record of await store.listAdHocActions()) {
      try {
        catalog.addAdHocAction(parseAdHocAction(shortName(record.name, record.workbookName), record.body, workbookOption(record.workbookName)));
      } catch (error) {
        logger.warn({ action: record.name, err: error }, 'stored ad-hoc action no longer parses; it cannot be run');
      }
    }
    return catalog;
  }

  /** Forgets every workflow and action of a workbook (before its new version is added). */
  removeWorkbook(workflows: readonly WorkflowDefinitionRecord[], actions: readonly AdHocActionRecord[]): void {
    for (const w of workflows) this.removeWorkflow(w.name);
    for (const a of actions) this.removeAdHocAction(a.name);
  }
}

/** The engine's spec of a stored workflow. */
export function specOfWorkflow(record: WorkflowDefinitionRecord): WorkflowSpec {
  return parseWorkflowBody(shortName(record.name, record.workbookName), record.body, workbookOption(record.workbookName));
}

function shortName(name: string, workbookName: string | null): string {
  return workbookName && name.startsWith(`${workbookName}.`) ? name.slice(workbookName.length + 1) : name;
}

function workbookOption(workbookName: string | null): { workbookName?: string } {
  return workbookName ? { workbookName } : {};
}
