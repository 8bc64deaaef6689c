import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadActionPlugins } from '../../src/actions/plugin-loader.js';
import { actionRoutes } from '../../src/http/action-routes.js';
import { createApp } from '../../src/http/app.js';
import { createLogger } from '../../src/logger.js';
import { createActionRegistry } from '../../src/service.js';

const EXAMPLE_ACTIONS = fileURLToPath(new URL('../../examples/actions', import.meta.url));
const builtins = createActionRegistry({ filesRoot: '/tmp/none' });
const { actions: plugins } = await loadActionPlugins(EXAMPLE_ACTIONS, { isBuiltin: (name) => builtins.has(name) });
const actions = createActionRegistry({ filesRoot: '/tmp/none' }, plugins);
const app: express.Express = createApp({ routers: [actionRoutes({ actions })], bodyLimitBytes: 1024, logger: createLogger('silent') });

describe('GET /v1/actions', () => {
  it('given built-in and plugin actions, when listed, then each has its name, description, input and source, sorted by name', async () => {
    const res = await request(app).get('/v1/actions');

    expect(res.status).toBe(200);
    const names = res.body.actions.map((a: { name: string }) => a.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['std.echo', 'std.http', 'file.write', 'greeting.hello', 'greeting.later']));
    const echo = res.body.actions.find((a: { name: string }) => a.name === 'std.echo');
    expect(echo).toEqual({
      name: 'std.echo', description: 'Returns its output, after an optional delay in seconds.', input: null, source: 'builtin',
      params: [
        { name: 'output', required: true, description: 'What the action returns' },
        { name: 'delay', required: false, default: 0, description: 'Seconds to wait first' },
      ],
    });
  });
});

describe('GET /v1/actions/{name}', () => {
  it('given a plugin action, when fetched, then its input schema and plugin file are shown', async () => {
    const res = await request(app).get('/v1/actions/greeting.hello');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'greeting.hello', description: 'Returns a greeting for name.', source: 'plugin', file: path.join(EXAMPLE_ACTIONS, 'greeting.mjs'),
      input: { type: 'object', required: ['name'], additionalProperties: false },
    });
    expect(res.body.params.map((p: { name: string }) => p.name)).toEqual(['name', 'greeting', 'punctuation']);
  });

  it('given an unknown name, when fetched, then 404 ACTION_NOT_FOUND names it', async () => {
    const res = await request(app).get('/v1/actions/greeting.nope');

    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'ACTION_NOT_FOUND', message: 'No action greeting.nope' });
  });
});
