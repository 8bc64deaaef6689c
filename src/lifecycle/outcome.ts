import crypto from 'node:crypto';
import { hasSecretAttributes, type ResourceType } from '../resource-types/resource-type.js';
import type { Outcome, SignalRecord } from '../store/records.js';

export const MAX_PHYSICAL_ID_BYTES = 1024;
/** CloudFormation refuses a response body over 4096 bytes ("Response object is too long"). */
export const MAX_REPORT_BYTES = 4096;

/**
 * The physical id of a create whose workflow names none: derived from the stack, the logical id
 * and the request, so a retried report or a restart gives the same id (never random).
 */
export function defaultPhysicalId(stackId: string, logicalId: string, requestId: string): string {
  const digest = crypto.createHash('sha256').update(`${stackId}\n${logicalId}\n${requestId}`).digest('hex');
  return `${logicalId.slice(0, 200)}-${digest.slice(0, 16)}`;
}

/** The physical id a workflow output names, undefined if none, or a reason it is unusable. */
export function physicalIdFromOutput(output: unknown): { id?: string; error?: string } {
  const value = (output as { physical_id?: unknown } | null)?.physical_id;
  if (value === undefined || value === null) return {};
  if (typeof value !== 'string' || value === '') return { error: `physical_id must be a non-empty string, not ${JSON.stringify(value)}` };
  if (Buffer.byteLength(value) > MAX_PHYSICAL_ID_BYTES) return { error: `physical_id is over ${MAX_PHYSICAL_ID_BYTES} bytes` };
  return { id: value };
}

/** Output keys named like declared attributes set those attributes. */
export function attributesFromOutput(type: ResourceType, output: unknown): Record<string, unknown> {
  if (!output || typeof output !== 'object') return {};
  return Object.fromEntries(Object.entries(output).filter(([key]) => key in type.attributes));
}

export function successOutcome(type: ResourceType, physicalId: string, data: Record<string, unknown>): Outcome {
  return { status: 'SUCCESS', physicalId, data, noEcho: hasSecretAttributes(type, data) };
}

export function failedOutcome(physicalId: string, reason: string): Outcome {
  return { status: 'FAILED', reason, physicalId, data: {}, noEcho: false };
}

/**
 * The CloudFormation response for an outcome. An outcome that cannot fit in 4096 bytes is reported
 * as FAILED with a reason naming the largest attributes; an over-long reason is shortened.
 */
export function reportBody(signal: SignalRecord, outcome: Outcome): Record<string, unknown> {
  const body = bodyOf(signal, outcome);
  const size = Buffer.byteLength(JSON.stringify(body));
  if (size <= MAX_REPORT_BYTES) return body;
  if (outcome.status === 'SUCCESS') {
    const reason = `The outcome is ${size} bytes, over the ${MAX_REPORT_BYTES}-byte limit of a response; largest attributes: ${largest(outcome.data)}`;
    return fitReason(bodyOf(signal, failedOutcome(outcome.physicalId, reason)));
  }
  return fitReason(body);
}

function bodyOf(signal: SignalRecord, outcome: Outcome): Record<string, unknown> {
  const body: Record<string, unknown> = {
    Status: outcome.status,
    PhysicalResourceId: outcome.physicalId,
    StackId: signal.stackId,
    RequestId: signal.requestId,
    LogicalResourceId: signal.logicalId,
    NoEcho: outcome.noEcho,
    Data: outcome.data,
  };
  if (outcome.reason) body.Reason = outcome.reason;
  return body;
}

function fitReason(body: Record<string, unknown>): Record<string, unknown> {
  const reason = String(body.Reason ?? '');
  const overhead = Buffer.byteLength(JSON.stringify({ ...body, Reason: '' }));
  const room = MAX_REPORT_BYTES - overhead - 16;
  if (Buffer.byteLength(JSON.stringify(reason)) <= room) return body;
  let cut = reason.slice(0, room);
  while (Buffer.byteLength(JSON.stringify(`${cut} […]`)) > room) cut = cut.slice(0, -16);
  return { ...body, Reason: `${cut} […]` };
}

function largest(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(([name, value]) => [name, Buffer.byteLength(JSON.stringify(value))] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, bytes]) => `${name} (${bytes} bytes)`)
    .join(', ');
}
