/**
 * The generated provider templates, as the real Heat API sees them: accepted by template
 * validation, and a property the schema refuses is a 400 naming it before anything runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getJson, getText, Heat, heatFor, openstack, stackName, world } from './support/world.js';

const TYPES = ['Custom::DNSRecord', 'Custom::ConfigFile', 'Custom::E2E::Probe', 'Custom::E2E::Decided', 'Custom::E2E::Singleton'];

let heat: Heat;
beforeAll(async () => {
  heat = await heatFor();
});

describe('generated provider templates', () => {
  it.each(TYPES)('openstack orchestration template validate accepts the template of %s', async (type) => {
    const file = path.join(world().stateDir, `${type.replaceAll('::', '.')}.yaml`);
    fs.writeFileSync(file, await getText(`${world().stackhookUrl}/v1/resource-types/${type}/template`));
    const validated = JSON.parse(await openstack(['orchestration', 'template', 'validate', '-t', file, '-f', 'json']));
    expect(Object.keys(validated.Parameters)).toContain('replace_on_change');
    if (type === 'Custom::DNSRecord') {
      expect(validated.Parameters.api_key).toMatchObject({ NoEcho: 'true' });
      expect(validated.Parameters.ttl).toMatchObject({ Type: 'Number', Default: 300 });
    }
  });

  it('lists every type in the environment, as templates Heat can fetch', async () => {
    const environment = await getText(`${world().stackhookUrl}/v1/heat/environment`);
    for (const type of TYPES) expect(environment).toContain(`${type}: ${world().stackhookUrl}/v1/heat/templates/${type.replaceAll('::', '.')}.yaml`);
  });
});

describe('the Heat API refuses a property the schema refuses, naming it', () => {
  let executionsBefore = 0;
  beforeAll(async () => {
    executionsBefore = (await dnsExecutions()).length;
  });
  const record = (properties: string) => `
heat_template_version: 2021-04-16
resources:
  www:
    type: Custom::DNSRecord
    properties: {zone: example.org., name: www, address: 192.0.2.1, api_key: k, ${properties}}
`;
  it.each([
    ['ttl: 5', /Property error: resources\.www\.properties\.ttl: 5 is out of range \(min: 60, max: 86400\)/],
    ['ttl: 300.5', /resources\.www\.properties\.ttl: 300\.5 is not a multiple of 1/],
    ['address: "192.0.2.300"', /resources\.www\.properties\.address: must be an IPv4 address/],
    ['name: "Not A Label"', /resources\.www\.properties\.name: "Not A Label" does not match pattern/],
    ['colour: blue', /Unknown Property colour/],
    ['replace_on_change: [zone, colour]', /resources\.www\.properties\.replace_on_change: \["zone", "colour"\] is not an allowed value/],
  ])('%s', async (properties, message) => {
    const answer = await heat.tryCreate(stackName('refused'), record(properties));
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(message);
  });

  it('a missing required property', async () => {
    const answer = await heat.tryCreate(stackName('refused'), `
heat_template_version: 2021-04-16
resources:
  www:
    type: Custom::DNSRecord
    properties: {zone: example.org., name: www, api_key: k}
`);
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/Property address not assigned/);
  });

  it('nothing ran for any of them', async () => {
    expect((await dnsExecutions()).length).toBe(executionsBefore);
  });
});

async function dnsExecutions(): Promise<unknown[]> {
  const answer = await getJson(`${world().stackhookUrl}/v1/executions?type=Custom::DNSRecord&limit=1000`);
  return answer.body.executions;
}
