import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Receiver } from '../support/receiver.js';
import { runsOf } from '../support/runs.js';
import { serviceWithReceiver } from '../support/fixture.js';
import type { TestService } from '../support/service.js';
import { signal } from '../support/signals.js';

let sh: TestService;
let receiver: Receiver;
serviceWithReceiver((service, r) => ((sh = service), (receiver = r)));

/** Sends a signal and waits for its report; returns the report body and the signal's view. */
async function lifecycle(fields: Parameters<typeof signal>[0]) {
  const before = receiver.reports.length;
  const accepted = await sh.http.post('/v1/signals').send(signal(fields));
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
  const reports = await receiver.waitFor(before + 1);
  const view = await sh.http.get(`/v1/signals/${accepted.body.signal_id}`);
  return { report: reports[before]!.body, view: view.body, accepted: accepted.body };
}

const create = (type: string, properties: Record<string, unknown>) =>
  lifecycle({ ResourceType: type, ResponseURL: receiver.url(), ResourceProperties: properties });

const update = (type: string, physicalId: unknown, properties: Record<string, unknown>, old: Record<string, unknown>) =>
  lifecycle({ RequestType: 'Update', ResourceType: type, ResponseURL: receiver.url(), PhysicalResourceId: String(physicalId), ResourceProperties: properties, OldResourceProperties: old });

const remove = (type: string, physicalId: unknown, properties: Record<string, unknown>) =>
  lifecycle({ RequestType: 'Delete', ResourceType: type, ResponseURL: receiver.url(), PhysicalResourceId: String(physicalId), ResourceProperties: properties });

