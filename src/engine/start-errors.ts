/** An execution cannot start as asked; nothing is stored (Mistral answers these with a 400). */
export class WorkflowStartError extends Error {
  override readonly name: string = 'WorkflowStartError';
}

/** The workflow's input does not fit its declaration. */
export class WorkflowInputError extends WorkflowStartError {
  override readonly name = 'WorkflowInputError';
  constructor(readonly workflow: string, readonly missing: string[], readonly unexpected: string[]) {
    super(`Invalid input [name=${workflow}, missing=[${missing.join(', ')}], unexpected=[${unexpected.join(', ')}]]`);
  }
}

/** A reverse workflow was started without a target task (params.task_name), or with one it lacks. */
export class InvalidTaskNameError extends WorkflowStartError {
  override readonly name = 'InvalidTaskNameError';
  constructor(readonly workflow: string, readonly taskName: unknown) {
    super(`Invalid task name [wf_spec=${workflow}, task_name=${taskName === undefined || taskName === null ? 'None' : String(taskName)}]`);
  }
}
