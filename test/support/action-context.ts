import type { ActionContext } from '../../src/actions/action.js';
import type { OutboundHttp } from '../../src/http/outbound.js';
import { createLogger } from '../../src/logger.js';

/** What an action is handed when it runs, with a real outbound HTTP client the caller closes. */
export function actionContext(http: OutboundHttp, signal: AbortSignal = new AbortController().signal): ActionContext {
  return {
    logger: createLogger('silent'),
    idempotencyKey: 'action-1',
    signal,
    execution: { id: 'execution-1', taskId: 'task-1', actionId: 'action-1' },
    http,
  };
}