describe('update decisions', () => {
  it('given unchanged properties, when updated, then the decision is none and no workflow runs', async () => {
    const created = await create('Custom::Test::Echo', { message: 'same' });
    const { report, view } = await update('Custom::Test::Echo', created.report.PhysicalResourceId, { message: 'same' }, { message: 'same' });
    expect(report).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: created.report.PhysicalResourceId, Data: { message: 'same' } });
    expect(view.decision).toEqual({ kind: 'none', source: 'no-change', reason: 'no property changed' });
    expect(view.executions).toEqual([]);
  });

  it('given a property the type updates in place, when it changes, then the update workflow runs and the physical id stays', async () => {
    const created = await create('Custom::Test::Echo', { message: 'one' });
    const { report, view } = await update('Custom::Test::Echo', created.report.PhysicalResourceId, { message: 'two' }, { message: 'one' });
    expect(report).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: created.report.PhysicalResourceId, Data: { message: 'two' } });
    expect(view.decision).toMatchObject({ kind: 'in-place', source: 'type' });
    const execution = await sh.http.get(`/v1/executions/${view.executions[0]}`);
    expect(execution.body).toMatchObject({ step: 'update', state: 'SUCCESS', decision: { kind: 'in-place' } });
  });

  it('given a property in the type\'s replace_on_change, when it changes, then a new resource is created and the old one waits for the stack\'s Delete', async () => {
    const created = await create('Custom::Test::Echo', { zone: 'a' });
    const oldId = created.report.PhysicalResourceId;
    const { report, view } = await update('Custom::Test::Echo', oldId, { zone: 'b' }, { zone: 'a' });
    expect(report.Status).toBe('SUCCESS');
    expect(report.PhysicalResourceId).not.toBe(oldId);
    expect(view.decision).toEqual({ kind: 'replace', order: 'create_before_delete', source: 'type', reason: 'property zone changed, and Custom::Test::Echo replaces on it' });
    const old = await sh.http.get(`/v1/resources/${view.resource_id}`);
    expect(old.body).toMatchObject({ status: 'REPLACED', replaced_by: view.new_resource_id });
    const deleted = await remove('Custom::Test::Echo', oldId, { zone: 'a' });
    expect(deleted.report).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: oldId });
    expect(deleted.view.executions).toHaveLength(1);
    const after = await sh.http.get(`/v1/resources/${view.resource_id}`);
    expect(after.body.status).toBe('DELETE_COMPLETE');
  });

  it('given the template author\'s replace_on_change, when a property it names changes, then the resource is replaced', async () => {
    const created = await create('Custom::Test::Echo', { message: 'x', replace_on_change: ['message'] });
    const { report, view } = await update('Custom::Test::Echo', created.report.PhysicalResourceId,
      { message: 'y', replace_on_change: ['message'] }, { message: 'x', replace_on_change: ['message'] });
    expect(report.PhysicalResourceId).not.toBe(created.report.PhysicalResourceId);
    expect(view.decision).toMatchObject({ kind: 'replace', source: 'author' });
    expect(view.decision.reason).toContain("the template's replace_on_change names it");
  });

  it('given an author replace_on_change naming an unknown property, when signalled, then FAILED names it', async () => {
    const { report } = await create('Custom::Test::Echo', { message: 'x', replace_on_change: ['colour'] });
    expect(report.Status).toBe('FAILED');
    expect(report.Reason).toContain('replace_on_change names colour, which is not a property of Custom::Test::Echo');
  });

  it('given a decide workflow, when a volume grows, then it decides in place, and when it shrinks, then it decides replace', async () => {
    const created = await create('Custom::Test::Volume', { size: 10 });
    const grown = await update('Custom::Test::Volume', created.report.PhysicalResourceId, { size: 20 }, { size: 10 });
    expect(grown.report).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: created.report.PhysicalResourceId, Data: { size: 20 } });
    expect(grown.view.decision).toEqual({ kind: 'in-place', source: 'workflow', reason: 'a volume can grow in place' });
    expect(grown.view.executions).toHaveLength(2);
    const shrunk = await update('Custom::Test::Volume', created.report.PhysicalResourceId, { size: 5 }, { size: 20 });
    expect(shrunk.report.PhysicalResourceId).not.toBe(created.report.PhysicalResourceId);
    expect(shrunk.view.decision).toEqual({ kind: 'replace', order: 'create_before_delete', source: 'workflow', reason: 'a volume cannot shrink' });
    const decideExecution = await sh.http.get(`/v1/executions/${shrunk.view.executions[0]}`);
    expect(decideExecution.body).toMatchObject({ step: 'decide', state: 'SUCCESS', output: { replace: true } });
  });

  it('given a delete_before_create type, when replaced, then the old one is deleted before the new one is created, and the stack\'s later Delete runs nothing', async () => {
    const created = await create('Custom::Test::Singleton', { name: 'first' });
    expect(created.report.PhysicalResourceId).toBe('singleton-first');
    const { report, view } = await update('Custom::Test::Singleton', 'singleton-first', { name: 'second' }, { name: 'first' });
    // The create would fail (create_only) had the old lock not been released first.
    expect(report).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'singleton-second' });
    expect(view.decision).toMatchObject({ kind: 'replace', order: 'delete_before_create' });
    expect(view.executions).toHaveLength(2);
    expect(fs.readFileSync(path.join(sh.config.filesRoot, 'singleton/lock'), 'utf8')).toBe('second');
    const deleted = await remove('Custom::Test::Singleton', 'singleton-first', { name: 'first' });
    expect(deleted.report.Status).toBe('SUCCESS');
    expect(deleted.view.executions).toEqual([]);
    expect(fs.existsSync(path.join(sh.config.filesRoot, 'singleton/lock'))).toBe(true);
  });

  it('given an update that fails, when the next update comes, then it is decided against the last applied properties and succeeds', async () => {
    const created = await create('Custom::Test::Counter', { name: 'flaky', value: 'a' });
    const failed = await update('Custom::Test::Counter', 'counter-flaky', { name: 'flaky', value: 'b', fail: 'update' }, { name: 'flaky', value: 'a' });
    expect(failed.report.Status).toBe('FAILED');
    expect(failed.report.Reason).toContain('update of flaky failed on purpose');
    expect(failed.report.PhysicalResourceId).toBe('counter-flaky');
    const resource = await sh.http.get(`/v1/resources/${failed.view.resource_id}`);
    expect(resource.body).toMatchObject({ status: 'UPDATE_FAILED', properties: { value: 'a' } });
    const fixed = await update('Custom::Test::Counter', 'counter-flaky', { name: 'flaky', value: 'b' }, { name: 'flaky', value: 'b', fail: 'update' });
    expect(fixed.report).toMatchObject({ Status: 'SUCCESS', Data: { value: 'b', token: 'token-of-flaky' } });
    expect(fixed.view.decision.reason).toBe('property value changed, updated in place');
    expect(created.report.Status).toBe('SUCCESS');
    expect(runsOf(sh.config.filesRoot, 'flaky', 'update')).toBe(2);
  });

  it('given a failing delete, when it is fixed and deleted again, then the second delete runs and succeeds', async () => {
    await create('Custom::Test::Counter', { name: 'sticky', fail: 'delete' });
    const failed = await remove('Custom::Test::Counter', 'counter-sticky', { name: 'sticky', fail: 'delete' });
    expect(failed.report.Status).toBe('FAILED');
    const resource = await sh.http.get(`/v1/resources/${failed.view.resource_id}`);
    expect(resource.body.status).toBe('DELETE_FAILED');
    // The delete workflow sees the last applied properties, so the fix is an update first.
    await update('Custom::Test::Counter', 'counter-sticky', { name: 'sticky' }, { name: 'sticky', fail: 'delete' });
    const fixed = await remove('Custom::Test::Counter', 'counter-sticky', { name: 'sticky' });
    expect(fixed.report.Status).toBe('SUCCESS');
    expect(runsOf(sh.config.filesRoot, 'sticky', 'delete')).toBe(2);
  });

  it('given workflows, when they run, then env().resource carries the lifecycle facts', async () => {
    const created = await create('Custom::Test::Echo', { message: 'env' });
    const updated = await update('Custom::Test::Echo', created.report.PhysicalResourceId, { message: 'env2' }, { message: 'env' });
    const execution = await sh.http.get(`/v1/executions/${updated.view.executions[0]}`);
    expect(execution.body.env.resource).toEqual({
      type: 'Custom::Test::Echo', phase: 'update', step: 'update',
      stack_id: 'arn:aws:cloudformation:region:123:stack/test/1', logical_id: 'Thing',
      physical_id: created.report.PhysicalResourceId, request_id: updated.view.request_id,
      old_properties: { message: 'env', size: 1 }, attributes: { message: 'env', payload: null },
    });
  });
});
