import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { StackhookEvent } from '../events/event.js';
import type { Store } from '../store/store.js';

const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const STORE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5];

/**
 * The Prometheus metrics of one service instance (its own registry, so tests can run several).
 * Almost everything is counted from the event stream, so the engine does no bookkeeping of its own.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly signals = new Counter({ name: 'stackhook_signals_total', help: 'Lifecycle signals finished, by resource type, request type and outcome', labelNames: ['type', 'request_type', 'outcome'], registers: [this.registry] });
  private readonly executions = new Histogram({ name: 'stackhook_execution_duration_seconds', help: 'Workflow execution durations, by final state', labelNames: ['state'], buckets: DURATION_BUCKETS, registers: [this.registry] });
  private readonly tasks = new Histogram({ name: 'stackhook_task_duration_seconds', help: 'Task execution durations, by final state', labelNames: ['state'], buckets: DURATION_BUCKETS, registers: [this.registry] });
  private readonly actions = new Counter({ name: 'stackhook_actions_total', help: 'Action executions finished, by action and state', labelNames: ['action', 'state'], registers: [this.registry] });
  private readonly reports = new Counter({ name: 'stackhook_report_deliveries_total', help: 'Report delivery attempts, by result (delivered, retry, gave_up)', labelNames: ['result'], registers: [this.registry] });
  private readonly store = new Histogram({ name: 'stackhook_store_operation_seconds', help: 'Store operation latency, by operation', labelNames: ['operation'], buckets: STORE_BUCKETS, registers: [this.registry] });
  private readonly http = new Histogram({ name: 'stackhook_http_request_duration_seconds', help: 'HTTP request durations, by method, route and status', labelNames: ['method', 'route', 'status'], buckets: DURATION_BUCKETS, registers: [this.registry] });

  constructor(store: Store) {
    collectDefaultMetrics({ register: this.registry, prefix: 'stackhook_' });
    new Gauge({
      name: 'stackhook_outbox_depth', help: 'Reports waiting for delivery', registers: [this.registry],
      async collect() {
        this.set(await store.countPendingReports());
      },
    });
  }

  observeEvent(event: StackhookEvent): void {
    const d = event.data;
    switch (event.type) {
      case 'lifecycle.outcome':
        this.signals.inc({ type: String(d.resource_type ?? ''), request_type: String(d.request_type ?? ''), outcome: String(d.status) });
        return;
      case 'execution.state':
        if (typeof d.duration_ms === 'number') this.executions.observe({ state: String(d.state) }, d.duration_ms / 1000);
        return;
      case 'task.finished':
        if (typeof d.duration_ms === 'number') this.tasks.observe({ state: String(d.state) }, d.duration_ms / 1000);
        return;
      case 'action.result':
        this.actions.inc({ action: String(d.name), state: String(d.state) });
        return;
      case 'report.delivered':
        this.reports.inc({ result: 'delivered' });
        return;
      case 'report.retrying':
        this.reports.inc({ result: 'retry' });
        return;
      case 'report.failed':
        this.reports.inc({ result: 'gave_up' });
        return;
      default:
    }
  }

  observeStore(operation: string, seconds: number): void {
    this.store.observe({ operation }, seconds);
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.http.observe({ method, route, status: String(status) }, seconds);
  }
}
