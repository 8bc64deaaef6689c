/**
 * Exponential backoff with full jitter: the n-th retry waits a random time up to
 * min(cap, base·2^(n-1)), so many reports failing together do not retry together.
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(ceiling * random()));
}
