import { describe, expect, it } from 'vitest';
import { newId } from '../src/ids.js';

describe('newId', () => {
  it('given a time, when an id is made, then it is a version-7 UUID whose first 48 bits are that time', () => {
    const id = newId(0x0123456789ab);
    expect(id).toMatch(/^01234567-89ab-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('given ids made at increasing times, when sorted as text, then they keep their time order', () => {
    const ids = [1000, 2000, 3000, 40_000].map((t) => newId(t));
    expect([...ids].sort()).toEqual(ids);
  });

  it('given the same millisecond, when ids are made, then they differ', () => {
    expect(newId(5)).not.toBe(newId(5));
  });
});
