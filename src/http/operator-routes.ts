import { Router } from 'express';
import { StackhookError } from '../errors.js';
import type { ResourceTypeRegistry } from '../resource-types/registry.js';
import type { ExecutionState } from '../store/records.js';
import type { Store } from '../store/store.js';
import { oneOf, pageLimit, queryString } from './app.js';
import { executionDetailView, executionView, resourceTypeView, resourceView } from './views.js';

const EXECUTION_STATES: readonly ExecutionState[] = ['IDLE', 'RUNNING', 'PAUSED', 'SUCCESS', 'ERROR', 'CANCELLED'];

/** What operators look at: types, executions with their decisions, and the inventory. */
export function operatorRoutes(deps: { store: Store; types: ResourceTypeRegistry }): Router {
  const { store, types } = deps;
  const router = Router();

  router.get('/v1/resource-types', (_req, res) => {
    res.json({ resource_types: types.list().map(resourceTypeView) });
  });

  router.get('/v1/resource-types/:type', (req, res) => {
    res.json(resourceTypeView(types.get(req.params.type)));
  });

  router.get('/v1/executions', async (req, res) => {
    const limit = pageLimit(req.query.limit);
    const executions = await store.listExecutions({
      stackId: queryString(req.query.stack_id),
      resourceType: queryString(req.query.type),
      state: oneOf('state', req.query.state, EXECUTION_STATES),
      after: queryString(req.query.marker),
      limit,
    });
    const next = executions.length === limit ? executions[executions.length - 1]!.id : null;
    res.json({ executions: executions.map((e) => executionView(types, e)), next_marker: next });
  });

  router.get('/v1/executions/:id', async (req, res) => {
    const snapshot = await store.getExecutionSnapshot(req.params.id);
    if (!snapshot) throw new StackhookError('EXECUTION_NOT_FOUND', `No execution ${req.params.id}`);
    const signal = snapshot.execution.signalId ? await store.getSignal(snapshot.execution.signalId) : undefined;
    res.json(executionDetailView(types, snapshot.execution, snapshot.tasks, snapshot.actions, signal));
  });

  router.get('/v1/resources', async (req, res) => {
    const limit = pageLimit(req.query.limit);
    const resources = await store.listResources({
      stackId: queryString(req.query.stack_id), type: queryString(req.query.type),
      status: queryString(req.query.status), after: queryString(req.query.marker), limit,
    });
    const next = resources.length === limit ? resources[resources.length - 1]!.id : null;
    res.json({ resources: resources.map((r) => resourceView(types, r)), next_marker: next });
  });

  router.get('/v1/resources/:id', async (req, res) => {
    const resource = await store.getResource(req.params.id);
    if (!resource) throw new StackhookError('RESOURCE_NOT_FOUND', `No resource ${req.params.id}`);
    res.json(resourceView(types, resource));
  });

  return router;
}
