import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConcurrencyConflict, UniqueViolation } from '../../src/store/commands.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import {
  actionRecord, BASE_TIME, executionRecord, jobRecord, reportRecord, resourceRecord, signalRecord, taskRecord,
} from '../support/records.js';

let dir: string;
let file: string;
let store: SqliteStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackhook-store-'));
  file = path.join(dir, 'stackhook.db');
  store = new SqliteStore(file);
});

afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('apply', () => {
  it('given a batch of inserts, when applied, then every record reads back as written, JSON and booleans included', async () => {
    await store.apply([
      { kind: 'insert_execution', execution: executionRecord({ id: 'e1', input: { n: 1, list: [1, 'two'] }, env: { k: { v: true } } }) },
      { kind: 'insert_task', task: taskRecord({ id: 't1', executionId: 'e1', errorHandled: true, nextTasks: ['b', 'c'], result: { x: null } }) },
      { kind: 'insert_action', action: actionRecord({ id: 'a1', taskId: 't1', executionId: 'e1', input: { output: 'hi' } }) },
    ]);

    const snapshot = await store.getExecutionSnapshot('e1');

    expect(snapshot?.execution).toEqual(executionRecord({ id: 'e1', input: { n: 1, list: [1, 'two'] }, env: { k: { v: true } } }));
    expect(snapshot?.tasks).toEqual([taskRecord({ id: 't1', executionId: 'e1', errorHandled: true, nextTasks: ['b', 'c'], result: { x: null } })]);
    expect(snapshot?.actions).toEqual([actionRecord({ id: 'a1', taskId: 't1', executionId: 'e1', input: { output: 'hi' } })]);
    expect(await store.getExecutionSnapshot('nope')).toBeUndefined();
  });

  it('given a batch whose last command fails, when applied, then nothing of the batch is written', async () => {
    await store.apply([{ kind: 'insert_signal', signal: signalRecord({ id: 's1', stackId: 'st', requestId: 'r1' }) }]);

    const batch = store.apply([
      { kind: 'insert_execution', execution: executionRecord({ id: 'e1' }) },
      { kind: 'insert_task', task: taskRecord({ id: 't1', executionId: 'e1' }) },
      { kind: 'update_signal', id: 's1', patch: { state: 'SUCCEEDED' } },
      { kind: 'insert_signal', signal: signalRecord({ id: 's2', stackId: 'st', requestId: 'r1' }) },
    ]);

    await expect(batch).rejects.toBeInstanceOf(UniqueViolation);
    expect(await store.getExecution('e1')).toBeUndefined();
    expect(await store.getSignal('s2')).toBeUndefined();
    expect((await store.getSignal('s1'))?.state).toBe('RUNNING');
  });

  it('given a signal with the same StackId and RequestId as another, when inserted, then UniqueViolation is raised', async () => {
    await store.apply([{ kind: 'insert_signal', signal: signalRecord({ id: 's1', stackId: 'st', requestId: 'r1' }) }]);

    await expect(store.apply([{ kind: 'insert_signal', signal: signalRecord({ id: 's2', stackId: 'st', requestId: 'r1' }) }]))
      .rejects.toBeInstanceOf(UniqueViolation);
    await store.apply([{ kind: 'insert_signal', signal: signalRecord({ id: 's3', stackId: 'st', requestId: 'r2' }) }]);

    expect((await store.findSignal('st', 'r1'))?.id).toBe('s1');
    expect((await store.findSignal('st', 'r2'))?.id).toBe('s3');
  });

  it('given an execution at version 1, when a batch expects version 0, then ConcurrencyConflict is raised and nothing is written', async () => {
    await store.apply([{ kind: 'insert_execution', execution: executionRecord({ id: 'e1' }) }]);
    await store.apply([{ kind: 'update_execution', id: 'e1', expectVersion: 0, patch: { stateInfo: 'first' } }]);

    const stale = store.apply([
      { kind: 'insert_task', task: taskRecord({ id: 't1', executionId: 'e1' }) },
      { kind: 'update_execution', id: 'e1', expectVersion: 0, patch: { stateInfo: 'second' } },
    ]);

    await expect(stale).rejects.toBeInstanceOf(ConcurrencyConflict);
    const snapshot = await store.getExecutionSnapshot('e1');
    expect(snapshot?.execution.stateInfo).toBe('first');
    expect(snapshot?.execution.version).toBe(1);
    expect(snapshot?.tasks).toEqual([]);
  });

  it('given the current version, when an execution is updated, then the patch is written and the version goes up by one', async () => {
    await store.apply([{ kind: 'insert_execution', execution: executionRecord({ id: 'e1' }) }]);

    await store.apply([{ kind: 'update_execution', id: 'e1', expectVersion: 0, patch: { state: 'SUCCESS', output: { a: [1] } } }]);
    await store.apply([{ kind: 'update_execution', id: 'e1', expectVersion: 1, patch: { stateInfo: 'done' } }]);

    const execution = await store.getExecution('e1');
    expect(execution).toMatchObject({ state: 'SUCCESS', output: { a: [1] }, stateInfo: 'done', version: 2 });
  });

  it('given an action that moved on, when an update expects its old state, then ConcurrencyConflict is raised and the action is unchanged', async () => {
    await store.apply([{ kind: 'insert_action', action: actionRecord({ id: 'a1', taskId: 't1', executionId: 'e1' }) }]);
    await store.apply([{ kind: 'update_action', id: 'a1', expectState: 'SCHEDULED', patch: { state: 'CANCELLED' } }]);

    await expect(store.apply([{ kind: 'update_action', id: 'a1', expectState: 'SCHEDULED', patch: { state: 'RUNNING', attempt: 2 } }]))
      .rejects.toBeInstanceOf(ConcurrencyConflict);

    expect(await store.getAction('a1')).toMatchObject({ state: 'CANCELLED', attempt: 1 });
  });

  it('given delete_jobs with a job kind, when applied, then only jobs of that kind for that ref go', async () => {
    await store.apply([
      { kind: 'schedule_job', job: jobRecord({ id: 'j1', ref: 'x', kind: 'run_action', runAt: 10 }) },
      { kind: 'schedule_job', job: jobRecord({ id: 'j2', ref: 'x', kind: 'execution_deadline', runAt: 20 }) },
      { kind: 'schedule_job', job: jobRecord({ id: 'j3', ref: 'y', kind: 'run_action', runAt: 30 }) },
    ]);

    await store.apply([{ kind: 'delete_jobs', ref: 'x', jobKind: 'run_action' }]);
    expect((await store.claimDueJobs(100, 10, 1000)).map((j) => j.id)).toEqual(['j2', 'j3']);

    await store.apply([{ kind: 'delete_jobs', ref: 'y' }]);
    await store.releaseLeases(100);
    expect((await store.claimDueJobs(100, 10, 1000)).map((j) => j.id)).toEqual(['j2']);
  });
});

