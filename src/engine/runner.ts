import type { Logger } from '../logger.js';
import type { JobKind, JobRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { ClaimLoop } from './claim-loop.js';
import { JOB_LEASE_MS } from './leases.js';

export type JobHandler = (job: JobRecord) => Promise<void>;

export interface RunnerOptions {
  batchSize: number;
  /** How long a claimed job is not handed to anyone else. */
  leaseMs: number;
  idlePollMs: number;
}

const DEFAULTS: RunnerOptions = { batchSize: 64, leaseMs: JOB_LEASE_MS, idlePollMs: 1_000 };

/** Hands due jobs (actions to run, deadlines) to the handler of their kind. */
export class JobRunner {
  private readonly loop: ClaimLoop<JobRecord>;

  constructor(store: Store, handlers: Readonly<Record<JobKind, JobHandler>>, logger: Logger, options: Partial<RunnerOptions> = {}) {
    const { batchSize, leaseMs, idlePollMs } = { ...DEFAULTS, ...options };
    this.loop = new ClaimLoop({
      what: 'jobs',
      claim: (limit) => store.claimDueJobs(Date.now(), limit, leaseMs),
      handle: (job) => handlers[job.kind](job),
      nextDue: () => store.nextJobDueAt(),
      batchSize,
      idlePollMs,
    }, logger);
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Jobs this process committed already holding (see leases.ts): handled without a claim. */
  adopt(jobs: readonly JobRecord[]): void {
    this.loop.adopt(jobs);
  }

  wake(): void {
    this.loop.wake();
  }

  /** A job not held by anyone was scheduled for `at`. */
  dueAt(at: number): void {
    this.loop.dueAt(at);
  }
}
