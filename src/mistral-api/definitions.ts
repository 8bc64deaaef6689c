/** `/v2/workflows` and `/v2/workbooks`: YAML uploads, listing, definitions, deletes. */
import { Router, type Request } from 'express';
import { newId } from '../ids.js';
import { UniqueViolation } from '../store/commands.js';
import type { WorkflowDefinitionRecord } from '../store/definition-records.js';
import { workbookItemDefinition, workflowListItemDefinition } from '../workflow/definitions.js';
import { parseWorkbook, parseWorkflowList, WorkflowValidationError } from '../workflow/parse.js';
import { adHocActionRecord, workbookView, workflowRecord, workflowView } from './definition-views.js';
import type { MistralApiDeps } from './deps.js';
import { listAnswer, pickFields } from './listing.js';
import { definitionFault, textBody } from './routes.js';
import { badRequest, MistralFault, notFound } from './wire.js';

const WORKFLOW_FILTERS = ['name', 'input', 'definition', 'tags', 'scope', 'project_id', 'created_at', 'updated_at', 'namespace'];
const WORKBOOK_FILTERS = ['name', 'definition', 'tags', 'scope', 'created_at', 'updated_at', 'namespace'];

export function namespaceOf(req: Request): string {
  const value = (req.query as Record<string, unknown>).namespace;
  return typeof value === 'string' ? value : '';
}

function scopeOf(req: Request): string {
  const value = (req.query as Record<string, unknown>).scope;
  return typeof value === 'string' && value ? value : 'private';
}

export function workflowNotFound(identifier: string, namespace: string): MistralFault {
  return notFound(`Workflow not found [workflow_identifier=${identifier}, namespace=${namespace}]`);
}

