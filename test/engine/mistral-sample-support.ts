import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionSnapshot } from '../../src/store/records.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/mistral-dsl');

/** What a case came to, in a form both Mistral's recorded answer and a stackhook snapshot give. */
export interface Observed {
  state: string | null;
  stateInfo: string | null;
  output: unknown;
  tasks: Record<string, { state: string; stateInfo: string | null; result: unknown; published: unknown; runs: number }>;
}

interface RecordedTask {
  name: string; state: string; state_info: string | null; result: unknown; published: unknown;
  n_action_executions: number; n_sub_executions: number;
}

export interface RecordedCase {
  case: string; file: string; workflow: string; request: { input: string; params?: string };
  final_state: string | null; state_info: string | null; output: unknown; task_summary?: RecordedTask[];
  create_status: number; create_response: unknown;
}

export function recorded(name: string): RecordedCase {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, 'results', `${name}.json`), 'utf8')) as RecordedCase;
}

export function fromMistral(rec: RecordedCase): Observed {
  const tasks: Observed['tasks'] = {};
  for (const t of rec.task_summary ?? []) {
    tasks[t.name] = {
      state: t.state, stateInfo: t.state_info, result: t.result, published: t.published,
      runs: t.n_action_executions + t.n_sub_executions,
    };
  }
  return { state: rec.final_state, stateInfo: rec.state_info, output: rec.output, tasks };
}

export function fromStackhook(snapshot: ExecutionSnapshot): Observed {
  const tasks: Observed['tasks'] = {};
  for (const t of snapshot.tasks) {
    tasks[t.name] = {
      state: t.state, stateInfo: t.stateInfo, result: t.result, published: t.published,
      runs: snapshot.actions.filter((a) => a.taskId === t.id).length,
    };
  }
  const { state, stateInfo, output } = snapshot.execution;
  return { state, stateInfo, output, tasks };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Ids differ between the two runs by nature: every UUID becomes `<id>`. */
export function withoutIds<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replace(UUID, '<id>')) as T;
}

/**
 * std.http results carry what depends on the HTTP stack, not on the engine (the server's and
 * client's headers, timings): they are left out on both sides.
 */
export function withoutHttpDetails(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutHttpDetails);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  const isResponse = 'status' in value && 'url' in value;
  const isEcho = 'method' in value && 'path' in value;
  for (const [key, v] of Object.entries(value)) {
    if ((isResponse && ['headers', 'elapsed'].includes(key)) || (isEcho && key === 'headers')) continue;
    out[key] = withoutHttpDetails(v);
  }
  return out;
}

/** A local stand-in for the reference's httpd.py, answering exactly what it answered. */
export async function startReferenceHttpd(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const send = (code: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString();
        let body: unknown = raw;
        try { body = JSON.parse(raw); } catch { /* the raw text, as httpd.py keeps it */ }
        send(200, { method: 'POST', path: req.url, headers: req.headers, body });
      });
      return;
    }
    if (req.url === '/data.json') return send(200, { name: 'probe', items: [1, 2, 3] });
    if (req.url?.startsWith('/status/')) {
      const code = Number(req.url.split('/').pop());
      return send(code, { status: code });
    }
    send(404, { error: 'not found', path: req.url });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

