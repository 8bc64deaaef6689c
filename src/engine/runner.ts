import type { Logger } from '../logger.js';
import { JOB_LEASE_MS } from './leases.js';
import type { JobKind, JobRecord } from '../store/records.js';
import type { Store } from '../store/store.js';

export type JobHandler = (job: JobRecord) => Promise<void>;

export interface RunnerOptions {
  /** Jobs taken per claim. */
  batchSize: number;
  /** How long a claimed job is not handed to anyone else. */
  leaseMs: number;
  /** Longest sleep between looks at the store, for work other processes add. */
  idlePollMs: number;
}

const DEFAULTS: RunnerOptions = { batchSize: 64, leaseMs: JOB_LEASE_MS, idlePollMs: 1_000 };

/**
 * Hands due jobs (actions to run, deadlines) to their handlers. Woken at once after a commit that
 * schedules work, and by one timer set to the earliest due job; the store's rows are the truth,
 * so nothing is lost when the process dies between two looks.
 */
export class JobRunner {
  private readonly options: RunnerOptions;
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private draining = false;
  private wakeAgain = false;
  private stopped = true;

  constructor(
    private readonly store: Store,
    private readonly handlers: Readonly<Record<JobKind, JobHandler>>,
    private readonly logger: Logger,
    options: Partial<RunnerOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /** Stops taking jobs and waits for the ones being handled. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    while (this.draining || this.inFlight.size) {
      await Promise.allSettled([...this.inFlight]);
      if (this.draining) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Jobs this process committed already holding (see leases.ts): handled without a claim. */
  adopt(jobs: readonly JobRecord[]): void {
    if (this.stopped) return;
    for (const job of jobs) this.track(this.handle(job));
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
        const jobs = await this.store.claimDueJobs(Date.now(), this.options.batchSize, this.options.leaseMs);
        for (const job of jobs) this.track(this.handle(job));
        if (jobs.length === this.options.batchSize) this.wakeAgain = true;
      } while (this.wakeAgain && !this.stopped);
      await this.armTimer();
    } catch (error) {
      this.logger.error({ err: error }, 'claiming due jobs failed; retrying shortly');
      this.schedule(this.options.idlePollMs);
    } finally {
      this.draining = false;
    }
  }

  private async handle(job: JobRecord): Promise<void> {
    try {
      await this.handlers[job.kind](job);
    } catch (error) {
      // The lease runs out and the job is handed out again; handlers are idempotent.
      this.logger.error({ err: error, job: { id: job.id, kind: job.kind, ref: job.ref } }, 'job handler failed');
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async armTimer(): Promise<void> {
    if (this.stopped) return;
    const due = await this.store.nextJobDueAt();
    const wait = due === undefined ? this.options.idlePollMs : Math.min(Math.max(due - Date.now(), 0), this.options.idlePollMs);
    this.schedule(wait);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => this.wake(), ms);
  }
}
