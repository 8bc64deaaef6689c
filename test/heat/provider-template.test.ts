import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import yaml from 'js-yaml';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { planParameter, wholeMatch } from '../../src/heat/hot-parameters.js';
import { decoderTemplate, heatReplacePolicy, providerTemplate, templateFileOf, typeNameOfFile } from '../../src/heat/provider-template.js';
import { heatEnvironment, heatRoutes } from '../../src/heat/routes.js';
import { loadResourceTypes } from '../../src/resource-types/load-types.js';
import { ResourceTypeRegistry } from '../../src/resource-types/registry.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BASE = 'http://127.0.0.1:8989';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'heat-templates-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function loadTypes(dir: string) {
  const { types, issues } = loadResourceTypes(dir, { actionExists: () => true });
  expect(issues).toEqual([]);
  return new ResourceTypeRegistry(types);
}

const shipped = loadTypes(path.join(ROOT, 'resource-types'));
const dns = shipped.get('Custom::DNSRecord');

function typeFile(name: string, update: Record<string, unknown>, workflows: string[] = ['create', 'update', 'delete']) {
  const dir = fs.mkdtempSync(path.join(tmp, 'types-'));
  const body = {
    type: name,
    properties: { type: 'object', additionalProperties: false, required: ['a'], properties: { a: { type: 'string' }, b: { type: 'integer' } } },
    update,
    workflows: Object.fromEntries(workflows.map((w) => [w, { tasks: { t: { action: 'std.noop' } } }])),
  };
  fs.writeFileSync(path.join(dir, 'type.yaml'), yaml.dump(body));
  return loadTypes(dir).get(name);
}

describe('HOT parameters from the JSON Schema', () => {
  it('maps types, constraints, defaults, descriptions and secrets', () => {
    const t = providerTemplate(dns, BASE) as any;
    expect(t.heat_template_version).toBe('2021-04-16');
    expect(t.parameters.zone).toEqual({
      type: 'string', description: 'The zone, fully qualified with the trailing dot (example.org.)',
      constraints: [{ length: { max: 253 } }, { allowed_pattern: '^([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+$' }],
    });
    expect(t.parameters.ttl).toMatchObject({
      type: 'number', default: 300, constraints: [{ range: { min: 60, max: 86400 } }, { modulo: { step: 1, offset: 0 } }],
    });
    expect(t.parameters.address.constraints).toEqual([expect.objectContaining({ description: 'must be an IPv4 address' })]);
    expect(t.parameters.api_key).toMatchObject({ type: 'string', hidden: true });
    expect(t.parameters.name.hidden).toBeUndefined();
    expect(t.parameters.api_url).toMatchObject({ default: 'http://127.0.0.1:8081' });
  });

  it.each([
    [{ type: 'boolean', default: true }, { type: 'boolean', default: true }],
    [{ type: 'array', items: { type: 'string', enum: ['a', 'b'] }, minItems: 1, maxItems: 2 }, { type: 'comma_delimited_list', constraints: [{ length: { min: 1, max: 2 } }, { allowed_values: ['a', 'b'] }] }],
    [{ type: 'array', items: { type: 'object' } }, { type: 'json' }],
    [{ type: 'object', maxProperties: 3 }, { type: 'json', constraints: [{ length: { max: 3 } }] }],
    [{ enum: ['x', 'y'] }, { type: 'string', constraints: [{ allowed_values: ['x', 'y'] }] }],
    [{ type: 'integer', exclusiveMinimum: 0, multipleOf: 5 }, { type: 'number', constraints: [{ range: { min: 1 } }, { modulo: { step: 5, offset: 0 } }] }],
    [{ type: 'number', maximum: 1.5 }, { type: 'number', constraints: [{ range: { max: 1.5 } }] }],
    [{ type: ['string', 'null'], title: 'T' }, { type: 'string', label: 'T' }],
  ])('required %j → %j', (schema, parameter) => {
    expect(planParameter('p', schema, { required: true, secret: false })).toEqual({ name: 'p', parameter });
  });

  it('gives optional properties without a default an "absent" default that the template leaves out', () => {
    expect(planParameter('s', { type: 'string', minLength: 2, maxLength: 5, enum: ['ab'] }, { required: false, secret: false })).toEqual({
      name: 's', absentValue: '',
      parameter: { type: 'string', default: '', constraints: [{ length: { max: 5 } }, { allowed_values: ['ab', ''] }] },
    });
    expect(planParameter('n', { type: 'integer', minimum: 1 }, { required: false, secret: false })).toMatchObject({
      absentValue: '', parameter: { type: 'string', default: '', constraints: [{ allowed_pattern: expect.stringMatching(/^\(\?:.*\)\?$/) }] },
    });
    expect(planParameter('l', { type: 'array', items: { type: 'string' } }, { required: false, secret: false })).toMatchObject({ absentValue: [], parameter: { default: [] } });
    expect(planParameter('o', { type: 'object' }, { required: false, secret: false })).toMatchObject({ absentValue: {}, parameter: { default: {} } });
    const probe = providerTemplate(typeFile('Custom::Opt', {}), BASE) as any;
    expect(probe.resources.external.properties.input.map_merge).toEqual([
      { a: { get_param: 'a' } },
      { if: ['given_b', { b: { get_param: 'b' } }, {}] },
      { if: ['given_replace_on_change', { replace_on_change: { get_param: 'replace_on_change' } }, {}] },
    ]);
    expect(probe.conditions.given_b).toEqual({ not: { equals: [{ get_param: 'b' }, ''] } });
  });

  it('anchors patterns the way Heat matches them', () => {
    expect(wholeMatch('^a+$')).toBe('^a+$');
    expect(wholeMatch('a+')).toBe('(?s).*(?:a+).*');
    expect(wholeMatch('^a\\$')).toBe('(?s).*(?:^a\\$).*');
  });
});