describe('jobs', () => {
  beforeEach(async () => {
    await store.apply([
      { kind: 'schedule_job', job: jobRecord({ id: 'late', runAt: 5000 }) },
      { kind: 'schedule_job', job: jobRecord({ id: 'second', runAt: 2000 }) },
      { kind: 'schedule_job', job: jobRecord({ id: 'first', runAt: 1000 }) },
    ]);
  });

  it('given jobs due and not yet due, when claimed, then only due ones come back, earliest first, up to the limit', async () => {
    expect((await store.claimDueJobs(999, 10, 500)).map((j) => j.id)).toEqual([]);
    expect(await store.claimDueJobs(2000, 1, 500)).toEqual([{ id: 'first', kind: 'run_action', ref: 'ref-first', runAt: 1000, lockedUntil: 2500 }]);
    expect((await store.claimDueJobs(2000, 10, 500)).map((j) => j.id)).toEqual(['second']);
  });

  it('given claimed jobs, when claimed again before the lease ends, then none come back; after it ends they do', async () => {
    expect((await store.claimDueJobs(2000, 10, 500)).map((j) => j.id)).toEqual(['first', 'second']);

    expect(await store.claimDueJobs(2499, 10, 500)).toEqual([]);
    expect((await store.claimDueJobs(2500, 10, 500)).map((j) => j.id)).toEqual(['first', 'second']);
  });

  it('given claimed jobs, when leases are released, then they can be claimed again at once', async () => {
    await store.claimDueJobs(2000, 10, 60_000);

    await store.releaseLeases(2000);

    expect((await store.claimDueJobs(2000, 10, 60_000)).map((j) => j.id)).toEqual(['first', 'second']);
  });

  it('given a job committed already held (due now, handed to its own runner), when others claim, then they get it only once its lease ends', async () => {
    await store.apply([{ kind: 'schedule_job', job: jobRecord({ id: 'held', runAt: 100, lockedUntil: 10_000 }) }]);

    expect((await store.claimDueJobs(3000, 10, 60_000)).map((j) => j.id)).toEqual(['first', 'second']);
    expect((await store.claimDueJobs(9999, 10, 60_000)).map((j) => j.id)).toEqual(['late']);
    expect((await store.claimDueJobs(10_000, 10, 60_000)).map((j) => j.id)).toEqual(['held']);
  });

  it('given a held job after a restart, when leases are released, then it is claimable at once', async () => {
    await store.apply([{ kind: 'schedule_job', job: jobRecord({ id: 'held', runAt: 100, lockedUntil: 300_100 }) }]);

    await store.releaseLeases(200);

    expect((await store.claimDueJobs(200, 10, 500)).map((j) => [j.id, j.lockedUntil])).toEqual([['held', 700]]);
  });

  it('given jobs, when asking when the next falls due, then it is the earliest run time or lease end', async () => {
    expect(await store.nextJobDueAt()).toBe(1000);

    await store.claimDueJobs(2000, 10, 500);

    expect(await store.nextJobDueAt()).toBe(2500);
  });

  it('given no jobs, when asking when the next falls due, then the answer is undefined', async () => {
    await store.apply(['late', 'second', 'first'].map((id) => ({ kind: 'delete_jobs' as const, ref: `ref-${id}` })));

    expect(await store.nextJobDueAt()).toBeUndefined();
    expect(await store.claimDueJobs(Number.MAX_SAFE_INTEGER, 10, 1)).toEqual([]);
  });
});

