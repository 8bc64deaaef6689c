import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedReport {
  path: string;
  method: string;
  body: Record<string, unknown>;
  raw: string;
  headers: http.IncomingHttpHeaders;
}

/** A real HTTP server standing in for CloudFormation's ResponseURL. */
export interface Receiver {
  port: number;
  url(path?: string): string;
  reports: ReceivedReport[];
  /** Answer the next requests with these statuses (then 200). */
  failNext(...statuses: number[]): void;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedReport[]>;
  close(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const reports: ReceivedReport[] = [];
  const statuses: number[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const status = statuses.shift() ?? 200;
      if (status === 200) {
        reports.push({ path: req.url ?? '', method: req.method ?? '', body: JSON.parse(raw || 'null'), raw, headers: req.headers });
      }
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: (path = '/report') => `http://127.0.0.1:${actual}${path}`,
    reports,
    failNext: (...codes) => statuses.push(...codes),
    waitFor: (count, timeoutMs = 10_000) => waitUntil(() => (reports.length >= count ? reports.slice() : undefined), timeoutMs, `${count} report(s)`),
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** Polls until `probe` returns a value, failing with what was awaited after the timeout. */
export async function waitUntil<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
