/** `/v2/actions` (provider actions and uploaded ad-hoc ones) and `/v2/environments`. */
import { Router } from 'express';
import { newId } from '../ids.js';
import { UniqueViolation } from '../store/commands.js';
import type { EnvironmentRecord } from '../store/definition-records.js';
import { adHocActionView, builtInActionView, environmentView } from './definition-views.js';
import type { MistralApiDeps } from './deps.js';
import { listAnswer, pickFields } from './listing.js';
import { jsonBody } from './routes.js';
import { badRequest, jsonField, MistralFault, notFound } from './wire.js';

export function actionDefinitionRoutes(deps: MistralApiDeps): Router {
  const defs = deps.store.definitions;
  const router = Router();

  router.get('/v2/actions', async (req, res) => {
    const items = [...deps.actions.list().map(builtInActionView), ...(await defs.listAdHocActions()).map(adHocActionView)];
    res.json(listAnswer(req, items, { collection: 'actions', filters: ['name', 'scope', 'tags', 'is_system', 'namespace'], defaultSortKey: 'name' }));
  });

  router.get('/v2/actions/:name{/:namespace}', async (req, res) => {
    const namespace = req.params.namespace ?? (typeof req.query.namespace === 'string' ? req.query.namespace : '');
    const builtIn = deps.actions.get(req.params.name);
    if (builtIn) return void res.json(pickFields(req, builtInActionView(builtIn)));
    const adHoc = await defs.getAdHocAction(req.params.name, namespace);
    if (!adHoc) throw notFound(`Action not found [name=${req.params.name}, namespace=${namespace}]`);
    res.json(pickFields(req, adHocActionView(adHoc)));
  });

  router.get('/v2/environments', async (req, res) => {
    const items = (await defs.listEnvironments()).map((e) => environmentView(e));
    res.json(listAnswer(req, items, { collection: 'environments', filters: ['name', 'description', 'scope', 'created_at', 'updated_at'] }));
  });

  router.get('/v2/environments/:name', async (req, res) => {
    const environment = await defs.getEnvironment(req.params.name);
    if (!environment) throw notFound(`Environment not found [name=${req.params.name}]`);
    res.json(pickFields(req, environmentView(environment)));
  });

  const environmentOf = (body: Record<string, unknown>): EnvironmentRecord => {
    if (typeof body.name !== 'string' || !body.name) throw badRequest('Invalid input for field/attribute name. Value: None. Mandatory field missing.');
    const now = Date.now();
    return {
      id: newId(now), name: body.name, description: typeof body.description === 'string' ? body.description : null,
      variables: jsonField(body.variables, 'variables', 'env'), scope: typeof body.scope === 'string' ? body.scope : 'private',
      createdAt: now, updatedAt: null,
    };
  };

  router.post('/v2/environments', async (req, res) => {
    const environment = environmentOf(jsonBody(req));
    try {
      await defs.createEnvironment(environment);
    } catch (error) {
      if (!(error instanceof UniqueViolation)) throw error;
      throw new MistralFault(409, `Duplicate entry for Environment ['name', 'project_id']: ${environment.name}, None`);
    }
    res.status(201).json(environmentView(environment, 'created'));
  });

  router.put('/v2/environments', async (req, res) => {
    const body = jsonBody(req);
    const existing = typeof body.name === 'string' ? await defs.getEnvironment(body.name) : undefined;
    if (!existing) throw notFound(`Environment not found [name=${String(body.name)}]`);
    const changed: EnvironmentRecord = {
      ...existing,
      ...(typeof body.description === 'string' ? { description: body.description } : {}),
      ...(body.variables !== undefined ? { variables: jsonField(body.variables, 'variables', 'env') } : {}),
      ...(typeof body.scope === 'string' ? { scope: body.scope } : {}),
      updatedAt: Date.now(),
    };
    res.json(environmentView((await defs.updateEnvironment(changed)) ?? changed));
  });

  router.delete('/v2/environments/:name', async (req, res) => {
    if (!(await defs.deleteEnvironment(req.params.name))) throw notFound(`Environment not found [name=${req.params.name}]`);
    res.status(204).end();
  });

  return router;
}
