import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { startTestService, tempDir, type TestService } from '../support/service.js';
import { signal } from '../support/signals.js';

const EXAMPLE_ACTIONS = fileURLToPath(new URL('../../examples/actions', import.meta.url));

/** A type whose create calls the example plugin's greeting.hello. */
const GREETING_TYPE = `type: Custom::Test::Greeting
properties:
  type: object
  additionalProperties: false
  required: [who]
  properties:
    who: {type: string}
    punctuation: {type: string, default: '!'}
attributes:
  message: {type: string}
workflows:
  create:
    tasks:
      greet:
        action: greeting.hello
        input:
          name: <% $.who %>
          punctuation: <% $.punctuation %>
        publish:
          message: <% task().result.message %>
    output:
      message: <% $.message %>
  delete:
    tasks:
      done: {action: std.noop}
`;

let typesDir: string;
let sh: TestService;
let receiver: Receiver;

beforeAll(async () => {
  typesDir = tempDir('stackhook-types-');
  fs.writeFileSync(path.join(typesDir, 'greeting.yaml'), GREETING_TYPE);
  receiver = await startReceiver();
  sh = await startTestService({ typesDir, flags: ['--actions-dir', EXAMPLE_ACTIONS] });
});

afterAll(async () => {
  await sh?.stop();
  await receiver?.close();
  fs.rmSync(typesDir, { recursive: true, force: true });
});

describe('a workflow calling a plugin action, through the service', () => {
  it('given a type whose workflow calls a plugin action, when the service starts, then the type loads', () => {
    expect(sh.service.types.names()).toEqual(['Custom::Test::Greeting']);
  });

  it('given a create signal, when the workflow runs the plugin action, then its result reaches the report', async () => {
    const before = receiver.reports.length;
    const body = signal({ ResourceType: 'Custom::Test::Greeting', ResponseURL: receiver.url('/ok'), ResourceProperties: { who: 'Ada' } });

    const res = await sh.http.post('/v1/signals').send(body);
    const reports = await receiver.waitFor(before + 1);

    expect(res.status).toBe(202);
    expect(reports[before]!.body).toMatchObject({ Status: 'SUCCESS', Data: { message: 'Hello, Ada!' } });
  });

  it('given an input the plugin\'s schema refuses, when the workflow runs, then the task fails with a reason naming the property', async () => {
    const before = receiver.reports.length;
    const body = signal({ ResourceType: 'Custom::Test::Greeting', ResponseURL: receiver.url('/bad'), ResourceProperties: { who: 'Ada', punctuation: '?' } });

    const res = await sh.http.post('/v1/signals').send(body);
    const reports = await receiver.waitFor(before + 1);

    expect(res.status).toBe(202);
    expect(reports[before]!.body.Status).toBe('FAILED');
    expect(String(reports[before]!.body.Reason)).toContain('Invalid input [name=greeting.hello, errors=[punctuation: must be equal to one of the allowed values]]');
  });
});

describe('start-up with plugins', () => {
  it('given a type calling an action no plugin provides, when the service starts without the plugins, then the type fails to load', async () => {
    const dataDir = tempDir();
    const error = await startTestService({ typesDir, dataDir }).catch((e: unknown) => e as Error);

    expect(String(error)).toMatch(/greeting\.yaml:\d+:\d+: .*greeting\.hello/);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('given a bad plugin, when the service starts, then start-up stops with the file and the problem', async () => {
    const actionsDir = tempDir('stackhook-plugins-');
    fs.writeFileSync(path.join(actionsDir, 'bad.mjs'), "export default { name: 'bad', input: { type: 'object' }, run() {} };\n");
    const error = await startTestService({ typesDir, flags: ['--actions-dir', actionsDir] }).catch((e: unknown) => e as Error);

    expect(error.message).toContain(`Invalid action plugins:\n${path.join(actionsDir, 'bad.mjs')}: action bad: name "bad" must match`);
    fs.rmSync(actionsDir, { recursive: true, force: true });
  });
});
