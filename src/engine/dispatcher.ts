import type { StoreCommand } from '../store/commands.js';
import type { Store } from '../store/store.js';

export interface Committed {
  commands: readonly StoreCommand[];
  /** Actions whose executions were cancelled by this batch and must stop running. */
  abortActions: readonly string[];
}

export type CommitListener = (committed: Committed) => void;

/**
 * Applies a batch of commands in one transaction, then, and only then, tells the listeners (the
 * job runner, the report outbox, event streams) so no effect is visible before its commit.
 */
export class Dispatcher {
  private readonly listeners: CommitListener[] = [];

  constructor(private readonly store: Store) {}

  onCommitted(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  async apply(commands: readonly StoreCommand[], abortActions: readonly string[] = []): Promise<void> {
    if (commands.length === 0) return;
    await this.store.apply(commands);
    const committed = { commands, abortActions };
    for (const listener of this.listeners) listener(committed);
  }
}
