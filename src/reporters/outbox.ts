import type { Config } from '../config.js';
import { isHostAllowed, type OutboundHttp } from '../http/outbound.js';
import { redactUrl, type Logger } from '../logger.js';
import type { ReportRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { REPORT_ATTEMPT_TIMEOUT_MS, REPORT_LEASE_MS } from '../engine/leases.js';
import { ClaimLoop } from '../engine/claim-loop.js';
import type { NewEvent } from '../events/command-events.js';
import { reportData } from '../events/history.js';
import { backoffDelay } from './backoff.js';

const BATCH = 32;
const RETRY_CAP_MS = 60_000;
const IDLE_POLL_MS = 1_000;

/**
 * Delivers reports from the durable outbox: PUT to the ResponseURL, retried with backoff and
 * jitter until delivered or given up. A report enqueued before a crash is delivered after restart.
 */
export class ReportOutbox {
  private readonly loop: ClaimLoop<ReportRecord>;

  constructor(
    private readonly store: Store,
    private readonly http: OutboundHttp,
    private readonly config: Pick<Config, 'callbackHosts' | 'reportRetryBaseMs'>,
    private readonly logger: Logger,
    /** Told of every delivery and every report given up, for live progress. */
    private readonly publish: (events: NewEvent[]) => void = () => undefined,
  ) {
    this.loop = new ClaimLoop({
      what: 'reports',
      claim: (limit) => store.claimDueReports(Date.now(), limit, REPORT_LEASE_MS),
      handle: (report) => this.deliver(report),
      nextDue: () => store.nextReportDueAt(),
      batchSize: BATCH,
      idlePollMs: IDLE_POLL_MS,
    }, logger);
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Reports this process just committed, held from birth: delivered without a claim. */
  adopt(reports: readonly ReportRecord[]): void {
    this.loop.adopt(reports);
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
        this.announce(report, 'report.delivered', report.attempts + 1, null);
        log.info({ attempts: report.attempts + 1, status: report.body.Status }, 'report delivered');
        return;
      }
      await this.failed(report, `HTTP ${response.status}`, log, false);
    } catch (error) {
      await this.failed(report, (error as Error).message, log, false);
    }
  }

  private announce(report: ReportRecord, type: 'report.delivered' | 'report.retrying' | 'report.failed', attempts: number, lastError: string | null): void {
    this.publish([{
      type, at: new Date().toISOString(), execution_id: null, signal_id: report.signalId,
      stack_id: typeof report.body.StackId === 'string' ? report.body.StackId : null,
      data: reportData({ ...report, attempts, lastError }),
    }]);
  }

  private async failed(report: ReportRecord, reason: string, log: Logger, final: boolean): Promise<void> {
    const attempts = report.attempts + 1;
    const nextAttemptAt = Date.now() + backoffDelay(attempts, this.config.reportRetryBaseMs, RETRY_CAP_MS);
    const gaveUp = final || nextAttemptAt > report.giveUpAt;
    await this.store.markReportAttemptFailed(report.id, { attempts, nextAttemptAt, lastError: reason, gaveUp });
    this.announce(report, gaveUp ? 'report.failed' : 'report.retrying', attempts, reason);
    if (gaveUp) log.error({ attempts, reason }, 'report given up');
    else log.warn({ attempts, reason, retryInMs: nextAttemptAt - Date.now() }, 'report delivery failed; will retry');
    if (!gaveUp) this.loop.wake();
  }
}
