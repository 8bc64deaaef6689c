import { Agent, request, type Dispatcher } from 'undici';
import { redactUrl } from '../logger.js';

export interface OutboundRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs: number;
  signal?: AbortSignal;
  maxRedirections?: number;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  url: string;
  elapsedMs: number;
}

/** A request that never got an HTTP answer: refused, reset, timed out, aborted. */
export class OutboundError extends Error {
  override readonly name = 'OutboundError';
  constructor(readonly target: string, override readonly cause: unknown) {
    super(`${redactUrl(target)}: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/**
 * The one seam for outbound HTTP (reports, std.http): one keep-alive agent, explicit timeouts,
 * bodies read fully. Tests and callers see plain data, never undici types.
 */
export class OutboundHttp {
  private readonly agent: Dispatcher;

  constructor() {
    this.agent = new Agent({ keepAliveTimeout: 10_000, connections: 64, pipelining: 1 });
  }

  async send(req: OutboundRequest): Promise<OutboundResponse> {
    const started = performance.now();
    try {
      const response = await request(req.url, {
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: req.body,
        dispatcher: this.agent,
        headersTimeout: req.timeoutMs,
        bodyTimeout: req.timeoutMs,
        signal: req.signal,
      });
      const body = Buffer.from(await response.body.arrayBuffer());
      return {
        status: response.statusCode,
        headers: flattenHeaders(response.headers),
        body,
        url: req.url,
        elapsedMs: performance.now() - started,
      };
    } catch (error) {
      throw new OutboundError(req.url, error);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Whether a URL's host is one reports may be sent to (`*` allows every host). */
export function isHostAllowed(url: string, allowedHosts: readonly string[]): boolean {
  let host: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
    host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return false;
  }
  return allowedHosts.includes('*') || allowedHosts.includes(host);
}
