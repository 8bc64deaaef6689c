import type { NewEvent } from './command-events.js';
import { matches, type EventFilter, type StackhookEvent } from './event.js';

export type EventListener = (event: StackhookEvent) => void;
/** A batch of matching events, and their text, made once for every listener with the same filter. */
export type BatchListener = (events: StackhookEvent[], text: () => string) => void;

interface Subscription {
  filter: EventFilter;
  listener: EventListener;
}

interface BatchSubscription {
  key: string;
  filter: EventFilter;
  listener: BatchListener;
}

const DEFAULT_RING_SIZE = 10_000;
/**
 * Batched listeners (event streams) get what happened every BATCH_MS: a busy engine makes
 * thousands of events a second, and work per event per listener would cost more than the engine.
 */
const BATCH_MS = 50;

/**
 * Fans events out to listeners and keeps the most recent ones, so a listener that reconnects
 * with Last-Event-ID gets what it missed. Publishing never waits for a listener: each listener
 * decides on its own what to do when it falls behind.
 */
export class EventBus {
  private seq = 0;
  private readonly ring: StackhookEvent[] = [];
  private readonly subscriptions = new Set<Subscription>();
  private readonly batchSubscriptions = new Set<BatchSubscription>();
  private batch: StackhookEvent[] = [];
  private batchTimer: NodeJS.Timeout | undefined;

  constructor(private readonly ringSize = DEFAULT_RING_SIZE, private readonly format: (event: StackhookEvent) => string = (e) => JSON.stringify(e)) {}

  get lastId(): number {
    return this.seq;
  }

  get listenerCount(): number {
    return this.subscriptions.size + this.batchSubscriptions.size;
  }

  publish(events: readonly NewEvent[]): void {
    for (const event of events) {
      const stamped: StackhookEvent = { id: ++this.seq, ...event };
      this.ring.push(stamped);
      if (this.ring.length > this.ringSize) this.ring.shift();
      for (const subscription of this.subscriptions) {
        if (matches(stamped, subscription.filter)) subscription.listener(stamped);
      }
      if (this.batchSubscriptions.size) this.batch.push(stamped);
    }
    if (this.batch.length && !this.batchTimer) this.batchTimer = setTimeout(() => this.flushBatch(), BATCH_MS).unref();
  }

  /** Returns the function that ends the subscription. */
  subscribeBatched(filter: EventFilter, listener: BatchListener): () => void {
    const subscription = { key: JSON.stringify([filter.executionId, filter.signalId, filter.stackId]), filter, listener };
    this.batchSubscriptions.add(subscription);
    return () => this.batchSubscriptions.delete(subscription);
  }

  private flushBatch(): void {
    const events = this.batch;
    this.batch = [];
    this.batchTimer = undefined;
    const groups = new Map<string, BatchSubscription[]>();
    for (const s of this.batchSubscriptions) groups.set(s.key, [...(groups.get(s.key) ?? []), s]);
    for (const group of groups.values()) {
      const matched = events.filter((e) => matches(e, group[0]!.filter));
      if (matched.length === 0) continue;
      let text: string | undefined;
      const once = () => (text ??= matched.map(this.format).join(''));
      for (const s of group) s.listener(matched, once);
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
