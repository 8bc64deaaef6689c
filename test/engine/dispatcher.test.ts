import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Dispatcher, type Committed } from '../../src/engine/dispatcher.js';
import { UniqueViolation } from '../../src/store/commands.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { signalRecord } from '../support/records.js';
import { tempDir } from '../support/service.js';

let store: SqliteStore;

beforeEach(() => {
  store = new SqliteStore(`${tempDir()}/d.db`);
});

afterEach(async () => {
  await store.close();
});

describe('Dispatcher', () => {
  it('given batches handed over in the same turn, when committed together, then each succeeds or fails alone and listeners hear only commits', async () => {
    const dispatcher = new Dispatcher(store);
    const heard: Committed[] = [];
    dispatcher.onCommitted((c) => heard.push(c));
    const insert = (id: string, requestId: string) => [{ kind: 'insert_signal' as const, signal: signalRecord({ id, stackId: 'st', requestId }) }];
    const results = await Promise.allSettled([
      dispatcher.apply(insert('a', 'r1')),
      dispatcher.apply(insert('b', 'r1')),
      dispatcher.apply(insert('c', 'r3'), ['action-1']),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(UniqueViolation);
    expect(heard.map((c) => (c.commands[0] as { signal: { id: string } }).signal.id)).toEqual(['a', 'c']);
    expect(heard[1]!.abortActions).toEqual(['action-1']);
  });

  it('given an empty batch, when applied, then nothing is written and nobody is told', async () => {
    const dispatcher = new Dispatcher(store);
    let told = false;
    dispatcher.onCommitted(() => (told = true));
    await dispatcher.apply([]);
    expect(told).toBe(false);
  });
});
