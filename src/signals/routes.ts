import { Router } from 'express';
import type { Config } from '../config.js';
import { StackhookError } from '../errors.js';
import { isHostAllowed } from '../http/outbound.js';
import { signalView } from '../http/views.js';
import type { Lifecycle } from '../lifecycle/lifecycle.js';
import type { ResourceTypeRegistry } from '../resource-types/registry.js';
import type { Store } from '../store/store.js';
import { parseSignalRequest } from './signal-request.js';

/** The CloudFormation custom-resource protocol: POST a request, get the outcome PUT to ResponseURL. */
export function signalRoutes(deps: { lifecycle: Lifecycle; store: Store; types: ResourceTypeRegistry; config: Config }): Router {
  const router = Router();

  router.post('/v1/signals', async (req, res) => {
    if (req.body === undefined) throw new StackhookError('INVALID_REQUEST', 'Invalid signal: the body is empty', [{ field: '(body)', problem: 'is required' }]);
    const input = parseSignalRequest(req.body);
    if (!isHostAllowed(input.responseUrl, deps.config.callbackHosts)) {
      throw new StackhookError('CALLBACK_HOST_NOT_ALLOWED',
        'ResponseURL must be an http(s) URL whose host is in STACKHOOK_CALLBACK_HOSTS',
        { field: 'ResponseURL', allowed_hosts: deps.config.callbackHosts });
    }
    const accepted = await deps.lifecycle.accept(input);
    res.status(202).json({
      signal_id: accepted.signal.id,
      signal_url: `/v1/signals/${accepted.signal.id}`,
      execution_id: accepted.executionId,
      execution_url: accepted.executionId ? `/v1/executions/${accepted.executionId}` : null,
      state: accepted.signal.state,
      repeated: accepted.repeated,
    });
  });

  router.get('/v1/signals/:id', async (req, res) => {
    const signal = await deps.store.getSignal(req.params.id);
    if (!signal) throw new StackhookError('SIGNAL_NOT_FOUND', `No signal ${req.params.id}`);
    const [reports, executions] = await Promise.all([
      deps.store.listReports(signal.id),
      deps.store.listExecutions({ signalId: signal.id, limit: 100 }),
    ]);
    res.json(signalView(deps.types, signal, reports, executions.map((e) => e.id).reverse()));
  });

  return router;
}
