/**
 * JavaScript stand-ins for the few Python value kinds that expressions can produce and that plain
 * JSON values cannot represent: integral floats (`3.0`) and sets. Every other Python value maps to
 * its natural JSON counterpart (None → null, tuple/list → array, dict → plain object).
 */

/**
 * A Python float whose value happens to be integral (`3.0`, `float(null)`). Non-integral numbers
 * are necessarily floats and stay plain numbers; integral plain numbers are Python ints. The box
 * keeps `str(3.0)` printing `3.0` and `10.0 / 4` dividing as floats.
 */
export class PythonFloat {
  constructor(readonly value: number) {}

  valueOf(): number {
    return this.value;
  }

  toJSON(): number {
    return this.value;
  }
}

/** Returns `n` as a Python float: boxed when integral, plain otherwise. */
export function toPythonFloat(n: number): number | PythonFloat {
  return Number.isInteger(n) ? new PythonFloat(n) : n;
}

/** True for a plain number or a boxed float. */
export function isNumeric(value: unknown): value is number | PythonFloat {
  return typeof value === 'number' || value instanceof PythonFloat;
}

/** True when the number is a Python float (boxed or non-integral). */
export function isPythonFloat(value: unknown): boolean {
  return value instanceof PythonFloat || (typeof value === 'number' && !Number.isInteger(value));
}

/** A Python set: members are compared by value (Python equality), insertion order is kept. */
export class PythonSet implements Iterable<unknown> {
  private readonly members = new Map<string, unknown>();

  constructor(values: Iterable<unknown> = []) {
    for (const value of values) this.add(value);
  }

  get size(): number {
    return this.members.size;
  }

  add(value: unknown): this {
    const key = hashKey(value);
    if (!this.members.has(key)) this.members.set(key, value);
    return this;
  }

  has(value: unknown): boolean {
    return this.members.has(hashKey(value));
  }

  [Symbol.iterator](): Iterator<unknown> {
    return this.members.values();
  }

  toArray(): unknown[] {
    return [...this.members.values()];
  }
}

/**
 * A string that is equal for two values exactly when Python's `==` holds for them (and so their
 * hashes agree): `1`, `1.0` and `True` share a key, containers hash by content.
 */
export function hashKey(value: unknown): string {
  if (value === null || value === undefined) return 'N';
  if (typeof value === 'string') return `s${JSON.stringify(value)}`;
  if (typeof value === 'boolean') return value ? 'n1' : 'n0';
  if (typeof value === 'number') return `n${value}`;
  if (value instanceof PythonFloat) return `n${value.value}`;
  if (Array.isArray(value)) return `t[${value.map(hashKey).join(',')}]`;
  if (value instanceof PythonSet || value instanceof Set) {
    return `f{${[...value].map(hashKey).sort().join(',')}}`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${hashKey(k)}:${hashKey(v)}`);
    return `d{${entries.sort().join(',')}}`;
  }
  return `o${String(value)}`;
}