describe('reports', () => {
  const due = BASE_TIME;

  beforeEach(async () => {
    await store.apply([
      { kind: 'enqueue_report', report: reportRecord({ id: 'r1', signalId: 's1', nextAttemptAt: due }) },
      { kind: 'enqueue_report', report: reportRecord({ id: 'r2', signalId: 's1', nextAttemptAt: due + 10_000 }) },
      { kind: 'enqueue_report', report: reportRecord({ id: 'r3', signalId: 's2', nextAttemptAt: due, state: 'DELIVERED' }) },
    ]);
  });

  it('given pending reports, when claimed, then only due pending ones come back and are leased', async () => {
    const claimed = await store.claimDueReports(due, 10, 1000);

    expect(claimed.map((r) => r.id)).toEqual(['r1']);
    expect(claimed[0]).toMatchObject({ body: { Status: 'SUCCESS' }, url: 'http://127.0.0.1:1/report', attempts: 0 });
    expect(await store.claimDueReports(due + 999, 10, 1000)).toEqual([]);
    expect(await store.nextReportDueAt()).toBe(due + 1000);
    expect((await store.claimDueReports(due + 1000, 10, 1000)).map((r) => r.id)).toEqual(['r1']);
  });

  it('given a claimed report, when delivered, then it is DELIVERED with one more attempt and no longer pending', async () => {
    await store.claimDueReports(due, 10, 1000);

    await store.markReportDelivered('r1', due + 5);

    const [r1] = await store.listReports('s1');
    expect(r1).toMatchObject({ id: 'r1', state: 'DELIVERED', attempts: 1, deliveredAt: due + 5 });
    expect(await store.countPendingReports()).toBe(1);
    expect(await store.nextReportDueAt()).toBe(due + 10_000);
  });

  it('given a failed attempt, when recorded, then the report stays pending until its next attempt time', async () => {
    await store.markReportAttemptFailed('r1', { attempts: 1, nextAttemptAt: due + 300, lastError: 'connection refused', gaveUp: false });

    expect((await store.listReports('s1'))[0]).toMatchObject({ state: 'PENDING', attempts: 1, nextAttemptAt: due + 300, lastError: 'connection refused' });
    expect(await store.claimDueReports(due + 299, 10, 1000)).toEqual([]);
    expect((await store.claimDueReports(due + 300, 10, 1000)).map((r) => r.id)).toEqual(['r1']);
  });

  it('given a report leased by a process that died, when leases are released at restart, then it is due at once', async () => {
    await store.claimDueReports(due, 10, 15_000);
    expect(await store.claimDueReports(due + 1, 10, 15_000)).toEqual([]);

    await store.releaseLeases(due + 1);

    expect((await store.claimDueReports(due + 1, 10, 15_000)).map((r) => r.id)).toEqual(['r1', 'r2']);
  });

  it('given a report given up, when claiming, then it is never handed out again nor counted as pending', async () => {
    await store.markReportAttemptFailed('r1', { attempts: 7, nextAttemptAt: due, lastError: 'HTTP 500', gaveUp: true });

    expect(await store.claimDueReports(due + 1_000_000, 10, 1000)).toEqual([expect.objectContaining({ id: 'r2' })]);
    expect((await store.listReports('s1')).map((r) => [r.id, r.state, r.lastError])).toEqual([
      ['r1', 'GAVE_UP', 'HTTP 500'], ['r2', 'PENDING', null],
    ]);
    expect(await store.countPendingReports()).toBe(1);
  });
});

