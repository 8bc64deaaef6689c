import type { Logger } from '../logger.js';
import type { OutboundHttp } from '../http/outbound.js';

export interface ActionParam {
  name: string;
  required: boolean;
  default?: unknown;
  description?: string;
}

/** Built into stackhook, or loaded from a plugin module (its absolute path). */
export type ActionSource = { kind: 'builtin' } | { kind: 'plugin'; file: string };

/** What an action is given besides its input. */
export interface ActionContext {
  logger: Logger;
  /** Stable across re-runs of the same action execution; pass it to APIs that dedupe. */
  idempotencyKey: string;
  /** Epoch milliseconds by which the action must have finished, when there is a deadline. */
  deadline?: number;
  /** Aborted when the execution is cancelled or times out. */
  signal: AbortSignal;
  execution: { id: string; taskId: string; actionId: string };
  http: OutboundHttp;
}

export interface ActionDefinition {
  name: string;
  description: string;
  params: readonly ActionParam[];
  /** Takes input keys beyond `params` (Python actions with **kwargs). */
  acceptsExtra?: boolean;
  /**
   * Has no effect outside stackhook, so running it again after a crash is invisible: it is not
   * recorded as RUNNING before it runs (one transaction less) and is always re-run.
   */
  rerunnable?: boolean;
  /**
   * Mistral's asynchronous actions: `run` only starts the work; the action stays RUNNING until its
   * result is delivered with `PUT /v2/action_executions/{id}`, after a restart too.
   */
  async?: boolean;
  /**
   * JSON Schema of the input, for actions that describe their input with one (action plugins).
   * `params` is then derived from it, for listings, and `prepareInput` validates each call.
   */
  inputSchema?: Readonly<Record<string, unknown>>;
  /**
   * Replaces the check of the input against `params`: returns the input to run with (defaults
   * applied) or throws an Error whose message names what is wrong.
   */
  prepareInput?(input: Record<string, unknown>): Record<string, unknown>;
  /** Where the action comes from; built in when absent. */
  source?: ActionSource;
  /** Returns the result's data; throws ActionFailure to end with error data. */
  run(input: Record<string, unknown>, context: ActionContext): Promise<unknown>;
}

/** Ends an action with error data rather than a message, as Mistral's Result(error=…) does. */
export class ActionFailure extends Error {
  override readonly name = 'ActionFailure';
  constructor(readonly data: unknown) {
    super(typeof data === 'string' ? data : JSON.stringify(data));
  }
}
