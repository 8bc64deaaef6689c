import { Router } from 'express';
import type { Store } from '../store/store.js';

/** /healthz: the process answers. /readyz: the store answers too. */
export function healthRoutes(deps: { store: Store; typeCount: number }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await deps.store.ping();
      res.json({ status: 'ready', resource_types: deps.typeCount, pending_reports: await deps.store.countPendingReports() });
    } catch (error) {
      res.status(503).json({ status: 'not ready', reason: `store: ${(error as Error).message}` });
    }
  });
  return router;
}
