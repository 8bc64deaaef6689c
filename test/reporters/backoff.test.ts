import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/reporters/backoff.js';

const BASE = 100;
const CAP = 5_000;

describe('backoffDelay', () => {
  it('given the largest random draw, when attempts grow, then the delay doubles from the base up to the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelay(attempt, BASE, CAP, () => 1));

    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  it('given a zeroth or negative attempt, when computed, then it is treated as the first', () => {
    expect(backoffDelay(0, BASE, CAP, () => 1)).toBe(100);
    expect(backoffDelay(-3, BASE, CAP, () => 1)).toBe(100);
  });

  it('given a random draw, when computed, then the delay is that fraction of the ceiling (full jitter), rounded', () => {
    expect(backoffDelay(3, BASE, CAP, () => 0.5)).toBe(200);
    expect(backoffDelay(3, BASE, CAP, () => 0.123)).toBe(49);
    expect(backoffDelay(20, BASE, CAP, () => 0.25)).toBe(1250);
  });

  it('given a draw of zero, when computed, then the delay is still at least one millisecond', () => {
    expect(backoffDelay(1, BASE, CAP, () => 0)).toBe(1);
  });

  it('given a random source, when computed, then it is drawn from exactly once per delay', () => {
    let calls = 0;
    const random = () => {
      calls++;
      return 0.75;
    };

    const delay = backoffDelay(2, BASE, CAP, random);

    expect(calls).toBe(1);
    expect(delay).toBe(150);
  });

  it('given the default random source, when computed many times, then every delay lies within 1..ceiling and they differ', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(4, BASE, CAP));

    expect(Math.min(...delays)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...delays)).toBeLessThanOrEqual(800);
    expect(new Set(delays).size).toBeGreaterThan(20);
  });
});
