/**
 * Python `re` patterns as JavaScript RegExps, compiled once per pattern text. Workflow regexes are
 * few and repeated, so a bounded cache keeps evaluation free of repeated regex compilation.
 */
import { YaqlError } from './values.js';

const MAX_CACHED = 500;
const cache = new Map<string, RegExp>();

/** Translates the Python-only syntax that commonly appears: named groups and `\Z`/`\A`. */
function translatePattern(pattern: string): string {
  return pattern.replaceAll('(?P<', '(?<').replaceAll('(?P=', '\\k<').replaceAll('\\Z', '$(?![\\s\\S])').replaceAll('\\A', '^');
}

export function compileRegex(pattern: string, flags = ''): RegExp {
  const cacheKey = `${flags}/${pattern}`;
  let regex = cache.get(cacheKey);
  if (!regex) {
    try {
      regex = new RegExp(translatePattern(pattern), `${flags}u`);
    } catch {
      try {
        regex = new RegExp(translatePattern(pattern), flags);
      } catch (error) {
        throw new YaqlError(`re.error: ${(error as Error).message}`);
      }
    }
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(cacheKey, regex);
  }
  return regex;
}

/** Python `re.search(pattern, text) is not None`. */
export function searchRegex(pattern: string, text: string, flags = ''): boolean {
  const regex = compileRegex(pattern, flags);
  regex.lastIndex = 0;
  return regex.test(text);
}
