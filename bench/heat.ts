/**
 * Real Heat 19 creating and deleting one 20-resource `depends_on` chain of Custom::Bench::Noop,
 * twice: with stackhook as its workflow (Mistral v2) endpoint, and with an instant stand-in that
 * answers Heat's three calls (workflow get, execution create, execution get) at once with
 * SUCCESS. Both runs use the same generated provider templates (served by stackhook), so the only
 * difference is who runs the lifecycle. Prints a table. Needs Heat (scripts/heat/install.sh).
 *
 *   npm run bench:heat [-- --resources 20 --rounds 2]
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, startStackhookProcess } from './support.js';

const { values } = parseArgs({ options: { resources: { type: 'string', default: '20' }, rounds: { type: 'string', default: '2' } } });
const RESOURCES = Number(values.resources);

function chainTemplate(): string {
  const lines = ['heat_template_version: 2021-04-16', 'resources:'];
  for (let i = 1; i <= RESOURCES; i++) {
    lines.push(`  r${i}:`, '    type: Custom::Bench::Noop');
    if (i > 1) lines.push(`    depends_on: r${i - 1}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Mistral's wire shape, just enough for python-mistralclient: JSON strings inside JSON. */
function standIn(): Promise<{ url: string; stop(): Promise<void> }> {
  const executions = new Map<string, Record<string, unknown>>();
  const now = () => new Date().toISOString().slice(0, 19).replace('T', ' ');
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const workflow = /^\/v2\/workflows\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && workflow) {
        return send(200, { id: crypto.randomUUID(), name: decodeURIComponent(workflow[1]!), namespace: '', input: '', definition: '', tags: [], scope: 'private', project_id: 'admin', created_at: now(), updated_at: null });
      }
      if (req.method === 'POST' && url.pathname === '/v2/executions') {
        const body = JSON.parse(raw || '{}') as { workflow_name: string; params?: string };
        const params = JSON.parse(body.params ?? '{}') as { env?: { heat_extresource_data?: { resource_id?: string } } };
        const id = crypto.randomUUID();
        const resourceId = params.env?.heat_extresource_data?.resource_id ?? `standin-${id}`;
        const execution = {
          id, workflow_name: body.workflow_name, workflow_id: id, workflow_namespace: '', description: '', tags: [], params: body.params ?? '{}',
          input: '{}', output: JSON.stringify({ resource_id: resourceId }), state: 'SUCCESS', state_info: null,
          created_at: now(), updated_at: now(), project_id: 'admin', root_execution_id: null, task_execution_id: null,
        };
        executions.set(id, execution);
        return send(201, execution);
      }
      const execution = /^\/v2\/executions\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && execution && executions.has(execution[1]!)) return send(200, executions.get(execution[1]!));
      send(404, { faultstring: `not served by the stand-in: ${req.method} ${url.pathname}` });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  })));
}

async function run(command: string, args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const code = await new Promise<number>((r) => child.once('exit', (c) => r(c ?? 1)));
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}:\n${out}`);
  return out;
}

/** Heat standalone with `workflowUrl` as its Mistral; stopped by PID when done. */
async function withHeat<T>(workflowUrl: string, work: (heatUrl: string) => Promise<T>): Promise<T> {
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'stackhook-bench-heat-'));
  const env = { STACKHOOK_URL: workflowUrl, HEAT_STATE_DIR: state };
  const started = await run('bash', [path.join(ROOT, 'scripts/heat/start.sh')], env);
  const heatUrl = /HEAT_URL=(\S+)/.exec(started)?.[1];
  if (!heatUrl) throw new Error(`no HEAT_URL in:\n${started}`);
  try {
    return await work(heatUrl);
  } finally {
    await run('bash', [path.join(ROOT, 'scripts/heat/stop.sh')], env);
    fs.rmSync(state, { recursive: true, force: true });
  }
}

async function heatCall(heatUrl: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${heatUrl}${route}`, {
    method, headers: { 'X-Auth-Token': 'bench', 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function waitFor(heatUrl: string, stack: string, done: RegExp): Promise<string> {
  for (;;) {
    const answer = await heatCall(heatUrl, 'GET', `/stacks/${stack}`);
    const status: string = answer.status === 404 ? 'DELETE_COMPLETE' : answer.body.stack.stack_status;
    if (done.test(status) || /FAILED/.test(status)) return status;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Creates and deletes the chain; seconds for each, as Heat reports them complete. */
async function createAndDelete(heatUrl: string, environment: unknown): Promise<{ create: number; delete: number }> {
  const name = `chain-${crypto.randomUUID().slice(0, 8)}`;
  const t0 = performance.now();
  const created = await heatCall(heatUrl, 'POST', '/stacks', { stack_name: name, template: chainTemplate(), environment, files: {}, parameters: {}, disable_rollback: true });
  if (created.status !== 201) throw new Error(`stack create answered ${created.status}: ${JSON.stringify(created.body)}`);
  const ref = `${name}/${created.body.stack.id}`;
  const createStatus = await waitFor(heatUrl, ref, /^CREATE_COMPLETE$/);
  const t1 = performance.now();
  if (createStatus !== 'CREATE_COMPLETE') throw new Error(`stack ended ${createStatus}`);
  await heatCall(heatUrl, 'DELETE', `/stacks/${ref}`);
  const deleteStatus = await waitFor(heatUrl, ref, /^DELETE_COMPLETE$/);
  if (deleteStatus !== 'DELETE_COMPLETE') throw new Error(`stack delete ended ${deleteStatus}`);
  return { create: (t1 - t0) / 1000, delete: (performance.now() - t1) / 1000 };
}

async function main(): Promise<void> {
  const stackhook = await startStackhookProcess('warn');
  const stand = await standIn();
  const environment = await (await fetch(`${stackhook.url}/v1/heat/environment`)).text();
  const rows: [string, { create: number; delete: number }[]][] = [['stackhook', []], ['instant stand-in', []]];
  try {
    for (let round = 0; round < Number(values.rounds); round++) {
      rows[0]![1].push(await withHeat(stackhook.url, (heat) => createAndDelete(heat, environment)));
      rows[1]![1].push(await withHeat(stand.url, (heat) => createAndDelete(heat, environment)));
    }
  } finally {
    await stand.stop();
    await stackhook.stop();
  }
  const best = (runs: { create: number; delete: number }[], key: 'create' | 'delete') => Math.min(...runs.map((r) => r[key]));
  console.log(`\nReal Heat 19: a ${RESOURCES}-resource depends_on chain, created then deleted (best of ${values.rounds} rounds, seconds)\n`);
  console.log('| workflow endpoint | create runs | delete runs | best create | best delete | best total |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, runs] of rows) {
    console.log(`| ${name} | ${runs.map((r) => r.create.toFixed(2)).join(', ')} | ${runs.map((r) => r.delete.toFixed(2)).join(', ')} | ${best(runs, 'create').toFixed(2)} | ${best(runs, 'delete').toFixed(2)} | ${(best(runs, 'create') + best(runs, 'delete')).toFixed(2)} |`);
  }
  const total = (runs: { create: number; delete: number }[]) => best(runs, 'create') + best(runs, 'delete');
  console.log(`\nstackhook / stand-in: ${(total(rows[0]![1]) / total(rows[1]![1])).toFixed(3)}x (target: within 1.1x)\n`);
}

await main();
