/**
 * Clients for the e2e world: Heat's REST API (as `openstack stack ...` uses it), the
 * `openstack` command itself, stackhook's operator API and PowerDNS's API.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import yaml from 'js-yaml';
import { inject } from 'vitest';

const run = promisify(execFile);

export interface E2EWorld {
  stateDir: string;
  stackhookUrl: string;
  heatUrl: string;
  pdns: { apiUrl: string; apiKey: string; dnsPort: number; stateDir: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2EWorld;
  }
}

export const world = (): E2EWorld => inject('e2e');

export interface StackRef {
  name: string;
  id: string;
}

export interface Stack {
  id: string;
  stack_name: string;
  stack_status: string;
  stack_status_reason: string;
  outputs?: { output_key: string; output_value: unknown; output_error?: string }[];
}

export interface HeatResource {
  resource_name: string;
  physical_resource_id: string;
  resource_status: string;
  resource_status_reason: string;
}

export interface StackOptions {
  parameters?: Record<string, unknown>;
  disableRollback?: boolean;
  timeoutMins?: number;
}

const TERMINAL = /_(COMPLETE|FAILED)$/;

/** Heat's v1 API with a token (noauth Heat wants one and forwards it to stackhook). */
export class Heat {
  constructor(readonly url: string, private readonly environment: Record<string, unknown>) {}

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { 'X-Auth-Token': 'e2e', 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch { /* keep the text */ }
    return { status: response.status, body: parsed };
  }

  /** POST /stacks with the environment's registry URLs and no files: heat-engine fetches them. */
  async create(name: string, template: string, options: StackOptions = {}): Promise<StackRef> {
    const answer = await this.call('POST', '/stacks', { stack_name: name, ...this.body(template, options) });
    if (answer.status !== 201) throw new Error(`stack create answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return { name, id: answer.body.stack.id };
  }

  async tryCreate(name: string, template: string, options: StackOptions = {}) {
    return this.call('POST', '/stacks', { stack_name: name, ...this.body(template, options) });
  }

  async update(ref: StackRef, template: string, options: StackOptions = {}): Promise<void> {
    const answer = await this.call('PUT', `/stacks/${ref.name}/${ref.id}`, this.body(template, options));
    if (answer.status !== 202) throw new Error(`stack update answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }

  async action(ref: StackRef, action: 'suspend' | 'resume'): Promise<void> {
    const answer = await this.call('POST', `/stacks/${ref.name}/${ref.id}/actions`, { [action]: null });
    if (answer.status !== 200 && answer.status !== 202) throw new Error(`${action} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }

  async delete(ref: StackRef): Promise<void> {
    const answer = await this.call('DELETE', `/stacks/${ref.name}/${ref.id}`);
    if (answer.status !== 204 && answer.status !== 404) throw new Error(`stack delete answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }

  async show(ref: StackRef): Promise<Stack | undefined> {
    const answer = await this.call('GET', `/stacks/${ref.name}/${ref.id}`);
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw new Error(`stack show answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body.stack as Stack;
  }

  /**
   * Polls until the stack leaves *_IN_PROGRESS (a deleted stack counts as DELETE_COMPLETE); with
   * `action`, until a status of that action (Heat may set it only after the API call returned).
   */
  async settle(ref: StackRef, timeoutMs = 120_000, action?: 'UPDATE' | 'SUSPEND' | 'RESUME' | 'DELETE'): Promise<Stack> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const stack = await this.show(ref);
      const status = stack?.stack_status ?? 'DELETE_COMPLETE';
      if (TERMINAL.test(status) && !/^(INIT)_/.test(status) && (!action || status.startsWith(`${action}_`) || status.startsWith('ROLLBACK_'))) {
        return stack ?? { id: ref.id, stack_name: ref.name, stack_status: 'DELETE_COMPLETE', stack_status_reason: 'gone' };
      }
      if (Date.now() > deadline) throw new Error(`stack ${ref.name} still ${status} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  async outputs(ref: StackRef): Promise<Record<string, unknown>> {
    const stack = await this.show(ref);
    return Object.fromEntries((stack?.outputs ?? []).map((o) => [o.output_key, o.output_error ? { error: o.output_error } : o.output_value]));
  }

  async resource(ref: StackRef, name: string): Promise<HeatResource> {
    const answer = await this.call('GET', `/stacks/${ref.name}/${ref.id}/resources/${name}`);
    if (answer.status !== 200) throw new Error(`resource show answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body.resource as HeatResource;
  }

  /** Deletes and waits; a stack left DELETE_FAILED is abandoned so that the next test starts clean. */
  async cleanUp(ref: StackRef): Promise<void> {
    await this.delete(ref);
    const stack = await this.settle(ref, 120_000, 'DELETE');
    if (stack.stack_status === 'DELETE_FAILED') await this.call('DELETE', `/stacks/${ref.name}/${ref.id}/abandon`);
  }

  private body(template: string, options: StackOptions) {
    return {
      template,
      environment: this.environment,
      files: {},
      parameters: options.parameters ?? {},
      disable_rollback: options.disableRollback ?? true,
      ...(options.timeoutMins ? { timeout_mins: options.timeoutMins } : {}),
    };
  }
}

/** `openstack ...` as a template author runs it, against the standalone Heat. */
export async function openstack(args: string[], options: { cwd?: string } = {}): Promise<string> {
  const { stdout } = await run('openstack', ['--os-auth-type', 'admin_token', '--os-token', 'e2e', '--os-endpoint', world().heatUrl, ...args], {
    cwd: options.cwd, timeout: 180_000, maxBuffer: 16 * 1024 * 1024,
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OS_'))),
  });
  return stdout;
}

export async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch { /* keep the text */ }
  return { status: response.status, body };
}

export async function getText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.text();
}

/** stackhook's view: the inventory and the executions of one (nested) stack. */
export const stackhook = {
  async resources(stackId: string): Promise<any[]> {
    return (await getJson(`${world().stackhookUrl}/v1/resources?stack_id=${encodeURIComponent(stackId)}`)).body.resources;
  },
  async executions(stackId: string): Promise<any[]> {
    return (await getJson(`${world().stackhookUrl}/v1/executions?stack_id=${encodeURIComponent(stackId)}`)).body.executions;
  },
};

/** The A rrset of a name in PowerDNS, or undefined. */
export async function aRecord(zone: string, fqdn: string): Promise<{ ttl: number; records: { content: string; disabled: boolean }[] } | undefined> {
  const { pdns } = world();
  const answer = await getJson(`${pdns.apiUrl}/api/v1/servers/localhost/zones/${zone}`, { 'X-API-Key': pdns.apiKey });
  if (answer.status !== 200) throw new Error(`PowerDNS answered ${answer.status} for zone ${zone}`);
  return (answer.body.rrsets as any[]).find((r) => r.name === fqdn && r.type === 'A');
}

export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

let counter = 0;
/** A stack name unique within the run. */
export const stackName = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

export async function heatFor(): Promise<Heat> {
  const { stackhookUrl, heatUrl } = world();
  const environment = yaml.load(await getText(`${stackhookUrl}/v1/heat/environment`)) as Record<string, unknown>;
  return new Heat(heatUrl, environment);
}
