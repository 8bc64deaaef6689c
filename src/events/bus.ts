import type { NewEvent } from './command-events.js';
import { matches, type EventFilter, type StackhookEvent } from './event.js';

export type EventListener = (event: StackhookEvent) => void;

interface Subscription {
  filter: EventFilter;
  listener: EventListener;
}

const DEFAULT_RING_SIZE = 10_000;

/**
 * Fans events out to listeners and keeps the most recent ones, so a listener that reconnects
 * with Last-Event-ID gets what it missed. Publishing never waits for a listener: each listener
 * decides on its own what to do when it falls behind.
 */
export class EventBus {
  private seq = 0;
  private readonly ring: StackhookEvent[] = [];
  private readonly subscriptions = new Set<Subscription>();

  constructor(private readonly ringSize = DEFAULT_RING_SIZE) {}

  get lastId(): number {
    return this.seq;
  }

  get listenerCount(): number {
    return this.subscriptions.size;
  }

  publish(events: readonly NewEvent[]): void {
    for (const event of events) {
      const stamped: StackhookEvent = { id: ++this.seq, ...event };
      this.ring.push(stamped);
      if (this.ring.length > this.ringSize) this.ring.shift();
      for (const subscription of this.subscriptions) {
        if (matches(stamped, subscription.filter)) subscription.listener(stamped);
      }
    }
  }

  /** Returns the function that ends the subscription. */
  subscribe(filter: EventFilter, listener: EventListener): () => void {
    const subscription = { filter, listener };
    this.subscriptions.add(subscription);
    return () => this.subscriptions.delete(subscription);
  }

  /** Events after `id` that match, or undefined when `id` is older than what is kept. */
  since(id: number, filter: EventFilter): StackhookEvent[] | undefined {
    const oldest = this.ring[0]?.id ?? this.seq + 1;
    if (id < oldest - 1 || id > this.seq) return undefined;
    return this.ring.filter((e) => e.id > id && matches(e, filter));
  }

  recent(filter: EventFilter): StackhookEvent[] {
    return this.ring.filter((e) => matches(e, filter));
  }
}
