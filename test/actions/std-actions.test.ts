import { afterAll, describe, expect, it } from 'vitest';
import { ActionFailure, type ActionDefinition } from '../../src/actions/action.js';
import { ActionRegistry } from '../../src/actions/registry.js';
import { STD_ACTIONS } from '../../src/actions/std-actions.js';
import { OutboundHttp } from '../../src/http/outbound.js';
import { actionContext } from '../support/action-context.js';

const http = new OutboundHttp();
const registry = new ActionRegistry(STD_ACTIONS);

afterAll(async () => {
  await http.close();
});

function action(name: string): ActionDefinition {
  const found = registry.get(name);
  if (!found) throw new Error(`no action ${name}`);
  return found;
}

/** Runs an action as the executor does: input with defaults first. */
function run(name: string, input: Record<string, unknown>, signal?: AbortSignal): Promise<unknown> {
  const definition = action(name);
  return definition.run(registry.prepareInput(definition, input), actionContext(http, signal));
}

describe('the standard actions', () => {
  it('given the registry of std actions, when listed, then Mistral\'s names are all there', () => {
    expect(registry.list().map((a) => a.name)).toEqual(['std.async_noop', 'std.echo', 'std.fail', 'std.http', 'std.noop', 'std.sleep', 'std.test_dict']);
  });

  it('given std.noop, when run, then the result is null', async () => {
    await expect(run('std.noop', {})).resolves.toBeNull();
  });
});

describe('std.echo', () => {
  it('given an output of any shape, when run without delay, then it returns the output as is', async () => {
    await expect(run('std.echo', { output: { a: [1, null, 'x'] } })).resolves.toEqual({ a: [1, null, 'x'] });
    await expect(run('std.echo', { output: null })).resolves.toBeNull();
  });

  it('given a delay, when run, then it waits that long before returning', async () => {
    const started = Date.now();

    await expect(run('std.echo', { output: 'late', delay: 0.1 })).resolves.toBe('late');

    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('given a long delay, when the signal aborts, then it stops at once with an AbortError', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('the execution was cancelled')), 20);

    await expect(run('std.echo', { output: 'never', delay: 30 }, controller.signal)).rejects.toThrow();

    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('std.fail', () => {
  it('given error_data, when run, then it fails with that data as the error', async () => {
    const failure = await run('std.fail', { error_data: { code: 'E42', detail: 'no' } }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ActionFailure);
    expect((failure as ActionFailure).data).toEqual({ code: 'E42', detail: 'no' });
  });

  it('given no error_data, when run, then it throws Mistral\'s fixed message and not an ActionFailure', async () => {
    const failure = await run('std.fail', {}).catch((error: unknown) => error);

    expect(failure).not.toBeInstanceOf(ActionFailure);
    expect((failure as Error).message).toBe('Fail action expected exception.');
  });
});

describe('std.test_dict', () => {
  it('given a size, prefix and value, when run, then it returns that many keys with the value', async () => {
    await expect(run('std.test_dict', { size: 3, key_prefix: 'key_', val: 'v' })).resolves.toEqual({ key_0: 'v', key_1: 'v', key_2: 'v' });
  });

  it('given no input, when run, then the defaults give an empty dict', async () => {
    await expect(run('std.test_dict', {})).resolves.toEqual({});
  });
});

describe('std.sleep', () => {
  it('given zero seconds or a fraction below one, when run, then it returns null at once as Mistral truncates', async () => {
    const started = Date.now();

    await expect(run('std.sleep', { seconds: 0 })).resolves.toBeNull();
    await expect(run('std.sleep', { seconds: 0.9 })).resolves.toBeNull();

    expect(Date.now() - started).toBeLessThan(200);
  });

  it('given one second, when run, then it waits about a second', async () => {
    const started = Date.now();

    await expect(run('std.sleep', { seconds: 1 })).resolves.toBeNull();

    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('given a long sleep, when the signal aborts, then it ends promptly with an error', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('cancelled')), 20);

    await expect(run('std.sleep', { seconds: 60 }, controller.signal)).rejects.toThrow();

    expect(Date.now() - started).toBeLessThan(1000);
  });
});
