import { Router } from 'express';
import type { Metrics } from '../metrics/metrics.js';
import type { Store } from '../store/store.js';

/** A report due this long ago and still not handed out means the outbox is stuck. */
const OUTBOX_STUCK_MS = 60_000;

/** /healthz: the process answers. /readyz: the store answers, types are loaded, the outbox moves. /metrics. */
export function healthRoutes(deps: { store: Store; typeCount: number; metrics: Metrics }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const problems: string[] = [];
    let pending = 0;
    try {
      await deps.store.ping();
      pending = await deps.store.countPendingReports();
      const due = await deps.store.nextReportDueAt();
      if (due !== undefined && Date.now() - due > OUTBOX_STUCK_MS) problems.push(`outbox: a report has been due for ${Math.round((Date.now() - due) / 1000)} s`);
    } catch (error) {
      problems.push(`store: ${(error as Error).message}`);
    }
    if (deps.typeCount === 0) problems.push('no resource types are loaded');
    res.status(problems.length ? 503 : 200).json({
      status: problems.length ? 'not ready' : 'ready', problems, resource_types: deps.typeCount, pending_reports: pending,
    });
  });
  router.get('/metrics', async (_req, res) => {
    res.set('content-type', deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return router;
}
