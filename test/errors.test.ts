import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, StackhookError, errorBody } from '../src/errors.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));

function readmeErrorTable(): Record<string, { status: number; meaning: string }> {
  const text = fs.readFileSync(README, 'utf8');
  const table = /<!-- errors:start -->([\s\S]*?)<!-- errors:end -->/.exec(text)?.[1] ?? '';
  const rows = table.split('\n').map((line) => /^\| `(\w+)` \| (\d+) \| (.*) \|$/.exec(line.trim())).filter((m) => m !== null);
  return Object.fromEntries(rows.map((m) => [m[1], { status: Number(m[2]), meaning: m[3] }]));
}

describe('the error registry', () => {
  it('given the README error table, when compared with the registry, then every code, status and meaning agree', () => {
    const documented = readmeErrorTable();
    expect(Object.keys(documented).length).toBeGreaterThan(0);
    expect(documented).toEqual(Object.fromEntries(Object.entries(ERROR_CODES).map(([code, e]) => [code, { status: e.status, meaning: e.meaning }])));
  });

  it('given an error with details, when turned into a body, then it has code, message, details and request_id', () => {
    const error = new StackhookError('INVALID_REQUEST', 'Invalid signal: StackId is required', [{ field: 'StackId' }]);
    expect(error.status).toBe(400);
    expect(errorBody(error, 'r1')).toEqual({ code: 'INVALID_REQUEST', message: 'Invalid signal: StackId is required', details: [{ field: 'StackId' }], request_id: 'r1' });
  });
});
