import type { StoreCommand } from '../store/commands.js';
import type { Store } from '../store/store.js';

export interface Committed {
  commands: readonly StoreCommand[];
  /** Actions whose executions were cancelled by this batch and must stop running. */
  abortActions: readonly string[];
}

export type CommitListener = (committed: Committed) => void;

interface Pending extends Committed {
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Applies batches of commands, each in one transaction, then, and only then, tells the listeners
 * (the job runner, the report outbox, event streams), so no effect is visible before its commit.
 * Batches handed over in the same turn of the event loop are committed together (group commit):
 * under load one commit carries many decisions, and pages they share are written once.
 */
export class Dispatcher {
  private readonly listeners: CommitListener[] = [];
  private queue: Pending[] = [];

  constructor(private readonly store: Store) {}

  onCommitted(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  apply(commands: readonly StoreCommand[], abortActions: readonly string[] = []): Promise<void> {
    if (commands.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => void this.flush());
      this.queue.push({ commands, abortActions, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const group = this.queue;
    this.queue = [];
    let errors: (Error | undefined)[];
    try {
      errors = await this.store.applyBatches(group.map((p) => p.commands));
    } catch (error) {
      errors = group.map(() => error as Error);
    }
    group.forEach((pending, i) => {
      const error = errors[i];
      if (error) return pending.reject(error);
      for (const listener of this.listeners) listener(pending);
      pending.resolve();
    });
  }
}
