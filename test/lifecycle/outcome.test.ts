import { describe, expect, it } from 'vitest';
import {
  defaultPhysicalId, failedOutcome, MAX_REPORT_BYTES, physicalIdFromOutput, reportBody, successOutcome,
} from '../../src/lifecycle/outcome.js';
import type { ResourceType } from '../../src/resource-types/resource-type.js';
import type { SignalRecord } from '../../src/store/records.js';

const signal = { stackId: 'stack', requestId: 'req', logicalId: 'Res' } as SignalRecord;
const type = { attributes: { token: { secret: true }, name: { secret: false } } } as unknown as ResourceType;

describe('outcome and report body', () => {
  it('given the same stack, logical id and request, when the default id is derived twice, then it is the same', () => {
    expect(defaultPhysicalId('s', 'L', 'r')).toBe(defaultPhysicalId('s', 'L', 'r'));
    expect(defaultPhysicalId('s', 'L', 'r')).toMatch(/^L-[0-9a-f]{16}$/);
  });

  it('given output naming physical ids, when read, then strings are taken and anything else is a reason', () => {
    expect(physicalIdFromOutput({ physical_id: 'abc' })).toEqual({ id: 'abc' });
    expect(physicalIdFromOutput({})).toEqual({});
    expect(physicalIdFromOutput({ physical_id: 7 }).error).toContain('non-empty string');
    expect(physicalIdFromOutput({ physical_id: 'x'.repeat(1025) }).error).toContain('over 1024 bytes');
  });

  it('given a secret attribute in the data, when the outcome is built, then NoEcho is set', () => {
    expect(successOutcome(type, 'p', { token: 't' }).noEcho).toBe(true);
    expect(successOutcome(type, 'p', { name: 'n' }).noEcho).toBe(false);
  });

  it('given a success that fits, when the body is built, then it has every field CloudFormation reads and no Reason', () => {
    expect(reportBody(signal, successOutcome(type, 'p', { name: 'n' }))).toEqual({
      Status: 'SUCCESS', PhysicalResourceId: 'p', StackId: 'stack', RequestId: 'req', LogicalResourceId: 'Res', NoEcho: false, Data: { name: 'n' },
    });
  });

  it('given data over the limit, when the body is built, then FAILED naming the largest attributes, within 4096 bytes', () => {
    const body = reportBody(signal, successOutcome(type, 'p', { name: 'n'.repeat(3000), token: 't'.repeat(2000) }));
    expect(body.Status).toBe('FAILED');
    expect(body.Reason).toContain('largest attributes: name (3002 bytes), token (2002 bytes)');
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThanOrEqual(MAX_REPORT_BYTES);
  });

  it('given a reason over the limit, when the body is built, then the reason is cut to fit and says so', () => {
    const body = reportBody(signal, failedOutcome('p', 'é'.repeat(5000)));
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThanOrEqual(MAX_REPORT_BYTES);
    expect(String(body.Reason).endsWith('[…]')).toBe(true);
  });
});
