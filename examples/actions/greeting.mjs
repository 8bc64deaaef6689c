// An example action plugin: point --actions-dir (STACKHOOK_ACTIONS_DIR) at this directory and
// workflows may call greeting.hello and greeting.later. A module default-exports one action or
// an array of them: {name, description?, input (JSON Schema of the input), rerunnable?, run}.
// Plain JavaScript (ESM); TypeScript plugins are compiled to .js/.mjs first.
import { setTimeout as sleep } from 'node:timers/promises';

/** Greets someone. Has no effect outside stackhook, so it is safe to run again after a crash. */
const hello = {
  name: 'greeting.hello',
  description: 'Returns a greeting for name.',
  rerunnable: true,
  input: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1, description: 'Who to greet' },
      greeting: { type: 'string', default: 'Hello', description: 'The word to greet with' },
      punctuation: { enum: ['.', '!'], default: '!', description: 'How to end it' },
    },
  },
  // input has been validated against the schema above, defaults applied.
  async run(input, context) {
    const message = `${input.greeting}, ${input.name}${input.punctuation}`;
    context.logger.info({ name: input.name }, 'greeted');
    return { message };
  },
};

/**
 * Greets after a delay: shows the cancellation signal (aborted when the execution is cancelled
 * or times out) and the deadline (epoch ms, when the execution has one).
 */
const later = {
  name: 'greeting.later',
  description: 'Returns a greeting for name after delay_ms milliseconds; stops when cancelled.',
  input: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1 },
      delay_ms: { type: 'integer', minimum: 0, maximum: 60000, default: 0 },
    },
  },
  async run(input, context) {
    if (context.deadline !== undefined && Date.now() + input.delay_ms > context.deadline) {
      throw new Error(`a delay of ${input.delay_ms} ms would end after the deadline`);
    }
    await sleep(input.delay_ms, undefined, { signal: context.signal });
    // The idempotency key is the same for every run of this action execution.
    return { message: `Hello, ${input.name}!`, key: context.idempotencyKey };
  },
};

export default [hello, later];
