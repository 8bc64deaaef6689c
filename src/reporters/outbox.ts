import type { Config } from '../config.js';
import { isHostAllowed, type OutboundHttp } from '../http/outbound.js';
import { redactUrl, type Logger } from '../logger.js';
import type { ReportRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { REPORT_ATTEMPT_TIMEOUT_MS, REPORT_LEASE_MS } from '../engine/leases.js';
import { backoffDelay } from './backoff.js';

const BATCH = 32;
const RETRY_CAP_MS = 60_000;
const IDLE_POLL_MS = 1_000;

/**
 * Delivers reports from the durable outbox: PUT to the ResponseURL, retried with backoff and
 * jitter until delivered or given up. A report enqueued before a crash is delivered after restart.
 */
export class ReportOutbox {
  private timer: NodeJS.Timeout | undefined;
  private draining = false;
  private wakeAgain = false;
  private stopped = true;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly http: OutboundHttp,
    private readonly config: Pick<Config, 'callbackHosts' | 'reportRetryBaseMs'>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    while (this.draining || this.inFlight.size) {
      await Promise.allSettled([...this.inFlight]);
      if (this.draining) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Reports this process just committed, held from birth: delivered without a claim. */
  adopt(reports: readonly ReportRecord[]): void {
    if (this.stopped) return;
    for (const report of reports) this.track(this.deliver(report));
  }

  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.wakeAgain = true;
      return;
    }
    this.draining = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      do {
        this.wakeAgain = false;
        const reports = await this.store.claimDueReports(Date.now(), BATCH, REPORT_LEASE_MS);
        for (const report of reports) this.track(this.deliver(report));
        if (reports.length === BATCH) this.wakeAgain = true;
      } while (this.wakeAgain && !this.stopped);
      const due = await this.store.nextReportDueAt();
      this.schedule(due === undefined ? IDLE_POLL_MS : Math.min(Math.max(due - Date.now(), 0), IDLE_POLL_MS));
    } catch (error) {
      this.logger.error({ err: error }, 'claiming due reports failed; retrying shortly');
      this.schedule(IDLE_POLL_MS);
    } finally {
      this.draining = false;
    }
  }

  private async deliver(report: ReportRecord): Promise<void> {
    const log = this.logger.child({ reportId: report.id, signalId: report.signalId, target: redactUrl(report.url) });
    if (!isHostAllowed(report.url, this.config.callbackHosts)) {
      await this.failed(report, 'the ResponseURL host is not in STACKHOOK_CALLBACK_HOSTS', log, true);
      return;
    }
    try {
      const response = await this.http.send({
        method: 'PUT', url: report.url, timeoutMs: REPORT_ATTEMPT_TIMEOUT_MS,
        // cfn-response sends an empty content type, which presigned S3 URLs expect.
        headers: { 'content-type': '' }, body: JSON.stringify(report.body),
      });
      if (response.status >= 200 && response.status < 300) {
        await this.store.markReportDelivered(report.id, Date.now());
        log.info({ attempts: report.attempts + 1, status: report.body.Status }, 'report delivered');
        return;
      }
      await this.failed(report, `HTTP ${response.status}`, log, false);
    } catch (error) {
      await this.failed(report, (error as Error).message, log, false);
    }
  }

  private async failed(report: ReportRecord, reason: string, log: Logger, final: boolean): Promise<void> {
    const attempts = report.attempts + 1;
    const nextAttemptAt = Date.now() + backoffDelay(attempts, this.config.reportRetryBaseMs, RETRY_CAP_MS);
    const gaveUp = final || nextAttemptAt > report.giveUpAt;
    await this.store.markReportAttemptFailed(report.id, { attempts, nextAttemptAt, lastError: reason, gaveUp });
    if (gaveUp) log.error({ attempts, reason }, 'report given up');
    else log.warn({ attempts, reason, retryInMs: nextAttemptAt - Date.now() }, 'report delivery failed; will retry');
    if (!gaveUp) this.wake();
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => this.wake(), ms);
  }
}
