import type { ResourceTypeRegistry } from '../resource-types/registry.js';

export const REDACTED = '***';

/** The string values of a type's secret properties, found in some properties object. */
export function secretValues(types: ResourceTypeRegistry, typeName: string | null, ...propertySets: unknown[]): string[] {
  const type = typeName ? types.find(typeName) : undefined;
  if (!type || type.secretProperties.size === 0) return [];
  const values: string[] = [];
  for (const set of propertySets) {
    if (!set || typeof set !== 'object') continue;
    for (const name of type.secretProperties) {
      const value = (set as Record<string, unknown>)[name];
      if (value !== undefined && value !== null && String(value).length > 0) values.push(String(value));
    }
  }
  return values;
}

/**
 * Replaces every occurrence of a secret inside a value, wherever a workflow may have copied it
 * (inputs, published variables, results, reasons), and every secret property by name.
 */
export function redact<T>(value: T, secrets: readonly string[], secretNames: ReadonlySet<string> = new Set()): T {
  if (secrets.length === 0 && secretNames.size === 0) return value;
  return scrub(value, secrets, secretNames) as T;
}

function scrub(value: unknown, secrets: readonly string[], names: ReadonlySet<string>): unknown {
  if (typeof value === 'string') return secrets.reduce((text, secret) => text.split(secret).join(REDACTED), value);
  if (Array.isArray(value)) return value.map((item) => scrub(item, secrets, names));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [
      key, names.has(key) && item !== null && item !== undefined ? REDACTED : scrub(item, secrets, names),
    ]));
  }
  if ((typeof value === 'number' || typeof value === 'boolean') && secrets.includes(String(value))) return REDACTED;
  return value;
}
