import { describe, expect, it } from 'vitest';
import { KeyedLock } from '../../src/engine/keyed-lock.js';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedLock', () => {
  it('given work queued on one key, when it runs, then each runs alone and in arrival order', async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    const job = (name: string, ms: number) => lock.run('e1', async () => {
      events.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      events.push(`end ${name}`);
      return name;
    });

    const results = await Promise.all([job('a', 30), job('b', 5), job('c', 15)]);

    expect(results).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('given work on one key that is blocked, when work on another key arrives, then it runs at once', async () => {
    const lock = new KeyedLock();
    const gate = deferred();
    const blocked = lock.run('e1', () => gate.promise.then(() => 'e1 done'));
    const queued = lock.run('e1', async () => 'e1 second');

    await expect(lock.run('e2', async () => 'e2 done')).resolves.toBe('e2 done');
    expect(lock.size).toBe(1);

    gate.resolve();
    await expect(blocked).resolves.toBe('e1 done');
    await expect(queued).resolves.toBe('e1 second');
  });

  it('given work that fails, when the next work on the key runs, then it runs and the failure goes only to its own caller', async () => {
    const lock = new KeyedLock();

    const failing = lock.run('e1', async () => {
      throw new Error('boom');
    });
    const next = lock.run('e1', async () => 'still runs');

    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('still runs');
  });

  it('given queues that drain, when all work settled, then no key is held', async () => {
    const lock = new KeyedLock();
    const gate = deferred();
    const a = lock.run('a', () => gate.promise);
    const b = lock.run('b', async () => {
      throw new Error('x');
    });
    expect(lock.size).toBe(2);

    gate.resolve();
    await a;
    await b.catch(() => undefined);
    await tick();

    expect(lock.size).toBe(0);
  });

  it('given a key reused after it drained, when new work arrives, then it runs normally', async () => {
    const lock = new KeyedLock();
    await lock.run('k', async () => 1);
    await tick();

    await expect(lock.run('k', async () => 2)).resolves.toBe(2);
  });
});
