/**
 * Mistral v2's wire conventions: JSON-typed fields sent as JSON strings in Python's json.dumps
 * format, `YYYY-MM-DD HH:MM:SS` timestamps (UTC), and WSME/pecan error bodies.
 */
import crypto from 'node:crypto';
import { pythonJsonDumps } from '../expressions/jinja/python-json.js';
import { pythonRepr } from '../expressions/python-format.js';

/** `datetime.isoformat(' ')` at second resolution, as Mistral's API shows times. */
export function mistralTime(ms: number | null | undefined): string | null {
  if (ms === null || ms === undefined) return null;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Python's `json.dumps(value)`: `", "` and `": "` separators, `\uXXXX` for non-ASCII. */
export function pyJson(value: unknown): string {
  try {
    return pythonJsonDumps(value ?? null, { sortKeys: false });
  } catch {
    return JSON.stringify(value ?? null);
  }
}

/**
 * Mistral's error answer. `plain` is the text/plain controllers' body (`{"faultstring"}` only, for
 * definition uploads); the others are WSME's `{"faultcode", "faultstring", "debuginfo"}`.
 */
export class MistralFault extends Error {
  override readonly name = 'MistralFault';
  constructor(readonly status: number, message: string, readonly plain = false) {
    super(message);
  }
}

export function faultBody(fault: MistralFault): Record<string, unknown> {
  if (fault.plain) return { faultstring: fault.message };
  return { faultcode: fault.status >= 500 ? 'Server' : 'Client', faultstring: fault.message, debuginfo: null };
}

export const notFound = (message: string) => new MistralFault(404, message);
export const badRequest = (message: string) => new MistralFault(400, message);

/**
 * A JsonType field on input: a dict, or a JSON string holding one (`frombasetype`). Anything else
 * is Mistral's 400 for that field.
 */
export function jsonField(value: unknown, field: string, what = 'wf_ex'): Record<string, unknown> {
  if (value === undefined || value === null || value === '') return {};
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      throw badRequest(`Invalid input for field/attribute ${what}. Value: '${value}'. ${(error as Error).message}`);
    }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest(`Invalid input for field/attribute ${field}. Value: '${typeof value === 'string' ? value : pyJson(value)}'. JsonType field value must be a dictionary [actual=${pythonRepr(parsed)}]`);
  }
  return parsed as Record<string, unknown>;
}

/** A stable UUID for a name (the resource types' workflows have no stored row). */
export function nameUuid(name: string): string {
  const hex = crypto.createHash('sha1').update(`stackhook:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const DEFAULT_PROJECT = '<default-project>';

/** `oslo_utils.uuidutils.is_uuid_like`. */
export function isUuidLike(value: string): boolean {
  return /^[0-9a-f]{32}$/.test(value.toLowerCase().replace(/^urn:/, '').replace(/^uuid:/, '').replace(/[{}-]/g, ''));
}
