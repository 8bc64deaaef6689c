/**
 * Attribute values, replacement policies and timeouts with the suite's own types
 * (test/e2e/types): Heat's view of the stack, and stackhook's inventory and executions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getJson, Heat, heatFor, stackhook, stackName, until, world, type StackRef } from './support/world.js';

let heat: Heat;
beforeAll(async () => {
  heat = await heatFor();
});

const probeTemplate = `
heat_template_version: 2021-04-16
parameters:
  size: {type: number, default: 2}
  author_list: {type: comma_delimited_list, default: []}
  delay: {type: number, default: 0}
resources:
  probe:
    type: Custom::E2E::Probe
    properties:
      label: first
      size: {get_param: size}
      tags: [a, b]
      meta: {nested: {n: 1, ok: true}}
      token: s3cret-token
      delay: {get_param: delay}
      replace_on_change: {get_param: author_list}
  reader:
    type: Custom::E2E::Probe
    properties:
      label: reader
      size: {get_attr: [probe, doubled]}
      tags: {get_attr: [probe, tags]}
      meta: {get_attr: [probe, meta]}
      note: {get_resource: probe}
outputs:
  id: {value: {get_resource: probe}}
  size: {value: {get_attr: [probe, size]}}
  doubled: {value: {get_attr: [probe, doubled]}}
  tags: {value: {get_attr: [probe, tags]}}
  meta: {value: {get_attr: [probe, meta]}}
  note: {value: {get_attr: [probe, note]}}
  reader_size: {value: {get_attr: [reader, size]}}
  reader_meta: {value: {get_attr: [reader, meta]}}
  reader_note: {value: {get_attr: [reader, note]}}
`;

async function nested(ref: StackRef, name: string): Promise<string> {
  return (await heat.resource(ref, name)).physical_resource_id;
}

describe('attributes and replacement', () => {
  it('get_attr gives native values to outputs and other resources; the author\'s replace_on_change replaces', async () => {
    const ref = await heat.create(stackName('probe'), probeTemplate);
    expect((await heat.settle(ref)).stack_status).toBe('CREATE_COMPLETE');
    const outputs = await heat.outputs(ref);
    expect(outputs).toMatchObject({
      size: 2, doubled: 4, tags: ['a', 'b'], meta: { nested: { n: 1, ok: true } }, note: null,
      reader_size: 4, reader_meta: { nested: { n: 1, ok: true } }, reader_note: outputs.id,
    });
    const probeStack = await nested(ref, 'probe');
    const [resource] = await stackhook.resources(probeStack);
    expect(resource).toMatchObject({ type: 'Custom::E2E::Probe', status: 'CREATE_COMPLETE', physical_id: outputs.id });
    expect(JSON.stringify(await stackhook.executions(probeStack))).not.toContain('s3cret-token');

    // size is not in the type's list: in place.
    await heat.update(ref, probeTemplate, { parameters: { size: 3 } });
    expect((await heat.settle(ref, 120_000, 'UPDATE')).stack_status).toBe('UPDATE_COMPLETE');
    expect(await heat.outputs(ref)).toMatchObject({ id: outputs.id, size: 3, doubled: 6, reader_size: 6 });

    // The template author names size: replaced, with a new physical id; the old one is deleted.
    await heat.update(ref, probeTemplate, { parameters: { size: 4, author_list: 'size' } });
    expect((await heat.settle(ref, 120_000, 'UPDATE')).stack_status).toBe('UPDATE_COMPLETE');
    const replaced = await heat.outputs(ref);
    expect(replaced).toMatchObject({ size: 4, doubled: 8, reader_note: replaced.id });
    expect(replaced.id).not.toBe(outputs.id);
    const inventory = await stackhook.resources(probeStack);
    expect(inventory.map((r) => [r.physical_id, r.status]).sort()).toEqual(
      [[outputs.id, 'DELETE_COMPLETE'], [replaced.id, 'CREATE_COMPLETE']].sort(),
    );

    await heat.update(ref, probeTemplate, { parameters: { size: 4, author_list: 'size' } });
    expect((await heat.settle(ref, 120_000, 'UPDATE')).stack_status).toBe('UPDATE_COMPLETE');
    expect((await heat.outputs(ref)).id).toBe(replaced.id);

    await heat.action(ref, 'suspend');
    expect((await heat.settle(ref, 120_000, 'SUSPEND')).stack_status).toBe('SUSPEND_COMPLETE');
    await heat.action(ref, 'resume');
    expect((await heat.settle(ref, 120_000, 'RESUME')).stack_status).toBe('RESUME_COMPLETE');
    const phases = (await stackhook.executions(probeStack)).map((e) => e.workflow_name);
    expect(phases).toEqual(expect.arrayContaining(['stackhook.E2E.Probe.suspend', 'stackhook.E2E.Probe.resume']));

    await heat.cleanUp(ref);
    expect((await stackhook.resources(probeStack)).every((r) => r.status === 'DELETE_COMPLETE')).toBe(true);
  });

  it('a decide workflow replaces inside the update; Heat does not replace on its own', async () => {
    const template = `
heat_template_version: 2021-04-16
parameters:
  size: {type: number}
resources:
  thing:
    type: Custom::E2E::Decided
    properties: {size: {get_param: size}}
outputs:
  id: {value: {get_resource: thing}}
  size: {value: {get_attr: [thing, size]}}
`;
    const ref = await heat.create(stackName('decided'), template, { parameters: { size: 5 } });
    expect((await heat.settle(ref)).stack_status).toBe('CREATE_COMPLETE');
    const first = await heat.outputs(ref);
    const stackId = await nested(ref, 'thing');

    await heat.update(ref, template, { parameters: { size: 7 } });
    expect((await heat.settle(ref, 120_000, 'UPDATE')).stack_status).toBe('UPDATE_COMPLETE');
    expect(await heat.outputs(ref)).toEqual({ id: first.id, size: 7 });

    await heat.update(ref, template, { parameters: { size: 3 } });
    expect((await heat.settle(ref, 120_000, 'UPDATE')).stack_status).toBe('UPDATE_COMPLETE');
    const shrunk = await heat.outputs(ref);
    expect(shrunk.size).toBe(3);
    expect(shrunk.id).not.toBe(first.id);
    const executions = await stackhook.executions(stackId);
    expect(executions.filter((e) => e.workflow_name === 'stackhook.E2E.Decided.decide').map((e) => e.state)).toEqual(['SUCCESS', 'SUCCESS']);
    const decisions = await Promise.all(executions.map(async (e) => (await getJson(`${world().stackhookUrl}/v1/executions/${e.id}`)).body.decision));
    expect(decisions.filter(Boolean).map((d) => [d.kind, d.reason])).toEqual(expect.arrayContaining([['in-place', 'size grew'], ['replace', 'size shrank']]));
    const inventory = await stackhook.resources(stackId);
    expect(inventory.find((r) => r.physical_id === shrunk.id)).toMatchObject({ status: 'CREATE_COMPLETE' });
    expect(['REPLACED', 'DELETE_COMPLETE']).toContain(inventory.find((r) => r.physical_id === first.id)?.status);
    await heat.cleanUp(ref);
  });

  it('a delete_before_create type is replaced by stackhook, old one first', async () => {
    const template = `
heat_template_version: 2021-04-16
parameters:
  label: {type: string}
resources:
  one:
    type: Custom::E2E::Singleton
    properties: {label: {get_param: label}}
outputs:
  id: {value: {get_resource: one}}
  label: {value: {get_attr: [one, label]}}
`;
    const ref = await heat.create(stackName('singleton'), template, { parameters: { label: 'a' } });
    expect((await heat.settle(ref)).stack_status).toBe('CREATE_COMPLETE');
    const first = await heat.outputs(ref);
    const stackId = await nested(ref, 'one');
    await heat.update(ref, template, { parameters: { label: 'b' } });
    expect((await heat.settle(ref, 120_000, 'UPDATE')).stack_status).toBe('UPDATE_COMPLETE');
    const second = await heat.outputs(ref);
    expect(second.label).toBe('b');
    expect(second.id).not.toBe(first.id);
    const executions = await stackhook.executions(stackId);
    const deleteOld = executions.find((e) => e.step === 'delete_old' || (e.workflow_name.endsWith('.delete') && e.state === 'SUCCESS'));
    const createNew = executions.find((e) => e.workflow_name.endsWith('.create') && e.input?.label === 'b');
    expect(deleteOld).toBeDefined();
    expect(createNew).toBeDefined();
    expect(Date.parse(deleteOld.created_at)).toBeLessThanOrEqual(Date.parse(createNew.created_at));
    await heat.cleanUp(ref);
    expect((await stackhook.resources(stackId)).every((r) => r.status === 'DELETE_COMPLETE')).toBe(true);
  });
});

describe('a stack timeout while a workflow runs', () => {
  it('fails the stack; the workflow is stopped by the type\'s timeout; the stack delete works', async () => {
    const template = `
heat_template_version: 2021-04-16
resources:
  slow:
    type: Custom::E2E::Probe
    properties: {label: slow, delay: 600}
`;
    const ref = await heat.create(stackName('timeout'), template, { timeoutMins: 1 });
    const failed = await heat.settle(ref, 150_000);
    expect(failed.stack_status).toBe('CREATE_FAILED');
    expect(failed.stack_status_reason).toMatch(/Timed out/);
    const stackId = await nested(ref, 'slow');
    await heat.delete(ref);
    expect((await heat.settle(ref, 120_000, 'DELETE')).stack_status).toBe('DELETE_COMPLETE');
    const create = await until('the create execution to stop', async () => {
      const found = (await stackhook.executions(stackId)).find((e) => e.workflow_name === 'stackhook.E2E.Probe.create');
      return found && found.state !== 'RUNNING' ? found : undefined;
    }, 60_000);
    expect(['ERROR', 'CANCELLED']).toContain(create.state);
  });
});

