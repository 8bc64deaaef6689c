import { Router } from 'express';
import type { ActionDefinition, ActionParam } from '../actions/action.js';
import type { ActionRegistry } from '../actions/registry.js';
import { StackhookError } from '../errors.js';

/** How an action is shown by `GET /v1/actions` and `stackhook actions --json`. */
export interface ActionView {
  name: string;
  description: string;
  /** The JSON Schema of the input (plugin actions), or null for actions described by `params`. */
  input: Readonly<Record<string, unknown>> | null;
  params: readonly ActionParam[];
  source: 'builtin' | 'plugin';
  /** The plugin module that defined it. */
  file?: string;
}

export function actionView(definition: ActionDefinition): ActionView {
  const view: ActionView = {
    name: definition.name,
    description: definition.description,
    input: definition.inputSchema ?? null,
    params: definition.params,
    source: definition.source?.kind ?? 'builtin',
  };
  if (definition.source?.kind === 'plugin') view.file = definition.source.file;
  return view;
}

/** The actions workflows may call: built-in and from plugins. */
export function actionRoutes(deps: { actions: ActionRegistry }): Router {
  const { actions } = deps;
  const router = Router();

  router.get('/v1/actions', (_req, res) => {
    res.json({ actions: actions.list().map(actionView) });
  });

  router.get('/v1/actions/:name', (req, res) => {
    const definition = actions.get(req.params.name);
    if (!definition) throw new StackhookError('ACTION_NOT_FOUND', `No action ${req.params.name}`);
    res.json(actionView(definition));
  });

  return router;
}