export function definitionRoutes(deps: MistralApiDeps): Router {
  const { store, typeWorkflows, catalog } = deps;
  const defs = store.definitions;
  const router = Router();

  const parseList = (text: string) => {
    try {
      return parseWorkflowList(text);
    } catch (error) {
      throw definitionFault(error);
    }
  };

  const recordsOf = (req: Request) => {
    const text = textBody(req);
    const namespace = namespaceOf(req);
    const now = Date.now();
    const list = parseList(text);
    return list.workflows.map((spec) => {
      if (typeWorkflows.isReserved(spec.qualifiedName)) {
        throw new MistralFault(400, `Attempt to modify a system workflow: ${spec.qualifiedName}`, true);
      }
      return { spec, record: workflowRecord(spec, workflowListItemDefinition(text, spec.name), namespace, scopeOf(req), now) };
    });
  };

  router.get('/v2/workflows', async (req, res) => {
    const stored = await defs.listWorkflows();
    const items = [...typeWorkflows.list().map((t) => t.record), ...stored].map((w) => workflowView(w));
    res.json(listAnswer(req, items, { collection: 'workflows', filters: WORKFLOW_FILTERS }));
  });

  router.get('/v2/workflows/:identifier', async (req, res) => {
    res.json(pickFields(req, workflowView(await findWorkflow(deps, req.params.identifier, namespaceOf(req)))));
  });

  router.post('/v2/workflows/validate', (req, res) => {
    try {
      parseWorkflowList(textBody(req));
      res.json({ valid: true });
    } catch (error) {
      if (!(error instanceof WorkflowValidationError)) throw error;
      res.json({ valid: false, error: error.issues.map((i) => i.message).join('\n') });
    }
  });

  router.post('/v2/workflows', async (req, res) => {
    const created = recordsOf(req);
    try {
      await defs.createWorkflows(created.map((c) => c.record));
    } catch (error) {
      if (!(error instanceof UniqueViolation)) throw error;
      const taken = await firstTaken(deps, created.map((c) => c.record));
      throw new MistralFault(409, `Duplicate entry for WorkflowDefinition ['name', 'namespace', 'project_id']: ${taken}, ${namespaceOf(req)}, None`, true);
    }
    for (const c of created) catalog.addWorkflow(c.spec);
    res.status(201).json({ workflows: created.map((c) => workflowView(c.record, 'created')) });
  });

  router.put('/v2/workflows', async (req, res) => {
    const changed = recordsOf(req);
    const now = Date.now();
    const updated = await defs.updateWorkflows(changed.map((c) => ({ ...c.record, updatedAt: now })));
    if (!updated) {
      const missing = await firstMissing(deps, changed.map((c) => c.record));
      throw workflowNotFound(missing, namespaceOf(req));
    }
    for (const c of changed) catalog.addWorkflow(c.spec);
    res.json({ workflows: updated.map((w) => workflowView(w, 'updated')) });
  });

  router.delete('/v2/workflows/:identifier', async (req, res) => {
    const { identifier } = req.params;
    if (typeWorkflows.find(identifier)) throw badRequest(`Attempt to delete a system workflow: ${identifier}`);
    const existing = await defs.getWorkflow(identifier, namespaceOf(req));
    if (!existing || !(await defs.deleteWorkflow(identifier, namespaceOf(req)))) throw workflowNotFound(identifier, namespaceOf(req));
    catalog.removeWorkflow(existing.name);
    res.status(204).end();
  });

  router.get('/v2/workbooks', async (req, res) => {
    const items = (await defs.listWorkbooks()).map((w) => workbookView(w));
    res.json(listAnswer(req, items, { collection: 'workbooks', filters: WORKBOOK_FILTERS }));
  });

  router.get('/v2/workbooks/:name', async (req, res) => {
    const workbook = await defs.getWorkbook(req.params.name, namespaceOf(req));
    if (!workbook) throw notFound(`Workbook not found [name=${req.params.name}, namespace=${namespaceOf(req)}]`);
    res.json(pickFields(req, workbookView(workbook)));
  });

  router.post('/v2/workbooks/validate', (req, res) => {
    try {
      parseWorkbook(textBody(req));
      res.json({ valid: true });
    } catch (error) {
      if (!(error instanceof WorkflowValidationError)) throw error;
      res.json({ valid: false, error: error.issues.map((i) => i.message).join('\n') });
    }
  });

  const workbookOf = (req: Request) => {
    const text = textBody(req);
    let spec;
    try {
      spec = parseWorkbook(text);
    } catch (error) {
      throw definitionFault(error);
    }
    const namespace = namespaceOf(req);
    const scope = scopeOf(req);
    const now = Date.now();
    const workflows = [...spec.workflows.values()].map((w) => workflowRecord(w, workbookItemDefinition(text, 'workflows', w.name), namespace, scope, now));
    const actions = [...spec.actions.values()].map((a) => adHocActionRecord(a, workbookItemDefinition(text, 'actions', a.name), namespace, scope, now));
    const workbook = { id: newId(now), name: spec.name, namespace, definition: text, tags: [...spec.tags], scope, createdAt: now, updatedAt: null };
    if (typeWorkflows.isReserved(spec.name)) throw new MistralFault(400, `Attempt to modify a system workbook: ${spec.name}`, true);
    return { spec, workbook, workflows, actions };
  };

  router.post('/v2/workbooks', async (req, res) => {
    const { spec, workbook, workflows, actions } = workbookOf(req);
    try {
      await defs.createWorkbook(workbook, workflows, actions);
    } catch (error) {
      if (!(error instanceof UniqueViolation)) throw error;
      if (await defs.getWorkbook(workbook.name, workbook.namespace)) {
        throw new MistralFault(409, `Duplicate entry for WorkbookDefinition ['name', 'namespace', 'project_id']: ${workbook.name}, ${workbook.namespace}, None`, true);
      }
      const taken = await firstTaken(deps, workflows);
      throw new MistralFault(409, `Duplicate entry for WorkflowDefinition ['name', 'namespace', 'project_id']: ${taken}, ${workbook.namespace}, None`, true);
    }
    catalog.addWorkbook(spec);
    res.status(201).json(workbookView(workbook, 'created'));
  });

  router.put('/v2/workbooks', async (req, res) => {
    const { spec, workbook, workflows, actions } = workbookOf(req);
    const before = (await defs.listWorkflows()).filter((w) => w.workbookName === workbook.name && w.namespace === workbook.namespace);
    const beforeActions = (await defs.listAdHocActions()).filter((a) => a.workbookName === workbook.name && a.namespace === workbook.namespace);
    const updated = await defs.replaceWorkbook({ ...workbook, updatedAt: Date.now() }, workflows, actions);
    if (!updated) throw notFound(`Workbook not found [name=${workbook.name}, namespace=${workbook.namespace}]`);
    catalog.removeWorkbook(before, beforeActions);
    catalog.addWorkbook(spec);
    res.json(workbookView(updated, 'updated'));
  });

  router.delete('/v2/workbooks/:name', async (req, res) => {
    const namespace = namespaceOf(req);
    const before = (await defs.listWorkflows()).filter((w) => w.workbookName === req.params.name && w.namespace === namespace);
    const beforeActions = (await defs.listAdHocActions()).filter((a) => a.workbookName === req.params.name && a.namespace === namespace);
    if (!(await defs.deleteWorkbook(req.params.name, namespace))) throw notFound(`Workbook not found [name=${req.params.name}, namespace=${namespace}]`);
    catalog.removeWorkbook(before, beforeActions);
    res.status(204).end();
  });

  return router;
}

/** A stored or resource-type workflow by name or id; Mistral's 404 otherwise. */
export async function findWorkflow(deps: MistralApiDeps, identifier: string, namespace: string): Promise<WorkflowDefinitionRecord> {
  const own = deps.typeWorkflows.find(identifier);
  if (own) return own.record;
  const stored = await deps.store.definitions.getWorkflow(identifier, namespace);
  if (!stored) throw workflowNotFound(identifier, namespace);
  return stored;
}

async function firstTaken(deps: MistralApiDeps, records: readonly WorkflowDefinitionRecord[]): Promise<string> {
  for (const record of records) {
    if (await deps.store.definitions.getWorkflow(record.name, record.namespace)) return record.name;
  }
  return records[0]?.name ?? '';
}

async function firstMissing(deps: MistralApiDeps, records: readonly WorkflowDefinitionRecord[]): Promise<string> {
  for (const record of records) {
    if (!(await deps.store.definitions.getWorkflow(record.name, record.namespace))) return record.name;
  }
  return records[0]?.name ?? '';
}
