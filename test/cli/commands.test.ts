import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { createCounter, reportDelivered } from '../support/signals.js';
import { startTestService, type TestService } from '../support/service.js';
import { cli } from './cli-process.js';

let svc: TestService;
let receiver: Receiver;
let url: string;
const ids: Record<string, { signal: string; execution: string }> = {};

const signal = (requestId: string, stackId: string, properties: Record<string, unknown>) => createCounter(svc, receiver, requestId, stackId, properties);
const settled = (signalId: string) => reportDelivered(svc, signalId);

beforeAll(async () => {
  svc = await startTestService();
  receiver = await startReceiver();
  url = svc.service.url;
  ids.a = await signal('a', 'stack-a', { name: 'a' });
  ids.b = await signal('b', 'stack-b', { name: 'b', fail: 'create' });
  await settled(ids.a.signal);
  await settled(ids.b.signal);
});

afterAll(async () => {
  await receiver?.close();
  await svc?.stop();
});

describe('stackhook executions', () => {
  it('given executions, when listed, then a table shows them newest first', async () => {
    const result = await cli(['executions', 'list', '--url', url]);

    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +STATE +TYPE +STEP +STACK +STARTED +DURATION$/);
    expect(lines[1]).toMatch(new RegExp(`^${ids.b.execution} +ERROR +Custom::Test::Counter +create +stack-b +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +\\d+ ms$`));
    expect(lines[2]).toMatch(new RegExp(`^${ids.a.execution} +SUCCESS +Custom::Test::Counter +create +stack-a `));
  });

  it('given filters, when listed, then only the matching executions are shown, from STACKHOOK_URL', async () => {
    const byStack = await cli(['executions', 'list', '--stack', 'stack-a'], { env: { STACKHOOK_URL: url } });
    const byState = await cli(['executions', 'list', '--state', 'error'], { env: { STACKHOOK_URL: url } });

    expect(byStack.stdout).toContain(ids.a.execution);
    expect(byStack.stdout).not.toContain(ids.b.execution);
    expect(byState.stdout).toContain(ids.b.execution);
    expect(byState.stdout).not.toContain(ids.a.execution);
  });

  it('given --json, when listed, then the API document is printed', async () => {
    const result = await cli(['executions', 'list', '--json', '--url', url, '--type', 'Custom::Test::Counter']);

    expect(result.status, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as { executions: { id: string; state: string }[]; next_marker: string | null };
    expect(doc.executions.map((e) => e.id)).toEqual([ids.b.execution, ids.a.execution]);
    expect(doc.next_marker).toBeNull();
  });

  it('given an execution, when shown, then its tasks, outcome and report delivery are printed', async () => {
    const result = await cli(['executions', 'show', ids.a.execution, '--url', url]);

    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`execution ${ids.a.execution}  SUCCESS\n  workflow   stackhook.Test.Counter.create (step create)\n`);
    expect(result.stdout).toContain('  stack      stack-a, logical id L-a\n');
    expect(result.stdout).toMatch(/tasks \(2\):\n {2}STATE +TASK +DURATION +ACTIONS\n {2}SUCCESS +count +\d+ ms +file\.write SUCCESS\n {2}SUCCESS +wait +\d+ ms +std\.echo SUCCESS\n/);
    expect(result.stdout).toContain('outcome: SUCCESS  physical id counter-a\n');
    expect(result.stdout).toMatch(/report: DELIVERED to http:\/\/127\.0\.0\.1:\d+\/… after 1 attempt at /);
  });

  it('given a failed execution, when shown as JSON, then the execution and its signal are in one document', async () => {
    const result = await cli(['executions', 'show', ids.b.execution, '--json', '--url', url]);

    expect(result.status, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as { id: string; state: string; tasks: { name: string }[]; signal: { outcome: { status: string } } };
    expect(doc).toMatchObject({ id: ids.b.execution, state: 'ERROR', signal: { outcome: { status: 'FAILED' } } });
    expect(doc.tasks.map((t) => t.name)).toContain('boom');
  });

  it('given a running execution, when watched, then each event is printed as it happens until the report is delivered, exit 0', async () => {
    const slow = await signal('slow', 'stack-w', { name: 'slow', sleep: 1 });

    const result = await cli(['executions', 'watch', slow.execution, '--url', url]);

    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`watching ${slow.execution}  stackhook.Test.Counter.create  (Ctrl-C to stop)`);
    const body = lines.slice(1).map((line) => line.replace(/^\d\d:\d\d:\d\d\.\d{3} {2}/, ''));
    expect(body).toEqual([
      'execution  RUNNING  stackhook.Test.Counter.create (create)',
      'task       started  count',
      'action     SUCCESS  file.write',
      expect.stringMatching(/^task {7}SUCCESS {2}count {2}\d+ ms$/),
      'task       started  wait',
      'action     SUCCESS  std.echo',
      expect.stringMatching(/^task {7}SUCCESS {2}wait {2}1\.\d\d s$/),
      expect.stringMatching(/^execution {2}SUCCESS {2}1\.\d\d s$/),
      'outcome    SUCCESS  physical id counter-slow',
      'report     DELIVERED  after 1 attempt',
    ]);
  });

  it('given a finished execution, when watched with --json, then its history is printed as NDJSON and the command ends', async () => {
    const result = await cli(['executions', 'watch', ids.b.execution, '--json', '--url', url]);

    expect(result.status).toBe(1);
    const events = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { type: string; execution_id: string | null; data: Record<string, unknown> });
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('execution.state');
    expect(types.slice(-3)).toEqual(['execution.state', 'lifecycle.outcome', 'report.delivered']);
    expect(events.find((e) => e.type === 'task.finished' && e.data.name === 'boom')?.data).toMatchObject({ state: 'ERROR' });
    expect(events.at(-2)!.data).toMatchObject({ status: 'FAILED' });
  });

  it('given an unknown id, when shown, then the API error is printed as code: message with the request id, exit 1', async () => {
    const result = await cli(['executions', 'show', 'nope', '--url', url]);

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^EXECUTION_NOT_FOUND: No execution nope \(request id [\w-]+\)\n$/);
  });

  it('given a bad --state, when listed, then the allowed values are named, exit 2', async () => {
    const result = await cli(['executions', 'list', '--state', 'done', '--url', url]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--state must be one of IDLE, RUNNING, PAUSED, SUCCESS, ERROR, CANCELLED');
  });

  it('given --help, when asked, then every subcommand, option and an example are printed', async () => {
    const result = await cli(['executions', '--help']);

    expect(result.status).toBe(0);
    for (const text of ['executions list', 'executions show <id>', 'executions watch <id>', '--stack', '--type', '--state', '--url', '--token', '--json', 'Examples:']) {
      expect(result.stdout).toContain(text);
    }
  });
});

