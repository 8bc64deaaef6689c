import type { RequestType } from '../store/records.js';

/** One lifecycle event as every inbound adapter hands it to the lifecycle core. */
export interface SignalInput {
  requestType: RequestType;
  requestId: string;
  stackId: string;
  responseUrl: string;
  resourceType: string;
  logicalId: string;
  physicalId?: string;
  properties: Record<string, unknown>;
  oldProperties?: Record<string, unknown>;
  serviceTimeoutSeconds: number;
}

/**
 * A signal whose outcome is polled rather than reported (the Mistral v2 API's executions): no
 * ResponseURL, so no report is queued. /v1/signals keeps requiring ResponseURL.
 */
export type PolledSignalInput = Omit<SignalInput, 'responseUrl'>;

/** Either kind, as the lifecycle core handles them. */
export type AnySignalInput = PolledSignalInput & { responseUrl?: string };

export const DEFAULT_SERVICE_TIMEOUT_S = 3600;

/**
 * The outcome must reach the stack before its own deadline, so stackhook gives up a little
 * earlier: 10% of the timeout, at least 1 s and at most 60 s.
 */
export function reportDeadlineMs(serviceTimeoutSeconds: number): number {
  const total = serviceTimeoutSeconds * 1000;
  const margin = Math.min(60_000, Math.max(1000, total * 0.1));
  return Math.max(total - margin, total / 2);
}