describe('listing', () => {
  it('given executions of several stacks and states, when listed with filters, then only matching ones come back, newest first', async () => {
    await store.apply([
      { kind: 'insert_execution', execution: executionRecord({ id: 'e1', stackId: 'A', resourceType: 'Custom::X', state: 'SUCCESS' }) },
      { kind: 'insert_execution', execution: executionRecord({ id: 'e2', stackId: 'B', resourceType: 'Custom::X', state: 'RUNNING', signalId: 's2' }) },
      { kind: 'insert_execution', execution: executionRecord({ id: 'e3', stackId: 'A', resourceType: 'Custom::Y', state: 'RUNNING' }) },
      { kind: 'insert_execution', execution: executionRecord({ id: 'e4', stackId: 'A', resourceType: 'Custom::X', state: 'ERROR' }) },
    ]);
    const ids = async (filter: Parameters<SqliteStore['listExecutions']>[0]) => (await store.listExecutions(filter)).map((e) => e.id);

    expect(await ids({ limit: 10 })).toEqual(['e4', 'e3', 'e2', 'e1']);
    expect(await ids({ limit: 10, stackId: 'A' })).toEqual(['e4', 'e3', 'e1']);
    expect(await ids({ limit: 10, stackId: 'A', resourceType: 'Custom::X' })).toEqual(['e4', 'e1']);
    expect(await ids({ limit: 10, state: 'RUNNING' })).toEqual(['e3', 'e2']);
    expect(await ids({ limit: 10, signalId: 's2' })).toEqual(['e2']);
    expect(await ids({ limit: 10, stackId: 'none' })).toEqual([]);
  });

  it('given more executions than a page, when paging with after, then each page continues where the last ended', async () => {
    await store.apply(['e1', 'e2', 'e3', 'e4', 'e5'].map((id) => ({ kind: 'insert_execution' as const, execution: executionRecord({ id }) })));

    const first = await store.listExecutions({ limit: 2 });
    const second = await store.listExecutions({ limit: 2, after: first.at(-1)!.id });
    const third = await store.listExecutions({ limit: 2, after: second.at(-1)!.id });

    expect([first, second, third].map((page) => page.map((e) => e.id))).toEqual([['e5', 'e4'], ['e3', 'e2'], ['e1']]);
  });

  it('given resources, when listed with filters and pages, then only matching ones come back, newest first', async () => {
    await store.apply([
      { kind: 'insert_resource', resource: resourceRecord({ id: 'r1', stackId: 'A', type: 'Custom::X' }) },
      { kind: 'insert_resource', resource: resourceRecord({ id: 'r2', stackId: 'A', type: 'Custom::Y', status: 'DELETE_COMPLETE' }) },
      { kind: 'insert_resource', resource: resourceRecord({ id: 'r3', stackId: 'B', type: 'Custom::X' }) },
      { kind: 'insert_resource', resource: resourceRecord({ id: 'r4', stackId: 'A', type: 'Custom::X' }) },
    ]);
    const ids = async (filter: Parameters<SqliteStore['listResources']>[0]) => (await store.listResources(filter)).map((r) => r.id);

    expect(await ids({ limit: 10, stackId: 'A' })).toEqual(['r4', 'r2', 'r1']);
    expect(await ids({ limit: 10, type: 'Custom::X' })).toEqual(['r4', 'r3', 'r1']);
    expect(await ids({ limit: 10, status: 'DELETE_COMPLETE' })).toEqual(['r2']);
    expect(await ids({ limit: 2, type: 'Custom::X' })).toEqual(['r4', 'r3']);
    expect(await ids({ limit: 2, type: 'Custom::X', after: 'r3' })).toEqual(['r1']);
  });

  it('given two resources with one physical id, when found by it, then the newest is returned', async () => {
    await store.apply([
      { kind: 'insert_resource', resource: resourceRecord({ id: 'old', physicalId: 'p', status: 'DELETE_COMPLETE' }) },
      { kind: 'insert_resource', resource: resourceRecord({ id: 'new', physicalId: 'p' }) },
      { kind: 'update_resource', id: 'old', patch: { replacedBy: 'new' } },
    ]);

    expect((await store.findResourceByPhysicalId('Custom::Thing', 'p'))?.id).toBe('new');
    expect((await store.getResource('old'))?.replacedBy).toBe('new');
    expect(await store.findResourceByPhysicalId('Custom::Other', 'p')).toBeUndefined();
  });
});