describe('stackhook resources', () => {
  it('given the inventory, when listed and shown, then resources and their secret-masked attributes are printed', async () => {
    const list = await cli(['resources', 'list', '--stack', 'stack-a', '--url', url]);

    expect(list.status, list.stderr).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +TYPE +STACK +LOGICAL ID +PHYSICAL ID +STATUS +UPDATED$/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/ Custom::Test::Counter +stack-a +L-a +counter-a +CREATE_COMPLETE /);

    const id = lines[1]!.split(' ')[0]!;
    const show = await cli(['resources', 'show', id, '--url', url]);
    expect(show.status, show.stderr).toBe(0);
    expect(show.stdout).toContain(`resource ${id}  CREATE_COMPLETE\n  type         Custom::Test::Counter\n  physical id  counter-a\n`);
    expect(show.stdout).toContain('attributes:\n  token  ***\n  value  v1\n');

    const json = await cli(['resources', 'show', id, '--json', '--url', url]);
    expect(JSON.parse(json.stdout)).toMatchObject({ id, physical_id: 'counter-a', attributes: { token: '***', value: 'v1' } });
  });

  it('given an unknown id, when shown, then RESOURCE_NOT_FOUND is printed, exit 1', async () => {
    const result = await cli(['resources', 'show', 'missing', '--url', url]);

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^RESOURCE_NOT_FOUND: No resource missing \(request id [\w-]+\)\n$/);
  });
});

describe('stackhook heat-env', () => {
  it('given a service, when asked, then the Heat environment is printed as YAML, or as JSON with --json', async () => {
    const yaml = await cli(['heat-env', '--url', url]);
    const json = await cli(['heat-env', '--json', '--url', url]);

    expect(yaml.status, yaml.stderr).toBe(0);
    expect(yaml.stdout).toContain('resource_registry:');
    expect(yaml.stdout).toContain('Custom::Test::Counter:');
    expect(JSON.parse(json.stdout)).toMatchObject({ resource_registry: { 'Custom::Test::Counter': expect.stringMatching(/^http:\/\//) } });
  });
});

describe('connecting', () => {
  it('given nothing listening, when a command runs, then it names the URL and suggests npm start, exit 1', async () => {
    const port = await freePort();

    const result = await cli(['executions', 'list', '--url', `http://127.0.0.1:${port}`]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`cannot reach stackhook at http://127.0.0.1:${port} (connection refused)`);
    expect(result.stderr).toContain('npm start');
  });

  it('given a token, when a command runs, then it is sent as a bearer token and never printed', async () => {
    const seen: (string | undefined)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(req.url === '/v1/heat/environment' ? 404 : 401, { 'content-type': 'application/json', 'x-request-id': 'req-42' });
      res.end(JSON.stringify({ code: req.url === '/v1/heat/environment' ? 'NOT_FOUND' : 'UNAUTHORIZED', message: 'The token is not valid', request_id: 'req-42' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const refused = await cli(['resources', 'list', '--url', base], { env: { STACKHOOK_TOKEN: 's3cret-token' } });
      const heat = await cli(['heat-env', '--url', base, '--token', 'other-token']);

      expect(seen).toEqual(['Bearer s3cret-token', 'Bearer other-token']);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toBe('UNAUTHORIZED: The token is not valid (request id req-42)\n');
      expect(heat.status).toBe(1);
      expect(heat.stderr).toContain(`the service at ${base} has no Heat environment: GET /v1/heat/environment answered 404`);
      for (const r of [refused, heat]) expect(r.stdout + r.stderr).not.toMatch(/s3cret-token|other-token/);
    } finally {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  });

  it('given a URL that is not http, when a command runs, then it says so, exit 2', async () => {
    const result = await cli(['resources', 'list', '--url', 'ftp://x']);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--url / STACKHOOK_URL is "ftp://x"; expected an http(s) URL');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = http.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
