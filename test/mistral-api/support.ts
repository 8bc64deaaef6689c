import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { waitUntil } from '../support/receiver.js';
import type { TestService } from '../support/service.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/mistral-api', import.meta.url));

export interface Recorded {
  request: { method: string; path: string; body_json?: unknown; body_text?: string };
  response: { status: number; body_json?: unknown; body_text?: string };
}

/** One of Mistral 15's recorded HTTP calls, by the start of its file name (`http/061`). */
export function recorded(prefix: string): Recorded {
  const [dir, start] = prefix.split('/') as [string, string];
  const file = fs.readdirSync(`${FIXTURES}/${dir}`).find((f) => f.startsWith(start));
  if (!file) throw new Error(`no fixture ${prefix}`);
  return JSON.parse(fs.readFileSync(`${FIXTURES}/${dir}/${file}`, 'utf8')) as Recorded;
}

export function input(name: string): string {
  return fs.readFileSync(`${FIXTURES}/inputs/${name}`, 'utf8');
}

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** The shape of a JSON value: keys in order, the kind of every value, JSON strings and times marked. */
export function shapeOf(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, shapeOf(v)]));
  if (typeof value === 'string') {
    if (TIME.test(value)) return 'time';
    if (/^[{["]/.test(value)) {
      try {
        JSON.parse(value);
        return 'json-string';
      } catch { /* plain */ }
    }
    return 'string';
  }
  return typeof value;
}

/** Field by field: the same keys in the same order, the same kind of value in each. */
export function expectSameShape(actual: unknown, mistral: unknown, nullable: readonly string[] = []): void {
  const a = shapeOf(actual) as Record<string, unknown>;
  const m = shapeOf(mistral) as Record<string, unknown>;
  if (a && typeof a === 'object' && !Array.isArray(a)) {
    expect(Object.keys(a)).toEqual(Object.keys(m));
    for (const key of Object.keys(m)) {
      if (nullable.includes(key) && (a[key] === 'null' || m[key] === 'null')) continue;
      expect({ [key]: a[key] }).toEqual({ [key]: m[key] });
    }
  } else {
    expect(a).toEqual(m);
  }
}

export async function pollUntilDone(sh: TestService, id: string): Promise<Record<string, unknown>> {
  let last: Record<string, unknown> = {};
  await waitUntil(async () => {
    const res = await sh.http.get(`/v2/executions/${id}`).set('X-Auth-Token', 'tok');
    expect(res.status).toBe(200);
    last = res.body as Record<string, unknown>;
    return !['RUNNING', 'IDLE', 'PAUSED'].includes(String(last.state)) || undefined;
  }, 10_000, `execution ${id} to end`);
  return last;
}
