import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { startServiceProcess, type ServiceProcess } from '../support/process.js';
import { startReceiver, waitUntil, type Receiver } from '../support/receiver.js';
import { runsOf } from '../support/runs.js';
import { FIXTURE_TYPES, tempDir } from '../support/service.js';
import { signal } from '../support/signals.js';
import path from 'node:path';

let processes: ServiceProcess[] = [];
let receiver: Receiver | undefined;

afterEach(async () => {
  for (const p of processes) await p.kill('SIGKILL');
  processes = [];
  await receiver?.close();
  receiver = undefined;
});

async function start(dataDir: string): Promise<ServiceProcess> {
  const service = await startServiceProcess(['--data-dir', dataDir, '--types-dir', FIXTURE_TYPES], { STACKHOOK_REPORT_RETRY_BASE: '100ms' });
  processes.push(service);
  return service;
}

/** A loopback port nothing listens on (yet): reports to it are refused. */
async function closedPort(): Promise<number> {
  const probe = await startReceiver();
  await probe.close();
  return probe.port;
}

describe('crash safety of reports', () => {
  it('given a workflow finished but its report undelivered, when the service is SIGKILLed and restarted, then the report arrives exactly once and the workflow never reruns', async () => {
    const dataDir = tempDir();
    const port = await closedPort();
    const first = await start(dataDir);
    const body = signal({ ResourceType: 'Custom::Test::Counter', ResponseURL: `http://127.0.0.1:${port}/report`, ResourceProperties: { name: 'crash' } });
    const accepted = await request(first.url).post('/v1/signals').send(body).expect(202);
    await waitUntil(async () => {
      const view = await request(first.url).get(`/v1/signals/${accepted.body.signal_id}`);
      return view.body.state === 'SUCCEEDED' && view.body.reports[0]?.attempts >= 1 ? true : undefined;
    }, 10_000, 'a finished signal with a failed delivery attempt');

    await first.kill('SIGKILL');
    receiver = await startReceiver(port);
    const second = await start(dataDir);

    const [report] = await receiver.waitFor(1);
    expect(report!.body).toMatchObject({ Status: 'SUCCESS', RequestId: body.RequestId, PhysicalResourceId: 'counter-crash' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.reports).toHaveLength(1);
    expect(runsOf(path.join(dataDir, 'files'), 'crash', 'create')).toBe(1);
    const view = await request(second.url).get(`/v1/signals/${accepted.body.signal_id}`);
    expect(view.body.reports[0].state).toBe('DELIVERED');
  });

  it('given a repeated signal after a restart, when it arrives, then the stored outcome is reported and nothing runs again', async () => {
    const dataDir = tempDir();
    receiver = await startReceiver();
    const first = await start(dataDir);
    const body = signal({ ResourceType: 'Custom::Test::Counter', ResponseURL: receiver.url('/one'), ResourceProperties: { name: 'again' } });
    await request(first.url).post('/v1/signals').send(body).expect(202);
    await receiver.waitFor(1);
    await first.kill('SIGKILL');
    const second = await start(dataDir);
    const repeated = await request(second.url).post('/v1/signals').send({ ...body, ResponseURL: receiver.url('/two') }).expect(202);
    expect(repeated.body.repeated).toBe(true);
    const reports = await receiver.waitFor(2);
    expect(reports[1]!.body).toEqual(reports[0]!.body);
    expect(runsOf(path.join(dataDir, 'files'), 'again', 'create')).toBe(1);
  });

  it('given SIGTERM, when the service stops, then it exits cleanly', async () => {
    const service = await start(tempDir());
    await service.kill('SIGTERM');
    expect(service.output()).not.toContain('Error');
  });
});
