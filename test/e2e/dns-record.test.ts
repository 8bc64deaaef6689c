/**
 * Custom::DNSRecord driven by a stock Heat through stackhook, against a real PowerDNS: what a
 * template author does, and what Heat, stackhook and PowerDNS show after each step.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { aRecord, getText, Heat, heatFor, openstack, stackhook, stackName, world, type StackRef } from './support/world.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

let heat: Heat;
beforeAll(async () => {
  heat = await heatFor();
});

const recordTemplate = (extra = '') => `
heat_template_version: 2021-04-16
parameters:
  pdns_api_key: {type: string, hidden: true}
  pdns_url: {type: string}
  zone: {type: string, default: example.org.}
  label: {type: string, default: www}
  ttl: {type: number, default: 300}
resources:
  www:
    type: Custom::DNSRecord
    properties:
      zone: {get_param: zone}
      name: {get_param: label}
      address: 192.0.2.10
      ttl: {get_param: ttl}
      api_key: {get_param: pdns_api_key}
      api_url: {get_param: pdns_url}
${extra}
outputs:
  id: {value: {get_resource: www}}
  fqdn: {value: {get_attr: [www, fqdn]}}
  ttl: {value: {get_attr: [www, ttl]}}
`;

const params = (more: Record<string, unknown> = {}) => ({ pdns_api_key: world().pdns.apiKey, pdns_url: world().pdns.apiUrl, ...more });

/** `--wait` prints the events before the JSON document. */
function lastJson(stdout: string): any {
  return JSON.parse(stdout.slice(stdout.search(/^\{/m)));
}

async function nestedStackId(ref: StackRef, resource = 'www'): Promise<string> {
  return (await heat.resource(ref, resource)).physical_resource_id;
}

describe('the template author\'s walk-through, with the openstack command', () => {
  it('creates, reads, updates, suspends, resumes, replaces and deletes a record', async () => {
    const dir = fs.mkdtempSync(path.join(world().stateDir, 'author-'));
    fs.writeFileSync(path.join(dir, 'env.yaml'), await getText(`${world().stackhookUrl}/v1/heat/environment`));
    // A second resource uses the record's get_resource and get_attr (a number, kept a number).
    fs.writeFileSync(path.join(dir, 'app.yaml'), recordTemplate(`  user:
    type: Custom::E2E::Probe
    properties:
      label: user
      note: {get_attr: [www, fqdn]}
      meta: {record: {get_resource: www}, ttl: {get_attr: [www, ttl]}}`) + `  user_meta: {value: {get_attr: [user, meta]}}\n`);
    const name = stackName('dns');
    const cli = (args: string[]) => openstack(args, { cwd: dir });
    const p = (more: Record<string, string> = {}) => Object.entries(params(more)).flatMap(([k, v]) => ['--parameter', `${k}=${v}`]);

    const created = lastJson(await cli(['stack', 'create', '-e', 'env.yaml', '-t', 'app.yaml', ...p(), '--wait', '-f', 'json', name]));
    expect(created.stack_status).toBe('CREATE_COMPLETE');
    const ref = { name, id: created.id as string };
    expect(await heat.outputs(ref)).toMatchObject({
      id: 'www.example.org.', fqdn: 'www.example.org.', ttl: 300,
      user_meta: { record: 'www.example.org.', ttl: 300 },
    });
    expect(await aRecord('example.org.', 'www.example.org.')).toMatchObject({ ttl: 300, records: [{ content: '192.0.2.10', disabled: false }] });
    const { stdout: dug } = await run('dig', ['@127.0.0.1', '-p', String(world().pdns.dnsPort), 'www.example.org.', 'A', '+short']);
    expect(dug.trim()).toBe('192.0.2.10');
    const stackId = await nestedStackId(ref);
    expect(await stackhook.resources(stackId)).toMatchObject([{ type: 'Custom::DNSRecord', physical_id: 'www.example.org.', status: 'CREATE_COMPLETE' }]);

    // In place: the ttl.
    await cli(['stack', 'update', '-e', 'env.yaml', '-t', 'app.yaml', ...p({ ttl: '900' }), name]);
    expect((await heat.settle(ref, 120_000, 'UPDATE')).stack_status).toBe('UPDATE_COMPLETE');
    expect(await heat.outputs(ref)).toMatchObject({ id: 'www.example.org.', ttl: 900, user_meta: { ttl: 900 } });
    expect((await aRecord('example.org.', 'www.example.org.'))!.ttl).toBe(900);
    const executions = await stackhook.executions(stackId);
    expect(executions.map((e) => [e.workflow_name, e.state])).toContainEqual(['stackhook.DNSRecord.update', 'SUCCESS']);
    expect(JSON.stringify(executions)).not.toContain(world().pdns.apiKey);

    // Suspended: still in the zone, not served.
    await cli(['stack', 'suspend', name]);
    expect((await heat.settle(ref, 120_000, 'SUSPEND')).stack_status).toBe('SUSPEND_COMPLETE');
    expect((await aRecord('example.org.', 'www.example.org.'))!.records).toEqual([{ content: '192.0.2.10', disabled: true }]);
    await cli(['stack', 'resume', name]);
    expect((await heat.settle(ref, 120_000, 'RESUME')).stack_status).toBe('RESUME_COMPLETE');
    expect((await aRecord('example.org.', 'www.example.org.'))!.records).toEqual([{ content: '192.0.2.10', disabled: false }]);

    // Replaced by the type's policy (name): the new record exists, the old one is gone.
    await cli(['stack', 'update', '-e', 'env.yaml', '-t', 'app.yaml', ...p({ ttl: '900', label: 'web' }), name]);
    expect((await heat.settle(ref, 120_000, 'UPDATE')).stack_status).toBe('UPDATE_COMPLETE');
    expect(await heat.outputs(ref)).toMatchObject({ id: 'web.example.org.', fqdn: 'web.example.org.', user_meta: { record: 'web.example.org.' } });
    expect(await aRecord('example.org.', 'web.example.org.')).toBeDefined();
    expect(await aRecord('example.org.', 'www.example.org.')).toBeUndefined();
    const resources = await stackhook.resources(stackId);
    expect(resources.map((r) => [r.physical_id, r.status]).sort()).toEqual([
      ['web.example.org.', 'CREATE_COMPLETE'], ['www.example.org.', 'DELETE_COMPLETE'],
    ]);

    await cli(['stack', 'delete', '-y', name]);
    expect((await heat.settle(ref, 120_000, 'DELETE')).stack_status).toBe('DELETE_COMPLETE');
    expect(await aRecord('example.org.', 'web.example.org.')).toBeUndefined();
    expect((await stackhook.resources(stackId)).every((r) => r.status === 'DELETE_COMPLETE')).toBe(true);
  });
});

describe('failures', () => {
  it('a create that fails without rollback: the reason says why; the stack delete after it works', async () => {
    const ref = await heat.create(stackName('nozone'), recordTemplate(), { parameters: params({ zone: 'nozone.example.' }) });
    const stack = await heat.settle(ref);
    expect(stack.stack_status).toBe('CREATE_FAILED');
    expect(stack.stack_status_reason).toMatch(/PowerDNS answered 404 for zone nozone\.example\./);
    const www = await heat.resource(ref, 'www');
    expect(www.resource_status).toBe('CREATE_FAILED');
    expect(www.resource_status_reason).toMatch(/PowerDNS answered 404/);
    const executions = await stackhook.executions(www.physical_resource_id);
    expect(executions).toMatchObject([{ workflow_name: 'stackhook.DNSRecord.create', state: 'ERROR' }]);
    expect(executions[0].state_info).toMatch(/PowerDNS answered 404 for zone nozone\.example\./);
    await heat.delete(ref);
    expect((await heat.settle(ref, 120_000, 'DELETE')).stack_status).toBe('DELETE_COMPLETE');
  });

  it('a create that fails with rollback enabled rolls back', async () => {
    const ref = await heat.create(stackName('rollback'), recordTemplate(), { parameters: params({ zone: 'nozone.example.' }), disableRollback: false });
    const stack = await heat.settle(ref);
    expect(stack.stack_status).toBe('ROLLBACK_COMPLETE');
    const resources = await heat.call('GET', `/stacks/${ref.name}/${ref.id}/resources`);
    expect(resources.body.resources).toEqual([]);
    await heat.cleanUp(ref);
  });

  // Heat replaces a resource whose update failed: it creates the new one, then deletes the old.
  // Both carry the same physical id (the record's name); the old one's Delete must not remove the
  // record the new one has just written.
  it('an update that fails keeps the record; the update after it applies', async () => {
    const ref = await heat.create(stackName('badkey'), recordTemplate(), { parameters: params({ label: 'badkey' }) });
    expect((await heat.settle(ref)).stack_status).toBe('CREATE_COMPLETE');
    await heat.update(ref, recordTemplate(), { parameters: params({ label: 'badkey', ttl: 600, pdns_api_key: 'wrong' }) });
    const failed = await heat.settle(ref, 120_000, 'UPDATE');
    expect(failed.stack_status).toBe('UPDATE_FAILED');
    expect(failed.stack_status_reason).toMatch(/PowerDNS answered 401 for zone example\.org\..*Unauthorized/);
    expect((await aRecord('example.org.', 'badkey.example.org.'))!.ttl).toBe(300);

    await heat.update(ref, recordTemplate(), { parameters: params({ label: 'badkey', ttl: 700 }) });
    expect((await heat.settle(ref, 120_000, 'UPDATE')).stack_status).toBe('UPDATE_COMPLETE');
    expect(await heat.outputs(ref)).toMatchObject({ id: 'badkey.example.org.', ttl: 700 });
    expect((await aRecord('example.org.', 'badkey.example.org.'))?.ttl).toBe(700);
    await heat.cleanUp(ref);
    expect(await aRecord('example.org.', 'badkey.example.org.')).toBeUndefined();
  });

  it('a delete that fails while PowerDNS is down succeeds once it is back', async () => {
    const ref = await heat.create(stackName('pdnsdown'), recordTemplate(), { parameters: params({ label: 'down' }) });
    expect((await heat.settle(ref)).stack_status).toBe('CREATE_COMPLETE');
    const { pdns } = world();
    const pdnsEnv = { ...process.env, PDNS_STATE_DIR: pdns.stateDir };
    await run('bash', [path.join(ROOT, 'scripts/pdns/stop.sh')], { env: pdnsEnv });
    try {
      await heat.delete(ref);
      const failed = await heat.settle(ref, 120_000, 'DELETE');
      expect(failed.stack_status).toBe('DELETE_FAILED');
      // Heat splits a nested stack's reason at every ':' and joins the parts with ': '.
      expect(failed.stack_status_reason).toMatch(/DNSRecord delete failed .*PowerDNS at http.*could not be reached.*ECONNREFUSED/);
    } finally {
      const port = new URL(pdns.apiUrl).port;
      await run('bash', [path.join(ROOT, 'scripts/pdns/start.sh')], { env: { ...pdnsEnv, PDNS_API_PORT: port, PDNS_DNS_PORT: String(pdns.dnsPort), PDNS_API_KEY: pdns.apiKey } });
    }
    expect(await aRecord('example.org.', 'down.example.org.')).toBeDefined();
    await heat.delete(ref);
    expect((await heat.settle(ref, 120_000, 'DELETE')).stack_status).toBe('DELETE_COMPLETE');
    expect(await aRecord('example.org.', 'down.example.org.')).toBeUndefined();
  });
});

