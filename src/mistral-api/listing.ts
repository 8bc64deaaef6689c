/**
 * `rest_utils.get_all` as Mistral's API applies it: filters (with `eq:`/`neq:`/`in:`/… prefixes),
 * `sort_keys`/`sort_dirs`, `marker` and `limit` with a `next` link, and `fields`.
 */
import type { Request } from 'express';
import { badRequest } from './wire.js';

type Item = Record<string, unknown>;

const MAX_LIMIT = 1000;

export interface ListOptions {
  /** Collection name in the answer and the `next` link, e.g. `executions`. */
  collection: string;
  /** Query parameters that filter on the item field of the same name. */
  filters: readonly string[];
  defaultSortKey?: string;
}

/** Applies the request's filters, order and page to fully built items; returns the answer body. */
export function listAnswer(req: Request, items: Item[], options: ListOptions): Record<string, unknown> {
  const query = req.query as Record<string, string | undefined>;
  let rows = items.filter((item) => options.filters.every((name) => matches(item[name], query[name])));
  const sortKeys = splitList(query.sort_keys) ?? [options.defaultSortKey ?? 'created_at'];
  const sortDirs = splitList(query.sort_dirs) ?? [];
  if (sortDirs.length > sortKeys.length) throw badRequest('Length of sort_keys must be equal or greater than sort_dirs.');
  for (const dir of sortDirs) if (dir !== 'asc' && dir !== 'desc') throw badRequest(`Unknown sort direction, must be one of: asc, desc`);
  const keys = sortKeys.includes('id') ? sortKeys : [...sortKeys, 'id'];
  const dirs = keys.map((_, i) => sortDirs[i] ?? sortDirs[0] ?? 'asc');
  rows = [...rows].sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const order = compare(a[keys[i]!], b[keys[i]!]);
      if (order !== 0) return dirs[i] === 'desc' ? -order : order;
    }
    return 0;
  });
  if (query.marker) {
    const at = rows.findIndex((item) => item.id === query.marker);
    if (at >= 0) rows = rows.slice(at + 1);
  }
  let limit: number | undefined;
  if (query.limit !== undefined) {
    limit = Number(query.limit);
    if (!Number.isInteger(limit) || limit <= 0) throw badRequest('Limit must be positive.');
    limit = Math.min(limit, MAX_LIMIT);
    rows = rows.slice(0, limit);
  }
  const fields = splitList(query.fields);
  const body: Record<string, unknown> = { [options.collection]: fields ? rows.map((row) => pick(row, fields)) : rows };
  if (limit !== undefined && rows.length === limit && rows.length > 0) {
    body.next = nextLink(req, options, keys, dirs, limit, String(rows[rows.length - 1]!.id), fields);
  }
  return body;
}

/** Keeps `id` and the asked fields, in the item's own order. */
export function pick(item: Item, fields: readonly string[]): Item {
  const wanted = new Set(['id', ...fields]);
  return Object.fromEntries(Object.entries(item).filter(([key]) => wanted.has(key)));
}

/** `fields=` on a single GET. */
export function pickFields(req: Request, item: Item): Item {
  const fields = splitList((req.query as Record<string, string | undefined>).fields);
  return fields ? pick(item, fields) : item;
}

function nextLink(req: Request, options: ListOptions, keys: string[], dirs: string[], limit: number, marker: string, fields: string[] | undefined): string {
  const query = req.query as Record<string, string | undefined>;
  const parts: string[] = [];
  for (const name of options.filters) if (query[name] !== undefined) parts.push(`${name}=${query[name]}`);
  parts.push(`sort_keys=${keys.join(',')}`, `sort_dirs=${dirs.join(',')}`, `limit=${limit}`, `marker=${marker}`);
  if (fields) parts.push(`fields=${fields.join(',')}`);
  return `${req.protocol}://${req.get('host')}/v2/${options.collection}?${parts.join('&')}`;
}

function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined || value === '') return undefined;
  return value.split(',').map((v) => v.trim()).filter(Boolean);
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return String(a) < String(b) ? -1 : 1;
}

/** `field=value`, or a prefixed form: `eq:` `neq:` `gt:` `gte:` `lt:` `lte:` `in:` `nin:` `has:`. */
function matches(actual: unknown, wanted: string | undefined): boolean {
  if (wanted === undefined) return true;
  const text = actual === null || actual === undefined ? null : typeof actual === 'string' ? actual : JSON.stringify(actual);
  const m = /^(eq|neq|gt|gte|lt|lte|in|nin|has):(.*)$/s.exec(wanted);
  const [op, value] = m ? [m[1]!, m[2]!] : ['eq', wanted];
  switch (op) {
    case 'neq': return text !== value;
    case 'gt': return text !== null && text > value;
    case 'gte': return text !== null && text >= value;
    case 'lt': return text !== null && text < value;
    case 'lte': return text !== null && text <= value;
    case 'in': return text !== null && value.split(',').includes(text);
    case 'nin': return text === null || !value.split(',').includes(text);
    case 'has': return text !== null && text.includes(value);
    default: return text === value || (value === 'null' && text === null);
  }
}
