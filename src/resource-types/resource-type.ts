import type { ValidateFunction } from 'ajv';
import type { Phase, ReplacementOrder } from '../store/records.js';
import type { WorkflowSpec } from '../workflow/spec.js';

export interface AttributeDefinition {
  description?: string;
  type?: string;
  secret: boolean;
}

/** A phase workflow, or the `decide` workflow run before an update. */
export type WorkflowRole = Phase | 'decide';

/** One loaded, validated `resource-types/*.yaml` file. */
export interface ResourceType {
  readonly name: string;
  readonly description?: string;
  readonly file: string;
  readonly propertiesSchema: Record<string, unknown>;
  /** Validates, applies defaults and coerces string values in place; errors in `.errors`. */
  readonly validateProperties: ValidateFunction;
  /** Properties marked `writeOnly: true`: never logged, returned or echoed. */
  readonly secretProperties: ReadonlySet<string>;
  readonly attributes: Readonly<Record<string, AttributeDefinition>>;
  readonly replaceOnChange: readonly string[];
  readonly replacement: ReplacementOrder;
  /** Per role, in milliseconds; absent means only the signal's own deadline applies. */
  readonly timeouts: Readonly<Partial<Record<WorkflowRole, number>>>;
  readonly workflows: Readonly<Partial<Record<WorkflowRole, WorkflowSpec>>>;
  /** The type file's text, parsed, for the API. */
  readonly raw: Record<string, unknown>;
}

/** Reserved property names: never part of a type's schema, never seen by workflows. */
export const AUTHOR_REPLACE_ON_CHANGE = 'replace_on_change';
export const SERVICE_TOKEN = 'ServiceToken';
export const RESERVED_PROPERTIES = [AUTHOR_REPLACE_ON_CHANGE, SERVICE_TOKEN] as const;

/** The stable name under which a type's workflow is listed, e.g. `stackhook.DNSRecord.create`. */
export function workflowNameOf(typeName: string, role: WorkflowRole): string {
  return `stackhook.${typeName.replace(/^Custom::/, '').replaceAll('::', '.')}.${role}`;
}

/** Names whose values are secret wherever they appear as keys: writeOnly properties and secret attributes. */
export function secretNamesOf(type: ResourceType | undefined): ReadonlySet<string> {
  if (!type) return new Set();
  const attributes = Object.entries(type.attributes).filter(([, a]) => a.secret).map(([name]) => name);
  return new Set([...type.secretProperties, ...attributes]);
}

/** Attribute names whose values are secret, so reports carry NoEcho. */
export function hasSecretAttributes(type: ResourceType, data: Record<string, unknown>): boolean {
  return Object.keys(data).some((name) => type.attributes[name]?.secret === true);
}
