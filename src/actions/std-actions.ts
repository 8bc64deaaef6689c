import { setTimeout as sleep } from 'node:timers/promises';
import { ActionFailure, type ActionDefinition } from './action.js';
import { stdHttp } from './std-http.js';

/** Mistral's standard actions, with its inputs and results (mistral/actions/std_actions.py). */
const noop: ActionDefinition = {
  name: 'std.noop',
  rerunnable: true,
  description: 'Does nothing; the result is null.',
  params: [],
  run: async () => null,
};

const echo: ActionDefinition = {
  name: 'std.echo',
  rerunnable: true,
  description: 'Returns its output, after an optional delay in seconds.',
  params: [
    { name: 'output', required: true, description: 'What the action returns' },
    { name: 'delay', required: false, default: 0, description: 'Seconds to wait first' },
  ],
  run: async (input, context) => {
    const delay = Math.max(0, Number(input.delay) || 0);
    if (delay > 0) await sleep(delay * 1000, undefined, { signal: context.signal });
    return input.output;
  },
};

const fail: ActionDefinition = {
  name: 'std.fail',
  rerunnable: true,
  description: 'Fails: with error_data as the error when given, else with a fixed message.',
  params: [{ name: 'error_data', required: false, default: null, description: 'The error to fail with' }],
  run: async (input) => {
    if (input.error_data) throw new ActionFailure(input.error_data);
    throw new Error('Fail action expected exception.');
  },
};

const sleepAction: ActionDefinition = {
  name: 'std.sleep',
  rerunnable: true,
  description: 'Waits the given number of seconds; the result is null.',
  params: [{ name: 'seconds', required: false, default: 1, description: 'Seconds to wait' }],
  run: async (input, context) => {
    const seconds = Math.max(0, Math.trunc(Number(input.seconds) || 0));
    await sleep(seconds * 1000, undefined, { signal: context.signal });
    return null;
  },
};

const testDict: ActionDefinition = {
  name: 'std.test_dict',
  rerunnable: true,
  description: 'Returns a dict of `size` entries named key_prefix0… with the value val.',
  params: [
    { name: 'size', required: false, default: 0 },
    { name: 'key_prefix', required: false, default: '' },
    { name: 'val', required: false, default: '' },
  ],
  run: async (input) => {
    const result: Record<string, unknown> = {};
    for (let i = 0; i < Number(input.size); i++) result[`${String(input.key_prefix)}${i}`] = input.val;
    return result;
  },
};

const asyncNoop: ActionDefinition = {
  name: 'std.async_noop',
  description: 'Does nothing and stays RUNNING until its result is delivered (PUT /v2/action_executions/{id}).',
  params: [],
  async: true,
  run: async () => null,
};

export const STD_ACTIONS: readonly ActionDefinition[] = [noop, asyncNoop, echo, fail, sleepAction, testDict, stdHttp];
