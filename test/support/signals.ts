import crypto from 'node:crypto';
import { expect } from 'vitest';
import { waitUntil, type Receiver } from './receiver.js';
import type { TestService } from './service.js';

export interface SignalFields {
  RequestType?: string;
  RequestId?: string;
  ResponseURL: string;
  StackId?: string;
  ResourceType: string;
  LogicalResourceId?: string;
  PhysicalResourceId?: string;
  ResourceProperties?: Record<string, unknown>;
  OldResourceProperties?: Record<string, unknown>;
  ServiceTimeout?: number | string;
}

/** A CloudFormation-shaped request with fresh ids unless given. */
export function signal(fields: SignalFields): Record<string, unknown> {
  return {
    RequestType: 'Create',
    RequestId: crypto.randomUUID(),
    StackId: 'arn:aws:cloudformation:region:123:stack/test/1',
    LogicalResourceId: 'Thing',
    ResourceProperties: {},
    ...fields,
  };
}

/** Posts a create of the Counter fixture whose report goes to `receiver`; its signal's and execution's ids. */
export async function createCounter(
  sh: TestService, receiver: Receiver, requestId: string, stackId: string, properties: Record<string, unknown>,
): Promise<{ signal: string; execution: string }> {
  const res = await sh.http.post('/v1/signals').send({
    RequestType: 'Create', RequestId: requestId, StackId: stackId, LogicalResourceId: `L-${requestId}`,
    ResourceType: 'Custom::Test::Counter', ResponseURL: receiver.url(`/${requestId}`), ResourceProperties: properties,
  });
  expect(res.status).toBe(202);
  return { signal: res.body.signal_id as string, execution: res.body.execution_id as string };
}

/** Waits until the signal's report has been delivered (not only sent). */
export async function reportDelivered(sh: TestService, signalId: string): Promise<void> {
  await waitUntil(async () => ((await sh.http.get(`/v1/signals/${signalId}`)).body.reports?.[0]?.state === 'DELIVERED' ? true : undefined), 10_000, `the report of ${signalId}`);
}
