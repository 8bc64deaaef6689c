import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { healthRoutes } from '../../src/http/health-routes.js';
import { Metrics } from '../../src/metrics/metrics.js';
import type { Store } from '../../src/store/store.js';

/** Only what the probes read; the outbox's state is set by each test. */
function storeWith(state: { due?: number; pending?: number; down?: boolean }): Store {
  return {
    ping: async () => {
      if (state.down) throw new Error('database is locked');
    },
    countPendingReports: async () => state.pending ?? 0,
    nextReportDueAt: async () => state.due,
  } as unknown as Store;
}

function app(store: Store, typeCount = 2) {
  return express().use(healthRoutes({ store, typeCount, metrics: new Metrics(store) }));
}

describe('readiness', () => {
  it('given a report due 2 minutes ago and still not handed out, when probed, then readyz says the outbox is stuck', async () => {
    const res = await request(app(storeWith({ due: Date.now() - 120_000, pending: 1 }))).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.problems).toEqual([expect.stringMatching(/^outbox: a report has been due for 1[12]\d s$/)]);
  });

  it('given a report due a moment ago, when probed, then the service is ready', async () => {
    const res = await request(app(storeWith({ due: Date.now() - 1000, pending: 1 }))).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ready', pending_reports: 1 });
  });

  it('given a store that fails, when probed, then readyz says why and healthz still answers', async () => {
    const store = storeWith({ down: true });
    const res = await request(app(store)).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.problems).toEqual(['store: database is locked']);
    await request(app(store)).get('/healthz').expect(200);
  });

  it('given no resource types, when probed, then the service is not ready', async () => {
    const res = await request(app(storeWith({}), 0)).get('/readyz');
    expect(res.body.problems).toEqual(['no resource types are loaded']);
  });
});
