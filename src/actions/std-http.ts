import { STATUS_CODES } from 'node:http';
import { ActionFailure, type ActionDefinition } from './action.js';

const DEFAULT_TIMEOUT_S = 60;

/**
 * std.http with Mistral's inputs and result: {content, status, headers, url, history, encoding,
 * reason, cookies, elapsed}; a status outside 200..306 ends the action with that dict as error.
 */
export const stdHttp: ActionDefinition = {
  name: 'std.http',
  description: 'Sends an HTTP request; a status outside 200..306 fails with the response as error.',
  params: [
    { name: 'url', required: true },
    { name: 'method', required: false, default: 'GET' },
    { name: 'params', required: false, default: null },
    { name: 'body', required: false, default: null },
    { name: 'json', required: false, default: null },
    { name: 'headers', required: false, default: null },
    { name: 'cookies', required: false, default: null },
    { name: 'auth', required: false, default: null },
    { name: 'timeout', required: false, default: null },
    { name: 'allow_redirects', required: false, default: null },
    { name: 'proxies', required: false, default: null },
    { name: 'verify', required: false, default: null },
  ],
  run: async (input, context) => {
    if (input.body !== null && input.json !== null) throw new Error('Only one of body and json may be given');
    const headers = stringHeaders(input.headers);
    const body = requestBody(input, headers);
    addAuth(input.auth, headers);
    const timeoutS = input.timeout === null ? DEFAULT_TIMEOUT_S : Number(input.timeout);
    const response = await context.http.send({
      method: String(input.method).toUpperCase(),
      url: withParams(String(input.url), input.params),
      headers,
      body,
      timeoutMs: timeoutS * 1000,
      signal: context.signal,
    });
    const result = {
      content: decodeContent(response.body),
      status: response.status,
      headers: response.headers,
      url: response.url,
      history: [],
      encoding: encodingOf(response.headers['content-type']),
      reason: STATUS_CODES[response.status] ?? '',
      cookies: {},
      elapsed: response.elapsedMs / 1000,
    };
    if (response.status < 200 || response.status > 306) throw new ActionFailure(result);
    return result;
  },
};

function stringHeaders(headers: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (headers && typeof headers === 'object') {
    for (const [k, v] of Object.entries(headers)) result[k.toLowerCase()] = String(v);
  }
  return result;
}

function requestBody(input: Record<string, unknown>, headers: Record<string, string>): string | undefined {
  const value = input.json ?? input.body;
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' && input.json === null) return value;
  headers['content-type'] ??= 'application/json';
  return JSON.stringify(value);
}

function addAuth(auth: unknown, headers: Record<string, string>): void {
  if (typeof auth !== 'string' || !auth.includes(':')) return;
  headers.authorization = `Basic ${Buffer.from(auth).toString('base64')}`;
}

function withParams(url: string, params: unknown): string {
  if (!params || typeof params !== 'object') return url;
  const parsed = new URL(url);
  for (const [k, v] of Object.entries(params)) parsed.searchParams.append(k, String(v));
  return parsed.toString();
}

function decodeContent(body: Buffer): unknown {
  const text = body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** What python-requests reports as `response.encoding` (get_encoding_from_headers). */
function encodingOf(contentType: string | undefined): string | null {
  const charset = /charset=([^;]+)/i.exec(contentType ?? '')?.[1]?.trim().replace(/^["']|["']$/g, '');
  if (charset) return charset;
  if (/application\/json/i.test(contentType ?? '')) return 'utf-8';
  if (/^\s*text\//i.test(contentType ?? '')) return 'ISO-8859-1';
  return null;
}
