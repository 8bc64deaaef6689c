import { describe, expect, it } from 'vitest';
import { REDACTED, redact, secretValues } from '../../src/http/redact.js';
import type { ResourceType } from '../../src/resource-types/resource-type.js';
import { ResourceTypeRegistry } from '../../src/resource-types/registry.js';

function typeWithSecrets(name: string, secrets: string[]): ResourceType {
  // Only the fields secretValues reads; the rest of a loaded type does not matter here.
  return { name, secretProperties: new Set(secrets) } as unknown as ResourceType;
}

const types = new ResourceTypeRegistry([
  typeWithSecrets('Custom::Database', ['password', 'api_key']),
  typeWithSecrets('Custom::Plain', []),
]);

describe('secretValues', () => {
  it('given a type with secret properties, when given property sets, then the non-empty secret values of every set come back', () => {
    const values = secretValues(types, 'Custom::Database',
      { name: 'db1', password: 'hunter2', api_key: '' },
      { password: 'old-pass', api_key: 12345 },
      null, 'not an object', undefined);

    expect(values).toEqual(['hunter2', 'old-pass', '12345']);
  });

  it('given a type without secrets, an unknown type or no type, when asked, then there are none', () => {
    expect(secretValues(types, 'Custom::Plain', { password: 'x' })).toEqual([]);
    expect(secretValues(types, 'Custom::Unknown', { password: 'x' })).toEqual([]);
    expect(secretValues(types, null, { password: 'x' })).toEqual([]);
  });
});

describe('redact', () => {
  it('given secrets copied anywhere in a value, when redacted, then every occurrence is replaced', () => {
    const value = {
      reason: 'login failed for hunter2 (hunter2)',
      nested: [{ deep: 'token=abc123;' }, 'abc123', 7],
      count: 12345,
      flag: true,
      none: null,
    };

    expect(redact(value, ['hunter2', 'abc123', '12345'])).toEqual({
      reason: `login failed for ${REDACTED} (${REDACTED})`,
      nested: [{ deep: `token=${REDACTED};` }, REDACTED, 7],
      count: REDACTED,
      flag: true,
      none: null,
    });
  });

  it('given secret property names, when redacted, then those keys are masked at any depth unless null', () => {
    const value = { properties: { password: 'p', api_key: null, user: 'u' }, password: 99 };

    expect(redact(value, [], new Set(['password', 'api_key']))).toEqual({
      properties: { password: REDACTED, api_key: null, user: 'u' },
      password: REDACTED,
    });
  });

  it('given a value, when redacted, then the original is left unchanged', () => {
    const value = { a: 'secret-x', list: ['secret-x'] };

    const result = redact(value, ['secret-x']);

    expect(value).toEqual({ a: 'secret-x', list: ['secret-x'] });
    expect(result).toEqual({ a: REDACTED, list: [REDACTED] });
  });

  it('given no secrets and no names, when redacted, then the very same value comes back', () => {
    const value = { a: 1 };

    expect(redact(value, [])).toBe(value);
  });
});
