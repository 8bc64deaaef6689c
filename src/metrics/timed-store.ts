import type { Store } from '../store/store.js';

/**
 * The store with every operation timed: a proxy, so a method added to the Store interface is
 * measured without anyone remembering to.
 */
export function timedStore(store: Store, observe: (operation: string, seconds: number) => void): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          observe(property, (performance.now() - started) / 1000);
        }
      };
    },
  });
}
