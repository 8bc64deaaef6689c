import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ActionFailure } from '../../src/actions/action.js';
import { ActionRegistry } from '../../src/actions/registry.js';
import { stdHttp } from '../../src/actions/std-http.js';
import { OutboundError, OutboundHttp } from '../../src/http/outbound.js';
import { actionContext } from '../support/action-context.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const outbound = new OutboundHttp();
const registry = new ActionRegistry([stdHttp]);
let server: http.Server;
let base: string;
let seen: Seen[] = [];
const pendingSlow = new Set<http.ServerResponse>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/json') {
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(JSON.stringify({ zone: 'example.org.', records: [1, 2] }));
      } else if (path === '/text') {
        res.setHeader('content-type', 'text/plain');
        res.end('plain words');
      } else if (path === '/created') {
        res.statusCode = 201;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id: 'new-1', got: parseOrText(body) }));
      } else if (path === '/slow') {
        pendingSlow.add(res); // never answered; the client's timeout must end it
      } else {
        res.statusCode = 404;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ error: 'not here' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  seen = [];
});

afterAll(async () => {
  for (const res of pendingSlow) res.destroy();
  await outbound.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text || null;
  }
}

function send(input: Record<string, unknown>, signal?: AbortSignal): Promise<Record<string, unknown>> {
  return stdHttp.run(registry.prepareInput(stdHttp, input), actionContext(outbound, signal)) as Promise<Record<string, unknown>>;
}

describe('std.http', () => {
  it('given a GET of a JSON answer, when run, then content is the parsed JSON with Mistral\'s result fields', async () => {
    const result = await send({ url: `${base}/json` });

    expect(result).toMatchObject({
      content: { zone: 'example.org.', records: [1, 2] },
      status: 200,
      url: `${base}/json`,
      history: [],
      encoding: 'utf-8',
      cookies: {},
    });
    expect((result.headers as Record<string, string>)['content-type']).toBe('application/json; charset=utf-8');
    expect(typeof result.elapsed).toBe('number');
    expect(seen.map((s) => [s.method, s.url])).toEqual([['GET', '/json']]);
  });

  it('given a text answer without a charset, when run, then content is the text and encoding is ISO-8859-1, as python-requests says', async () => {
    const result = await send({ url: `${base}/text` });

    expect(result).toMatchObject({ content: 'plain words', status: 200, encoding: 'ISO-8859-1', reason: 'OK' });
  });

  it('given a POST with json, when run, then the body is JSON with its content type and a 201 is a success', async () => {
    const result = await send({ url: `${base}/created`, method: 'post', json: { name: 'www', ttl: 300 } });

    expect(result).toMatchObject({ status: 201, content: { id: 'new-1', got: { name: 'www', ttl: 300 } } });
    expect(seen[0]).toMatchObject({ method: 'POST', body: '{"name":"www","ttl":300}' });
    expect(seen[0]!.headers['content-type']).toBe('application/json');
  });

  it('given a string body, when run, then it is sent as is', async () => {
    await send({ url: `${base}/created`, method: 'PUT', body: 'raw=1', headers: { 'Content-Type': 'text/plain' } });

    expect(seen[0]).toMatchObject({ method: 'PUT', body: 'raw=1' });
    expect(seen[0]!.headers['content-type']).toBe('text/plain');
  });

  it('given both body and json, when run, then it refuses before sending anything', async () => {
    await expect(send({ url: `${base}/created`, body: 'a', json: { b: 1 } })).rejects.toThrow('Only one of body and json may be given');
    expect(seen).toEqual([]);
  });

  it('given params, headers and basic auth, when run, then they are on the request', async () => {
    await send({
      url: `${base}/json?keep=1`,
      params: { name: 'a b', n: 2 },
      headers: { 'X-Request-Id': 'abc', 'X-Count': 3 },
      auth: 'admin:s3cret',
    });

    const request = seen[0]!;
    expect(request.url).toBe('/json?keep=1&name=a+b&n=2');
    expect(request.headers['x-request-id']).toBe('abc');
    expect(request.headers['x-count']).toBe('3');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('admin:s3cret').toString('base64')}`);
  });

  it('given a 404 answer, when run, then the action fails with the response dict as its error', async () => {
    const failure = await send({ url: `${base}/missing` }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ActionFailure);
    expect((failure as ActionFailure).data).toMatchObject({ status: 404, content: { error: 'not here' }, url: `${base}/missing` });
  });

  it('given a port nobody listens on, when run, then the action fails with a connection error', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const failure = await send({ url: `http://127.0.0.1:${port}/x` }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(OutboundError);
    expect((failure as Error).message).toMatch(/ECONNREFUSED|connect/i);
  });

  it('given a server that never answers, when the timeout passes, then the action fails promptly', async () => {
    const started = Date.now();

    const failure = await send({ url: `${base}/slow`, timeout: 0.2 }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(OutboundError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    // undici's timeouts tick coarsely (up to about a second late), far below the 30 s the server would take.
    expect(Date.now() - started).toBeLessThan(1900);
  });

  it('given a server that never answers, when the signal aborts, then the action fails at once', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('cancelled')), 30);

    await expect(send({ url: `${base}/slow`, timeout: 30 }, controller.signal)).rejects.toBeInstanceOf(OutboundError);

    expect(Date.now() - started).toBeLessThan(1000);
  });
});
