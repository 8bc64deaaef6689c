import { Agent, request, type Dispatcher } from 'undici';

export const DEFAULT_URL = 'http://127.0.0.1:8989';

/** Where the service is and how to authenticate: `--url`/`STACKHOOK_URL`, `--token`/`STACKHOOK_TOKEN`. */
export interface ClientOptions {
  url: string;
  token?: string;
}

/** An answer the CLI prints as `code: message (request id …)` and exits 1 on. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
  ) {
    super(message);
  }

  describe(): string {
    return `${this.code}: ${this.message}${this.requestId ? ` (request id ${this.requestId})` : ''}`;
  }
}

/** The service cannot be reached at all. */
export class UnreachableError extends Error {
  constructor(readonly url: string, readonly reason: string) {
    super(`cannot reach stackhook at ${url} (${reason})`);
  }

  describe(): string {
    return `${this.message}\n  Is it running? Start it with \`npm start\`, or point at another one with --url or STACKHOOK_URL.`;
  }
}

export function clientOptions(values: { url?: string; token?: string }, env: NodeJS.ProcessEnv): ClientOptions {
  const url = values.url ?? nonEmpty(env.STACKHOOK_URL) ?? DEFAULT_URL;
  const token = values.token ?? nonEmpty(env.STACKHOOK_TOKEN);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url / STACKHOOK_URL is ${JSON.stringify(url)}; expected an http(s) URL such as ${DEFAULT_URL}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`--url / STACKHOOK_URL is ${JSON.stringify(url)}; expected an http(s) URL such as ${DEFAULT_URL}`);
  }
  return { url: url.replace(/\/+$/, ''), ...(token ? { token } : {}) };
}

/** A mistake in how the command was called: printed with a pointer to --help, exit status 2. */
export class UsageError extends Error {}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * The CLI's one way to talk to a running stackhook. Every request carries the bearer token when
 * there is one (never printed); errors come back as ApiError or UnreachableError.
 */
export class Client {
  private readonly agent = new Agent({ connect: { timeout: 5_000 } });

  constructor(readonly options: ClientOptions) {}

  async getJson<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
    const body = await this.get(path, query, 'application/json');
    return JSON.parse(body) as T;
  }

  async getText(path: string, accept = '*/*'): Promise<string> {
    return this.get(path, {}, accept);
  }

  /** A Server-Sent Events stream; the caller reads `body` and must destroy it when done. */
  async stream(path: string, lastEventId?: string): Promise<Dispatcher.ResponseData['body']> {
    const response = await this.send(path, {}, 'text/event-stream', lastEventId === undefined ? {} : { 'last-event-id': lastEventId }, null);
    if (response.statusCode !== 200) throw await apiError(response);
    return response.body;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private async get(path: string, query: Record<string, string | undefined>, accept: string): Promise<string> {
    const response = await this.send(path, query, accept, {}, 30_000);
    if (response.statusCode >= 400) throw await apiError(response);
    return response.body.text();
  }

  private async send(
    path: string, query: Record<string, string | undefined>, accept: string, headers: Record<string, string>, bodyTimeout: number | null,
  ): Promise<Dispatcher.ResponseData> {
    const url = new URL(this.options.url + path);
    for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') url.searchParams.set(name, value);
    try {
      return await request(url, {
        dispatcher: this.agent,
        headers: {
          accept,
          ...headers,
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        },
        headersTimeout: 30_000,
        bodyTimeout: bodyTimeout ?? 0,
      });
    } catch (error) {
      throw new UnreachableError(this.options.url, connectionReason(error));
    }
  }
}

async function apiError(response: Dispatcher.ResponseData): Promise<ApiError> {
  const text = await response.body.text().catch(() => '');
  const headerId = response.headers['x-request-id'];
  let body: { code?: unknown; message?: unknown; request_id?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // not our error shape: a proxy's page, or an older stackhook
  }
  const requestId = typeof body.request_id === 'string' ? body.request_id : typeof headerId === 'string' ? headerId : null;
  const code = typeof body.code === 'string' ? body.code : `HTTP_${response.statusCode}`;
  const message = typeof body.message === 'string' ? body.message : text.trim().slice(0, 200) || `the service answered ${response.statusCode}`;
  return new ApiError(response.statusCode, code, message, requestId);
}

function connectionReason(error: unknown): string {
  const codes: string[] = [];
  for (let e: unknown = error; e && codes.length < 5; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    for (const inner of (e as { errors?: unknown[] }).errors ?? []) {
      const innerCode = (inner as { code?: unknown }).code;
      if (typeof innerCode === 'string') codes.push(innerCode);
    }
  }
  if (codes.includes('ECONNREFUSED')) return 'connection refused';
  if (codes.includes('ENOTFOUND')) return 'host not found';
  if (codes.includes('UND_ERR_CONNECT_TIMEOUT') || codes.includes('ETIMEDOUT')) return 'connection timed out';
  if (codes.includes('UND_ERR_HEADERS_TIMEOUT')) return 'no answer within 30 s';
  return (error as Error).message || codes[0] || 'unknown error';
}
