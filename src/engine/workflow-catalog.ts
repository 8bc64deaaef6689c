import type { AdHocActionSpec, WorkbookSpec, WorkflowSpec } from '../workflow/spec.js';

/** Where a name is looked up from: inside a workbook, short names mean the workbook's own first. */
export interface LookupContext {
  workbookName?: string;
}

/**
 * The workflows and ad-hoc actions that sub-workflow tasks and action tasks can name. Lookups are
 * synchronous because the decider is pure: whoever registers definitions (resource types, the
 * Mistral API) keeps them in memory.
 */
export interface WorkflowCatalog {
  findWorkflow(name: string, context: LookupContext): WorkflowSpec | undefined;
  findAdHocAction(name: string, context: LookupContext): AdHocActionSpec | undefined;
}

/** Mistral's resolution order (DSL-SPEC §1.4): `<workbook>.<name>` first, then the name as given. */
export function candidateNames(name: string, context: LookupContext): string[] {
  return context.workbookName ? [`${context.workbookName}.${name}`, name] : [name];
}

/** A catalog held in memory, keyed by qualified name; registering a name again replaces it. */
export class InMemoryWorkflowCatalog implements WorkflowCatalog {
  private readonly workflows = new Map<string, WorkflowSpec>();
  private readonly actions = new Map<string, AdHocActionSpec>();

  addWorkflow(spec: WorkflowSpec): void {
    this.workflows.set(spec.qualifiedName, spec);
  }

  addAdHocAction(spec: AdHocActionSpec): void {
    this.actions.set(spec.qualifiedName, spec);
  }

  addWorkbook(workbook: WorkbookSpec): void {
    for (const spec of workbook.workflows.values()) this.addWorkflow(spec);
    for (const spec of workbook.actions.values()) this.addAdHocAction(spec);
  }

  removeWorkflow(qualifiedName: string): void {
    this.workflows.delete(qualifiedName);
  }

  removeAdHocAction(qualifiedName: string): void {
    this.actions.delete(qualifiedName);
  }

  findWorkflow(name: string, context: LookupContext): WorkflowSpec | undefined {
    return firstFound(candidateNames(name, context), this.workflows);
  }

  findAdHocAction(name: string, context: LookupContext): AdHocActionSpec | undefined {
    return firstFound(candidateNames(name, context), this.actions);
  }
}

function firstFound<T>(names: readonly string[], from: ReadonlyMap<string, T>): T | undefined {
  for (const name of names) {
    const found = from.get(name);
    if (found) return found;
  }
  return undefined;
}
