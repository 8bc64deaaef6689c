import type { ExecutionRecord } from '../store/records.js';
import { parseWorkflowBody } from '../workflow/parse.js';
import type { WorkflowSpec } from '../workflow/spec.js';

const MAX_ENTRIES = 10_000;

/**
 * An execution runs the workflow body it started with (stored on its row). Parsed specs are
 * cached per execution; a spec known to be identical (the type's own) is registered up front.
 */
export class SpecCache {
  private readonly byExecution = new Map<string, WorkflowSpec>();

  remember(executionId: string, spec: WorkflowSpec): void {
    if (this.byExecution.size >= MAX_ENTRIES) {
      this.byExecution.delete(this.byExecution.keys().next().value as string);
    }
    this.byExecution.set(executionId, spec);
  }

  specFor(execution: ExecutionRecord): WorkflowSpec {
    let spec = this.byExecution.get(execution.id);
    if (!spec) {
      spec = parseStored(execution);
      this.remember(execution.id, spec);
    }
    return spec;
  }

  forget(executionId: string): void {
    this.byExecution.delete(executionId);
  }
}

/** A workbook's workflow is stored as `<workbook>.<name>`; its short names resolve in the workbook. */
function parseStored(execution: ExecutionRecord): WorkflowSpec {
  const workbookName = execution.runtime['workbook'];
  if (typeof workbookName !== 'string') return parseWorkflowBody(execution.workflowName, execution.definition);
  const name = execution.workflowName.slice(workbookName.length + 1);
  return parseWorkflowBody(name, execution.definition, { workbookName });
}
