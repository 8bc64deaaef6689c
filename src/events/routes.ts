import { Router } from 'express';
import { StackhookError } from '../errors.js';
import { redact, secretValues } from '../http/redact.js';
import type { ResourceTypeRegistry } from '../resource-types/registry.js';
import { secretNamesOf } from '../resource-types/resource-type.js';
import type { Store } from '../store/store.js';
import type { EventBus } from './bus.js';
import { executionHistory } from './history.js';
import { streamEvents } from './sse.js';

/** Live progress as Server-Sent Events: one execution, one stack, or everything. */
export function eventRoutes(deps: { store: Store; bus: EventBus; types: ResourceTypeRegistry }): Router {
  const { store, bus, types } = deps;
  const router = Router();

  router.get('/v1/executions/:id/events', async (req, res) => {
    const execution = await store.getExecution(req.params.id);
    if (!execution) throw new StackhookError('EXECUTION_NOT_FOUND', `No execution ${req.params.id}`);
    const resource = execution.env.resource as { old_properties?: unknown } | undefined;
    const secrets = secretValues(types, execution.resourceType, execution.input, resource?.old_properties);
    const names = secretNamesOf(execution.resourceType ? types.find(execution.resourceType) : undefined);
    await streamEvents(req, res, {
      bus, filter: { executionId: execution.id, signalId: execution.signalId },
      scrub: (event) => redact(event, secrets, names),
      history: async () => {
        const snapshot = (await store.getExecutionSnapshot(execution.id))!;
        const signal = execution.signalId ? await store.getSignal(execution.signalId) : undefined;
        const reports = signal ? await store.listReports(signal.id) : [];
        return executionHistory(snapshot, signal, reports);
      },
    });
  });

  router.get('/v1/events', async (req, res) => {
    const stackId = typeof req.query.stack_id === 'string' && req.query.stack_id ? req.query.stack_id : undefined;
    const filter = { stackId };
    await streamEvents(req, res, { bus, filter, history: async () => bus.recent(filter) });
  });

  return router;
}
