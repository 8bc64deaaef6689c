/**
 * `on-success` / `on-error` / `on-complete` / `on-skip` clauses (lang/v2/on_clause.py):
 * a name, a list of names and `{name: <% guard %>}` one-key dicts, or the advanced
 * `{publish: {...}, next: ...}` form. Each entry becomes a task or engine-command transition.
 */
import { parseCommandAndParams } from './inline-params.js';
import { ENGINE_COMMANDS, type EngineCommand, type PublishSpec, type Transition, type TransitionClause } from './spec.js';

/** An entry as Mistral keeps it: the written command (name + inline params) and its guard. */
export interface RawTransition {
  readonly written: string;
  readonly condition: string;
  /** Index in the written list (undefined for the single-string form). */
  readonly index?: number;
}

function asTuple(item: unknown, index?: number): RawTransition {
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    const [written, condition] = Object.entries(item)[0] ?? ['', ''];
    return { written, condition: typeof condition === 'string' ? condition : String(condition ?? ''), index };
  }
  return { written: String(item), condition: '', index };
}

/** on_clause.py `_as_list_of_tuples` for the `next` part (or the whole simple clause). */
export function rawNextEntries(next: unknown): RawTransition[] {
  if (!next) return [];
  if (typeof next === 'string') return [asTuple(next)];
  if (Array.isArray(next)) return next.map((item, i) => asTuple(item, i));
  // Python iterates a dict's keys here, so `next: {b: <% guard %>}` loses its guard.
  if (typeof next === 'object') return Object.keys(next).map((key) => ({ written: key, condition: '' }));
  return [asTuple(next)];
}

/** The `next` part of a clause: the clause itself unless it is the advanced dict form. */
export function nextPartOf(clause: unknown): unknown {
  return isAdvancedClause(clause) ? (clause as Record<string, unknown>)['next'] : clause;
}

/**
 * Mistral treats every dict as the advanced form, so a top-level one-key `{task: <% guard %>}`
 * clause passes the schema but yields no transition at all (only `publish`/`next` are read).
 */
export function isAdvancedClause(clause: unknown): boolean {
  return clause !== null && typeof clause === 'object' && !Array.isArray(clause);
}

function isEngineCommand(name: string): name is EngineCommand {
  return (ENGINE_COMMANDS as readonly string[]).includes(name);
}

/** A task of the same name as an engine command takes precedence over the command. */
export function toTransition(raw: RawTransition, taskExists: (name: string) => boolean): Transition {
  const parsed = parseCommandAndParams(raw.written) ?? { name: raw.written, params: {} };
  const condition = raw.condition ? { condition: raw.condition } : {};
  if (isEngineCommand(parsed.name) && !taskExists(parsed.name)) {
    return { kind: 'command', command: parsed.name, params: parsed.params, ...condition };
  }
  return { kind: 'task', name: parsed.name, params: parsed.params, ...condition };
}

/** Builds the typed clause from an already schema-checked clause value. */
export function buildClause(clause: unknown, taskExists: (name: string) => boolean): TransitionClause {
  const next = rawNextEntries(nextPartOf(clause)).map((raw) => toTransition(raw, taskExists));
  const publish = isAdvancedClause(clause) ? (clause as Record<string, unknown>)['publish'] : undefined;
  return publish ? { next, publish: publish as PublishSpec } : { next };
}
