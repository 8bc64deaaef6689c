/**
 * The one registry of stackhook's errors: a stable code, the HTTP status it answers with, and what
 * it means. The README's error table is checked against this registry by a test.
 */
export const ERROR_CODES = {
  BAD_JSON: { status: 400, meaning: 'The request body is not valid JSON.' },
  INVALID_REQUEST: { status: 400, meaning: 'A field of the request is missing or has the wrong type; details name it.' },
  INVALID_QUERY: { status: 400, meaning: 'A query parameter has a value that is not allowed.' },
  CALLBACK_HOST_NOT_ALLOWED: { status: 403, meaning: 'The ResponseURL points at a host outside STACKHOOK_CALLBACK_HOSTS.' },
  NOT_FOUND: { status: 404, meaning: 'No such route.' },
  RESOURCE_TYPE_NOT_FOUND: { status: 404, meaning: 'No resource type of that name is loaded.' },
  SIGNAL_NOT_FOUND: { status: 404, meaning: 'No signal with that id.' },
  EXECUTION_NOT_FOUND: { status: 404, meaning: 'No execution with that id.' },
  RESOURCE_NOT_FOUND: { status: 404, meaning: 'No managed resource with that id.' },
  ACTION_NOT_FOUND: { status: 404, meaning: 'No action of that name is registered (built in or from a plugin).' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, meaning: 'StackId+RequestId was already used for a different request.' },
  BODY_TOO_LARGE: { status: 413, meaning: 'The request body is over the size limit.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: 'The request body must be JSON (Content-Type: application/json).' },
  STORE_UNAVAILABLE: { status: 503, meaning: 'The store cannot be reached; retry later.' },
  INTERNAL: { status: 500, meaning: 'An unexpected error; the log has the details under the request id.' },
  TYPE_FILE_INVALID: { status: 500, meaning: 'A resource type file failed validation (at start-up or in `stackhook validate`).' },
  ACTION_PLUGIN_INVALID: { status: 500, meaning: 'An action plugin failed to load or validate (at start-up or in `stackhook actions`).' },
  CONFIG_INVALID: { status: 500, meaning: 'A configuration flag or environment variable has a value that is not allowed.' },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class StackhookError extends Error {
  override readonly name = 'StackhookError';
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.status = ERROR_CODES[code].status;
  }
}

export function isStackhookError(error: unknown): error is StackhookError {
  return error instanceof StackhookError;
}

/** The JSON body every API error answers with. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
  request_id: string;
}

export function errorBody(error: StackhookError, requestId: string): ErrorBody {
  const body: ErrorBody = { code: error.code, message: error.message, request_id: requestId };
  if (error.details !== undefined) body.details = error.details;
  return body;
}

/** Turns anything thrown into an Error with a message, for logs and failure reasons. */
export function coerceError(error: unknown): Error {
  if (error instanceof Error) return error;
  return new Error(typeof error === 'string' ? error : JSON.stringify(error));
}
