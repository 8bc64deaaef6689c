import crypto from 'node:crypto';

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
