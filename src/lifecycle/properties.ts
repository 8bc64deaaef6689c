import type { ErrorObject } from 'ajv';
import { AUTHOR_REPLACE_ON_CHANGE, RESERVED_PROPERTIES, type ResourceType } from '../resource-types/resource-type.js';

export type PropertiesCheck =
  | { ok: true; properties: Record<string, unknown>; authorReplaceOnChange: string[] }
  | { ok: false; reason: string };

/**
 * Separates the reserved names (the author's `replace_on_change`, CloudFormation's ServiceToken),
 * validates the rest against the type's schema and applies its defaults.
 */
export function checkProperties(type: ResourceType, given: Record<string, unknown>): PropertiesCheck {
  const properties = structuredClone(given);
  const author = properties[AUTHOR_REPLACE_ON_CHANGE];
  for (const name of RESERVED_PROPERTIES) delete properties[name];
  const authorReplaceOnChange = parseAuthorList(author);
  if (typeof authorReplaceOnChange === 'string') return { ok: false, reason: authorReplaceOnChange };
  const declared = Object.keys((type.propertiesSchema.properties as object | undefined) ?? {});
  const unknown = authorReplaceOnChange.filter((name) => !declared.includes(name));
  if (unknown.length) {
    return { ok: false, reason: `Property replace_on_change names ${unknown.join(', ')}, which ${unknown.length > 1 ? 'are not properties' : 'is not a property'} of ${type.name}` };
  }
  if (!type.validateProperties(properties)) {
    return { ok: false, reason: describeErrors(type.name, type.validateProperties.errors ?? []) };
  }
  return { ok: true, properties, authorReplaceOnChange };
}

function parseAuthorList(value: unknown): string[] | string {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  // CloudFormation sends lists as they are, but Heat parameters may arrive comma-separated.
  if (typeof value === 'string') return value.split(',').map((v) => v.trim()).filter(Boolean);
  return 'Property replace_on_change must be a list of property names';
}

/** "Properties of Custom::X are invalid: property ttl must be >= 60; property zone is required". */
export function describeErrors(typeName: string, errors: readonly ErrorObject[]): string {
  const messages = errors.map((e) => {
    const missing = e.keyword === 'required' ? (e.params as { missingProperty: string }).missingProperty : undefined;
    const extra = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : undefined;
    if (missing) return `property ${missing} is required`;
    if (extra) return `property ${extra} is not allowed`;
    const path = e.instancePath.split('/').slice(1).join('.');
    return `property ${path || '(root)'} ${e.message ?? 'is invalid'}`;
  });
  return `Properties of ${typeName} are invalid: ${[...new Set(messages)].join('; ')}`;
}
