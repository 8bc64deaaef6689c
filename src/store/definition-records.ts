/**
 * What the Mistral v2 API keeps beside the engine's own rows: uploaded definitions (workbooks,
 * workflows, ad-hoc actions), environments, the API's view of the executions it started, and
 * actions run directly (`POST /v2/action_executions`). Times are epoch milliseconds.
 */

export interface WorkbookRecord {
  id: string;
  name: string;
  namespace: string;
  /** The YAML text as uploaded. */
  definition: string;
  tags: string[];
  scope: string;
  createdAt: number;
  updatedAt: number | null;
}

/** A workflow uploaded on its own or as part of a workbook (then named `<workbook>.<name>`). */
export interface WorkflowDefinitionRecord {
  id: string;
  name: string;
  namespace: string;
  workbookName: string | null;
  /** The definition text Mistral returns for this one workflow. */
  definition: string;
  /** The workflow body as loaded from the YAML (what the engine parses). */
  body: unknown;
  /** Mistral's `input` text, e.g. `name, greeting="Hello"`. */
  input: string;
  /** Mistral's `interface`: `{input: [...], output: [...]}`. */
  interface: { input: unknown[]; output: string[] };
  tags: string[];
  scope: string;
  createdAt: number;
  updatedAt: number | null;
}

export interface AdHocActionRecord {
  id: string;
  name: string;
  namespace: string;
  workbookName: string | null;
  definition: string;
  body: unknown;
  input: string;
  description: string | null;
  tags: string[];
  scope: string;
  createdAt: number;
  updatedAt: number | null;
}

export interface EnvironmentRecord {
  id: string;
  name: string;
  description: string | null;
  variables: Record<string, unknown>;
  scope: string;
  createdAt: number;
  updatedAt: number | null;
}

/**
 * An execution started through the Mistral API. Either it runs an uploaded workflow (the engine's
 * execution of the same id), or it is a resource type's phase workflow and stands for a lifecycle
 * signal (`signalId`), whose state and outcome it shows.
 */
export interface ApiExecutionRecord {
  id: string;
  signalId: string | null;
  workflowId: string;
  workflowName: string;
  namespace: string;
  description: string;
  /** `params` as Mistral echoes them (with `namespace` and `env`). */
  params: Record<string, unknown>;
  /** The input as given, for lifecycle executions (secret properties already redacted). */
  input: Record<string, unknown>;
  tags: string[];
  createdAt: number;
}

/** An action run on its own with `save_result` (one run without it is never stored). */
export interface ActionRunRecord {
  id: string;
  name: string;
  namespace: string;
  description: string;
  input: Record<string, unknown>;
  state: 'RUNNING' | 'SUCCESS' | 'ERROR';
  stateInfo: string | null;
  output: unknown;
  createdAt: number;
  updatedAt: number | null;
}
