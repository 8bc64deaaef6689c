/**
 * The Mistral v2 REST API that stock Heat (OS::Mistral::ExternalResource) and the `mistral`
 * command-line client use. Mounted before the /v1 JSON body parser: definition uploads are YAML
 * text, and errors here answer in Mistral's shapes, not stackhook's.
 */
import express, { Router, type ErrorRequestHandler, type Request } from 'express';
import { isStackhookError } from '../errors.js';
import type { Logger } from '../logger.js';
import { WorkflowValidationError } from '../workflow/parse.js';
import { actionDefinitionRoutes } from './action-definitions.js';
import { actionExecutionRoutes } from './action-executions.js';
import { definitionRoutes } from './definitions.js';
import { executionRoutes } from './executions.js';
import type { MistralApiDeps } from './deps.js';
import { taskRoutes } from './tasks.js';
import { badRequest, faultBody, MistralFault, notFound } from './wire.js';

export function mistralApiRoutes(deps: MistralApiDeps): Router {
  const router = Router();
  // X-Auth-Token is accepted and ignored in the loopback no-auth mode; it is never logged.
  router.get('/', (req, res) => {
    res.json({ versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ href: `${origin(req)}/v2`, target: 'v2', rel: 'self' }] }] });
  });
  router.get('/v2', (req, res) => {
    res.json({ uri: `${origin(req)}/v2` });
  });
  router.use('/v2', express.text({ type: () => true, limit: deps.bodyLimitBytes, defaultCharset: 'utf-8' }));
  router.use(definitionRoutes(deps));
  router.use(executionRoutes(deps));
  router.use(taskRoutes(deps));
  router.use(actionExecutionRoutes(deps));
  router.use(actionDefinitionRoutes(deps));
  router.all('/v2/*splat', (req) => {
    throw notFound(`The resource could not be found. [path=${req.path}]`);
  });
  router.use(faults(deps.logger));
  return router;
}

export function origin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** The JSON body of a /v2 request (read as text first): Mistral's 400 when it is not JSON. */
export function jsonBody(req: Request): Record<string, unknown> {
  const text = typeof req.body === 'string' ? req.body : '';
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest('Request is not in valid JSON format');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Request is not in valid JSON format');
  return body as Record<string, unknown>;
}

/** The YAML text of a definition upload. */
export function textBody(req: Request): string {
  return typeof req.body === 'string' ? req.body : '';
}

/** A definition's parse or validation error: the text controllers' `{"faultstring"}`. */
export function definitionFault(error: unknown): unknown {
  if (error instanceof WorkflowValidationError) {
    return new MistralFault(400, error.issues.map((i) => i.message).join('\n'), true);
  }
  return error;
}

function faults(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let fault: MistralFault;
    if (error instanceof MistralFault) fault = error;
    else if (isStackhookError(error)) fault = new MistralFault(error.status, error.message);
    else if ((error as { type?: string }).type === 'entity.too.large') fault = new MistralFault(413, 'Request Entity Too Large');
    else {
      logger.error({ err: error, requestId: req.id, path: req.path }, 'mistral api request failed');
      fault = new MistralFault(500, (error as Error)?.message ?? 'Internal error');
    }
    res.status(fault.status).json(faultBody(fault));
  };
}
