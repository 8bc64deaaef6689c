import crypto from 'node:crypto';
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import { errorBody, isStackhookError, StackhookError } from '../errors.js';
import type { Logger } from '../logger.js';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
  }
}

/** The HTTP front: request ids, JSON bodies with a size limit, one error shape for every route. */
export type RequestObserver = (method: string, route: string, status: number, seconds: number) => void;

/**
 * `routers` get JSON bodies (the /v1 API); `rawRouters` come first and read bodies themselves (the
 * Mistral v2 API takes YAML text and answers errors in its own shape).
 */
export function createApp(options: { routers: Router[]; rawRouters?: Router[]; bodyLimitBytes: number; logger: Logger; observe?: RequestObserver }): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestId);
  app.use(requestLog(options.logger, options.observe ?? (() => undefined)));
  for (const router of options.rawRouters ?? []) app.use(router);
  app.use(requireJsonBody);
  app.use(express.json({ limit: options.bodyLimitBytes, type: () => true }));
  for (const router of options.routers) app.use(router);
  app.use((req, _res, next) => next(new StackhookError('NOT_FOUND', `No route ${req.method} ${req.path}`)));
  app.use(errorHandler(options.logger));
  return app;
}

const requestId: RequestHandler = (req, res, next) => {
  const given = req.header('x-request-id');
  req.id = given && /^[\w.:-]{1,128}$/.test(given) ? given : crypto.randomUUID();
  res.setHeader('x-request-id', req.id);
  next();
};

const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One line per request, with its request id; never the body, never the query string (it may hold
 * tokens). Probes and scrapes are logged at debug only.
 */
function requestLog(logger: Logger, observe: RequestObserver): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      observe(req.method, route, res.statusCode, seconds);
      const line = { requestId: req.id, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(seconds * 1000) };
      if (QUIET_PATHS.has(req.path)) logger.debug(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}

const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.header('content-length') ?? 0) > 0 || req.header('transfer-encoding') !== undefined;
  if (!hasBody || req.is('application/json') || req.header('content-type') === undefined) return next();
  next(new StackhookError('UNSUPPORTED_MEDIA_TYPE', `The body must be JSON, not ${req.header('content-type')}`));
};

function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = toStackhookError(error);
    if (known.status >= 500) logger.error({ err: error, requestId: req.id, path: req.path }, 'request failed');
    res.status(known.status).json(errorBody(known, req.id));
  };
}

/** SQLite's codes for a store that is busy, full or unreadable (the request changed nothing). */
const STORE_UNAVAILABLE_CODES = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY)/;

/** Maps body-parser's errors to the registry; anything unknown is INTERNAL, details in the log. */
function toStackhookError(error: unknown): StackhookError {
  if (isStackhookError(error)) return error;
  const type = (error as { type?: string }).type;
  if (type === 'entity.too.large') {
    const limit = (error as { limit?: number }).limit;
    return new StackhookError('BODY_TOO_LARGE', `The body is over the limit of ${limit} bytes`);
  }
  if (type === 'entity.parse.failed') {
    return new StackhookError('BAD_JSON', `The body is not valid JSON: ${(error as Error).message}`);
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new StackhookError('UNSUPPORTED_MEDIA_TYPE', (error as Error).message);
  }
  if (STORE_UNAVAILABLE_CODES.test(String((error as { code?: unknown }).code))) {
    return new StackhookError('STORE_UNAVAILABLE', 'The store cannot be reached right now; retry later');
  }
  return new StackhookError('INTERNAL', 'Internal error; the log has the details under this request id');
}

/** Turns `?limit=` into a bounded page size. */
export function pageLimit(value: unknown, fallback = 100, max = 1000): number {
  if (value === undefined) return fallback;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new StackhookError('INVALID_QUERY', `limit must be an integer from 1 to ${max}`, { parameter: 'limit' });
  }
  return limit;
}

/** Allows only the listed values for a query parameter. */
export function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) {
    throw new StackhookError('INVALID_QUERY', `${name} must be one of ${allowed.join(', ')}`, { parameter: name });
  }
  return value as T;
}

export function queryString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
