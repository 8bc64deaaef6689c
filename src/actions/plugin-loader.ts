import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { StackhookError } from '../errors.js';
import type { ActionContext, ActionDefinition } from './action.js';
import { compileInputSchema, isPlainObject, paramsOf, validateInput } from './plugin-input.js';

/** What a plugin module default-exports: one of these, or an array of them. */
export interface ActionPlugin {
  name: string;
  description?: string;
  /** JSON Schema (2020-12) of the input, `type: object`; defaults are applied to each call. */
  input: Record<string, unknown>;
  /** True when running it again after a crash is harmless (see ActionDefinition.rerunnable). */
  rerunnable?: boolean;
  run(input: Record<string, unknown>, context: ActionContext): unknown;
}

/** One problem with one plugin file. */
export interface PluginIssue {
  file: string;
  message: string;
}

export const PLUGIN_NAME_PATTERN = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;
const PLUGIN_KEYS = ['name', 'description', 'input', 'rerunnable', 'run'];
const PLUGIN_FILE = /\.(m?js)$/;

export interface LoadPluginsOptions {
  /** Whether a name is already taken by a built-in action. */
  isBuiltin: (name: string) => boolean;
}

/**
 * Imports every `*.js`/`*.mjs` module of a directory, in name order, and checks each action it
 * exports: the name's form, no clash with std.*, a built-in or another plugin, an input schema
 * that compiles, a run function. Every problem is collected, naming the file.
 */
export async function loadActionPlugins(dir: string, options: LoadPluginsOptions): Promise<{ actions: ActionDefinition[]; issues: PluginIssue[] }> {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    return { actions: [], issues: [{ file: dir, message: 'is not a directory of action plugins' }] };
  }
  const files = fs.readdirSync(dir).filter((f) => PLUGIN_FILE.test(f)).sort().map((f) => path.join(path.resolve(dir), f));
  const actions: ActionDefinition[] = [];
  const issues: PluginIssue[] = [];
  const definedIn = new Map<string, string>();
  for (const file of files) {
    let exported: unknown;
    try {
      exported = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
    } catch (error) {
      issues.push({ file, message: `failed to import: ${(error as Error)?.message ?? String(error)}` });
      continue;
    }
    if (exported === undefined) {
      issues.push({ file, message: 'has no default export; export default an action or an array of actions' });
      continue;
    }
    const entries = Array.isArray(exported) ? exported : [exported];
    if (entries.length === 0) issues.push({ file, message: 'exports an empty array of actions' });
    entries.forEach((entry, index) => {
      const where = Array.isArray(exported) ? `default export [${index}]` : 'default export';
      const problems: string[] = [];
      const definition = checkPlugin(entry, file, problems);
      const label = isPlainObject(entry) && typeof entry.name === 'string' ? `action ${entry.name}` : where;
      if (definition) {
        const earlier = definedIn.get(definition.name);
        if (definition.name.startsWith('std.')) problems.push(`name ${definition.name} is in the std namespace, which is reserved for the standard actions`);
        else if (options.isBuiltin(definition.name)) problems.push(`name ${definition.name} is already a built-in action`);
        else if (earlier) problems.push(`name ${definition.name} is already defined in ${earlier}`);
      }
      for (const problem of problems) issues.push({ file, message: `${label}: ${problem}` });
      if (definition && problems.length === 0) {
        definedIn.set(definition.name, file);
        actions.push(definition);
      }
    });
  }
  return { actions, issues };
}

/** Loads the plugins or throws one error listing every problem, `file: problem`. */
export async function loadActionPluginsOrThrow(dir: string, options: LoadPluginsOptions): Promise<ActionDefinition[]> {
  const { actions, issues } = await loadActionPlugins(dir, options);
  if (issues.length) {
    throw new StackhookError('ACTION_PLUGIN_INVALID', `Invalid action plugins:\n${issues.map(formatPluginIssue).join('\n')}`, issues);
  }
  return actions;
}

export function formatPluginIssue(issue: PluginIssue): string {
  return `${issue.file}: ${issue.message}`;
}

/** Checks one exported value; returns the action it defines, or undefined with the problems. */
function checkPlugin(entry: unknown, file: string, problems: string[]): ActionDefinition | undefined {
  if (!isPlainObject(entry)) {
    problems.push(`is ${describeValue(entry)}, not an action object {name, description, input, run}`);
    return undefined;
  }
  const unknown = Object.keys(entry).filter((k) => !PLUGIN_KEYS.includes(k));
  if (unknown.length) problems.push(`unknown key${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; an action has ${PLUGIN_KEYS.join(', ')}`);
  const { name, description, input, rerunnable, run } = entry;
  if (typeof name !== 'string') problems.push(`name must be a string, not ${describeValue(name)}`);
  else if (!PLUGIN_NAME_PATTERN.test(name)) problems.push(`name ${JSON.stringify(name)} must match ${PLUGIN_NAME_PATTERN.source} (lowercase dotted words, such as greeting.hello)`);
  if (description !== undefined && typeof description !== 'string') problems.push(`description must be a string, not ${describeValue(description)}`);
  if (rerunnable !== undefined && typeof rerunnable !== 'boolean') problems.push(`rerunnable must be true or false, not ${describeValue(rerunnable)}`);
  if (run === undefined) problems.push('run is missing; give a function run(input, context)');
  else if (typeof run !== 'function') problems.push(`run must be a function run(input, context), not ${describeValue(run)}`);
  let validate: ReturnType<typeof compileInputSchema> | undefined;
  if (input === undefined) problems.push('input is missing; give the JSON Schema of the input ({type: object, properties: {…}})');
  else {
    try {
      validate = compileInputSchema(input);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length || !validate || typeof name !== 'string' || typeof run !== 'function') return undefined;
  const schema = input as Record<string, unknown>;
  const check = validate;
  return {
    name,
    description: typeof description === 'string' ? description : '',
    params: paramsOf(schema),
    acceptsExtra: schema.additionalProperties !== false,
    ...(rerunnable === true ? { rerunnable: true } : {}),
    inputSchema: schema,
    prepareInput: (given) => validateInput(name, check, given),
    source: { kind: 'plugin', file },
    run: async (prepared, context) => run.call(entry, prepared, context),
  };
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (value === undefined) return 'missing';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
