import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/logger.js';
import { EngineHarness } from '../support/engine-harness.js';

let h: EngineHarness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A debug logger whose lines the test can read. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger('debug', sink), lines };
}

describe('two engines on one store', () => {
  it('given results for two tasks decided at once by two engines, when both commit, then one retries after the conflict and nothing is lost', async () => {
    h = new EngineHarness({ startRunner: false });
    const { logger, lines } = capturingLogger();
    const other = new Engine(h.store, h.dispatcher, h.actions, logger);
    const body = {
      output: { a: '<% task(a).result %>', b: '<% task(b).result %>' },
      tasks: { a: { action: 'std.noop' }, b: { action: 'std.noop' } },
    };
    const id = await h.start(body);
    other.specs.remember(id, h.spec(body));
    const [actionA, actionB] = (await h.snapshot(id)).actions;

    await Promise.all([
      h.engine.handle(id, { kind: 'action_result', actionId: actionA!.id, result: { ok: true, data: 'from a' } }),
      other.handle(id, { kind: 'action_result', actionId: actionB!.id, result: { ok: true, data: 'from b' } }),
    ]);

    const snapshot = await h.snapshot(id);
    expect(snapshot.tasks.map((t) => [t.name, t.state, t.result])).toEqual([['a', 'SUCCESS', 'from a'], ['b', 'SUCCESS', 'from b']]);
    expect(snapshot.execution).toMatchObject({ state: 'SUCCESS', output: { a: 'from a', b: 'from b' } });
    expect(lines.filter((l) => l.msg === 'execution changed concurrently; deciding again').length).toBeGreaterThanOrEqual(1);
  });

  it('given many results for one execution on one engine, when handled at once, then the per-execution lock serialises them without conflicts', async () => {
    h = new EngineHarness({ startRunner: false });
    const tasks = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`t${i}`, { action: 'std.noop' }]));
    const id = await h.start({ tasks });
    const { actions } = await h.snapshot(id);

    await Promise.all(actions.map((a, i) => h!.engine.handle(id, { kind: 'action_result', actionId: a.id, result: { ok: true, data: i } })));

    const snapshot = await h.snapshot(id);
    expect(snapshot.tasks.map((t) => t.result)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(snapshot.execution.state).toBe('SUCCESS');
    // One write at the start, then exactly one per result: none was retried.
    expect(snapshot.execution.version).toBe(1 + 8);
  });
});
