import type { Logger } from '../logger.js';

export interface ClaimLoopOptions<T> {
  /** What the loop hands out, for log lines. */
  what: string;
  /** Leases up to `limit` due items. */
  claim: (limit: number) => Promise<T[]>;
  handle: (item: T) => Promise<void>;
  /** When the next item falls due (leased ones when their lease ends); undefined if none. */
  nextDue: () => Promise<number | undefined>;
  batchSize: number;
  /** Longest sleep between looks at the store, for work other processes add. */
  idlePollMs: number;
}

/**
 * Hands due rows (jobs, reports) to a handler. Woken at once after a commit that adds work, and by
 * one timer set to the earliest due row; the rows are the truth, so nothing is lost when the
 * process dies between two looks.
 */
export class ClaimLoop<T> {
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private timerDueAt = Infinity;
  private draining = false;
  private wakeAgain = false;
  private stopped = true;

  constructor(private readonly options: ClaimLoopOptions<T>, private readonly logger: Logger) {}

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /** Stops taking work and waits for what is being handled. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    while (this.draining || this.inFlight.size) {
      await Promise.allSettled([...this.inFlight]);
      if (this.draining) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Items this process committed already leased to itself: handled without a claim. */
  adopt(items: readonly T[]): void {
    if (this.stopped) return;
    for (const item of items) this.track(this.run(item));
  }

  /**
   * New work falls due at `at`: wake now if it is due, or bring the timer forward if it is earlier
   * than the one set. Most new timers (deadlines) lie far ahead and cost nothing here.
   */
  dueAt(at: number): void {
    const wait = at - Date.now();
    if (wait <= 0) this.wake();
    else if (at < this.timerDueAt) this.schedule(Math.min(wait, this.options.idlePollMs));
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
        const items = await this.options.claim(this.options.batchSize);
        this.adopt(items);
        if (items.length === this.options.batchSize) this.wakeAgain = true;
      } while (this.wakeAgain && !this.stopped);
      const due = await this.options.nextDue();
      const wait = due === undefined ? this.options.idlePollMs : Math.min(Math.max(due - Date.now(), 0), this.options.idlePollMs);
      this.schedule(wait);
    } catch (error) {
      this.logger.error({ err: error }, `claiming due ${this.options.what} failed; retrying shortly`);
      this.schedule(this.options.idlePollMs);
    } finally {
      this.draining = false;
    }
  }

  private async run(item: T): Promise<void> {
    try {
      await this.options.handle(item);
    } catch (error) {
      // The lease runs out and the item is handed out again; handlers are idempotent.
      this.logger.error({ err: error }, `handling one of the due ${this.options.what} failed`);
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timerDueAt = Infinity;
    if (this.stopped) return;
    this.timerDueAt = Date.now() + ms;
    this.timer = setTimeout(() => {
      this.timerDueAt = Infinity;
      this.wake();
    }, ms);
  }
}