describe('the wrapped OS::Mistral::ExternalResource', () => {
  it('runs the type\'s workflows for every action, with the resource\'s identity', () => {
    const external = (providerTemplate(dns, BASE) as any).resources.external;
    expect(external.type).toBe('OS::Mistral::ExternalResource');
    expect(Object.keys(external.properties.actions)).toEqual(['CREATE', 'UPDATE', 'DELETE', 'SUSPEND', 'RESUME']);
    expect(external.properties.actions.CREATE.workflow).toBe('stackhook.DNSRecord.create');
    expect(external.properties.actions.RESUME.workflow).toBe('stackhook.DNSRecord.resume');
    expect(external.properties.actions.UPDATE.params.env.stackhook).toMatchObject({ stack_id: { get_param: 'OS::stack_id' } });
    expect(external.properties.always_update).toBe(false);
    expect(external.properties.replace_on_change_inputs).toEqual({ list_concat_unique: [['zone', 'name'], { get_param: 'replace_on_change' }] });
  });

  it('leaves replacement to stackhook for delete_before_create and decide types', () => {
    expect(heatReplacePolicy(typeFile('Custom::Dbc', { replace_on_change: ['a'], replacement: 'delete_before_create' }))).toEqual({ properties: [], withAuthorList: false });
    const decided = typeFile('Custom::Dec', { replace_on_change: ['a'], decide: { tasks: { t: { action: 'std.noop' } } } });
    expect(heatReplacePolicy(decided)).toEqual({ properties: ['a'], withAuthorList: true });
    expect(heatReplacePolicy(typeFile('Custom::NoUpdate', {}, ['create', 'delete']))).toEqual({ properties: ['a', 'b'], withAuthorList: false });
    const dbc = providerTemplate(typeFile('Custom::Dbc2', { replace_on_change: ['a'], replacement: 'delete_before_create' }), BASE) as any;
    expect(dbc.resources.external.properties.replace_on_change_inputs).toEqual([]);
  });

  it('outputs the physical id and every attribute, parsed from the output JSON by a nested stack', () => {
    const t = providerTemplate(dns, BASE) as any;
    expect(t.outputs['OS::stack_id'].value).toEqual({ get_resource: 'external' });
    expect(t.outputs.fqdn.value).toEqual({ get_attr: ['decoded', 'value', 'fqdn'] });
    expect(t.outputs.ttl.value).toEqual({ get_attr: ['decoded', 'value', 'ttl'] });
    expect(t.resources.decoded).toEqual({ type: `${BASE}/v1/heat/templates/json-decoder.yaml`, properties: { json: { get_attr: ['external', 'output'] } } });
    expect(decoderTemplate()).toMatchObject({ parameters: { json: { type: 'json' } }, outputs: { value: { value: { get_param: 'json' } } } });
    const plain = providerTemplate(typeFile('Custom::NoAttributes', {}), BASE) as any;
    expect(plain.resources.decoded).toBeUndefined();
  });
});

describe('the routes', () => {
  const app = express().use(heatRoutes({ types: shipped }));

  it('serves the environment with a template URL per type', async () => {
    const answer = await request(app).get('/v1/heat/environment').set('Host', '127.0.0.1:8989');
    expect(answer.status).toBe(200);
    expect(yaml.load(answer.text)).toEqual(heatEnvironment(shipped, BASE));
    expect(yaml.load(answer.text)).toEqual({ resource_registry: {
      'Custom::ConfigFile': `${BASE}/v1/heat/templates/Custom.ConfigFile.yaml`,
      'Custom::DNSRecord': `${BASE}/v1/heat/templates/Custom.DNSRecord.yaml`,
    } });
  });

  it('serves the same template under the type and the registry file name', async () => {
    const byType = await request(app).get('/v1/resource-types/Custom::DNSRecord/template').set('Host', '127.0.0.1:8989');
    const byFile = await request(app).get('/v1/heat/templates/Custom.DNSRecord.yaml').set('Host', '127.0.0.1:8989');
    expect(byType.status).toBe(200);
    expect(byType.headers['content-type']).toMatch(/yaml/);
    expect(byFile.text).toBe(byType.text);
    expect(yaml.load(byType.text)).toEqual(providerTemplate(dns, BASE));
    expect((await request(app).get('/v1/heat/templates/json-decoder.yaml')).status).toBe(200);
  });

  it('maps type names to file names and back', () => {
    expect(templateFileOf('Custom::A::B')).toBe('Custom.A.B.yaml');
    expect(typeNameOfFile('Custom.A.B.yaml')).toBe('Custom::A::B');
    expect(typeNameOfFile('../etc/passwd')).toBeUndefined();
  });
});