describe('reopening', () => {
  it('given a closed store, when the same file is opened again, then its data is there and no migration runs twice', async () => {
    await store.apply([
      { kind: 'insert_execution', execution: executionRecord({ id: 'e1', output: { kept: true } }) },
      { kind: 'schedule_job', job: jobRecord({ id: 'j1', runAt: 10 }) },
    ]);
    await store.close();

    store = new SqliteStore(file);
    await store.close();
    store = new SqliteStore(file);

    expect((await store.getExecution('e1'))?.output).toEqual({ kept: true });
    expect((await store.claimDueJobs(10, 10, 100)).map((j) => j.id)).toEqual(['j1']);
    const db = new Database(file, { readonly: true });
    try {
      const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
      expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      db.close();
    }
  });

  it('given a closed store, when closed again or pinged after reopening, then nothing throws', async () => {
    await store.close();
    await store.close();
    store = new SqliteStore(file);

    await expect(store.ping()).resolves.toBeUndefined();
  });
});

describe('group commit', () => {
  it('given several batches, when one conflicts, then it alone is rolled back and the others commit', async () => {
    await store.apply([{ kind: 'insert_signal', signal: signalRecord({ id: 's0', stackId: 'st', requestId: 'taken' }) }]);
    const errors = await store.applyBatches([
      [{ kind: 'insert_signal', signal: signalRecord({ id: 's1', stackId: 'st', requestId: 'r1' }) }],
      [
        { kind: 'insert_signal', signal: signalRecord({ id: 's2', stackId: 'st', requestId: 'r2' }) },
        { kind: 'insert_signal', signal: signalRecord({ id: 's3', stackId: 'st', requestId: 'taken' }) },
      ],
      [{ kind: 'insert_signal', signal: signalRecord({ id: 's4', stackId: 'st', requestId: 'r4' }) }],
    ]);
    expect(errors.map((e) => e?.constructor.name)).toEqual([undefined, 'UniqueViolation', undefined]);
    expect(await store.getSignal('s1')).toBeDefined();
    expect(await store.getSignal('s2')).toBeUndefined();
    expect(await store.getSignal('s4')).toBeDefined();
  });
});
