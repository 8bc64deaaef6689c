import { Ajv2020 } from 'ajv/dist/2020.js';
import { StackhookError } from '../errors.js';
import { DEFAULT_SERVICE_TIMEOUT_S, type SignalInput } from '../lifecycle/signal-input.js';
import type { RequestType } from '../store/records.js';

/**
 * A CloudFormation custom-resource request. Suspend and Resume are stackhook's additions, for
 * Heat's phases of the same names.
 */
const REQUEST_SCHEMA = {
  type: 'object',
  required: ['RequestType', 'RequestId', 'ResponseURL', 'StackId', 'ResourceType', 'LogicalResourceId'],
  properties: {
    RequestType: { enum: ['Create', 'Update', 'Delete', 'Suspend', 'Resume'] },
    RequestId: { type: 'string', minLength: 1, maxLength: 1024 },
    ResponseURL: { type: 'string', minLength: 1, maxLength: 8192 },
    StackId: { type: 'string', minLength: 1, maxLength: 1024 },
    ResourceType: { type: 'string', minLength: 1, maxLength: 256 },
    LogicalResourceId: { type: 'string', minLength: 1, maxLength: 256 },
    PhysicalResourceId: { type: 'string', minLength: 1, maxLength: 1024 },
    ResourceProperties: { type: 'object' },
    OldResourceProperties: { type: 'object' },
    ServiceTimeout: {
      anyOf: [{ type: 'integer', minimum: 1, maximum: 43200 }, { type: 'string', pattern: '^[0-9]{1,5}$' }],
    },
    ServiceToken: { type: 'string' },
  },
  if: { properties: { RequestType: { enum: ['Update', 'Delete', 'Suspend', 'Resume'] } } },
  then: { required: ['PhysicalResourceId'] },
} as const;

const validateRequest = new Ajv2020({ allErrors: true, strict: false }).compile(REQUEST_SCHEMA);

interface SignalRequestBody {
  RequestType: RequestType;
  RequestId: string;
  ResponseURL: string;
  StackId: string;
  ResourceType: string;
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceProperties?: Record<string, unknown>;
  OldResourceProperties?: Record<string, unknown>;
  ServiceTimeout?: number | string;
}

/** Checks the request's own fields; the properties are the lifecycle's business. */
export function parseSignalRequest(body: unknown): SignalInput {
  if (!validateRequest(body)) {
    const problems = (validateRequest.errors ?? []).filter((e) => e.keyword !== 'if' && e.keyword !== 'anyOf').map((e) => {
      const field = e.keyword === 'required'
        ? (e.params as { missingProperty: string }).missingProperty
        : e.instancePath.slice(1) || '(body)';
      return { field, problem: e.keyword === 'required' ? 'is required' : e.message ?? 'is invalid' };
    });
    const summary = problems.map((p) => `${p.field} ${p.problem}`).join('; ');
    throw new StackhookError('INVALID_REQUEST', `Invalid signal: ${summary}`, problems);
  }
  const request = body as SignalRequestBody;
  const timeout = request.ServiceTimeout === undefined ? DEFAULT_SERVICE_TIMEOUT_S : Number(request.ServiceTimeout);
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 43200) {
    throw new StackhookError('INVALID_REQUEST', 'Invalid signal: ServiceTimeout must be from 1 to 43200 seconds',
      [{ field: 'ServiceTimeout', problem: 'must be from 1 to 43200 seconds' }]);
  }
  return {
    requestType: request.RequestType,
    requestId: request.RequestId,
    stackId: request.StackId,
    responseUrl: request.ResponseURL,
    resourceType: request.ResourceType,
    logicalId: request.LogicalResourceId,
    physicalId: request.PhysicalResourceId,
    properties: request.ResourceProperties ?? {},
    oldProperties: request.OldResourceProperties,
    serviceTimeoutSeconds: timeout,
  };
}
