import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadActionPlugins } from '../../src/actions/plugin-loader.js';
import { StackhookError } from '../../src/errors.js';
import { createActionRegistry, loadActionRegistry } from '../../src/service.js';
import { tempDir } from '../support/service.js';

const EXAMPLE_ACTIONS = fileURLToPath(new URL('../../examples/actions', import.meta.url));

const builtins = createActionRegistry({ filesRoot: '/tmp/none' });
const options = { isBuiltin: (name: string) => builtins.has(name) };
const dirs: string[] = [];

/** A directory holding the given plugin modules, by file name. */
function pluginDir(files: Record<string, string>): string {
  const dir = tempDir('stackhook-plugins-');
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const GOOD = `export default {
  name: 'demo.add',
  description: 'Adds two numbers.',
  input: { type: 'object', required: ['a'], properties: { a: { type: 'number' }, b: { type: 'number', default: 1 } }, additionalProperties: false },
  run: async (input) => input.a + input.b,
};
`;

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('loading action plugins', () => {
  it('given the example plugin directory, when loaded, then its actions are registered with their schema, params and file', async () => {
    const { actions, issues } = await loadActionPlugins(EXAMPLE_ACTIONS, options);

    expect(issues).toEqual([]);
    expect(actions.map((a) => a.name)).toEqual(['greeting.hello', 'greeting.later']);
    const hello = actions[0]!;
    expect(hello.source).toEqual({ kind: 'plugin', file: path.join(EXAMPLE_ACTIONS, 'greeting.mjs') });
    expect(hello.params).toEqual([
      { name: 'name', required: true, description: 'Who to greet' },
      { name: 'greeting', required: false, default: 'Hello', description: 'The word to greet with' },
      { name: 'punctuation', required: false, default: '!', description: 'How to end it' },
    ]);
    expect(hello.rerunnable).toBe(true);
    expect(actions[1]!.rerunnable).toBeUndefined();
    expect(hello.inputSchema).toMatchObject({ type: 'object', required: ['name'] });
  });

  it('given a module exporting one action, when loaded, then it runs with its input', async () => {
    const dir = pluginDir({ 'add.mjs': GOOD });

    const { actions, issues } = await loadActionPlugins(dir, options);

    expect(issues).toEqual([]);
    expect(actions).toHaveLength(1);
    expect(await actions[0]!.run({ a: 2, b: 3 }, {} as never)).toBe(5);
  });

  it('given a module that is not .js or .mjs, when the directory is loaded, then it is ignored', async () => {
    const dir = pluginDir({ 'add.mjs': GOOD, 'notes.txt': 'not a module', 'types.d.ts': 'export {}' });

    const { actions } = await loadActionPlugins(dir, options);

    expect(actions.map((a) => a.name)).toEqual(['demo.add']);
  });

  it.each([
    ['Hello', 'action Hello: name "Hello" must match ^[a-z0-9_]+(\\.[a-z0-9_]+)+$'],
    ['hello', 'action hello: name "hello" must match'],
    ['my-pack.run', 'action my-pack.run: name "my-pack.run" must match'],
  ])('given the name %s, when loaded, then the file and the pattern are named', async (name, message) => {
    const dir = pluginDir({ 'bad.mjs': GOOD.replace('demo.add', name) });

    const { actions, issues } = await loadActionPlugins(dir, options);

    expect(actions).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.file).toBe(path.join(dir, 'bad.mjs'));
    expect(issues[0]!.message).toContain(message);
  });

  it('given a name in the std namespace, when loaded, then it is refused as reserved', async () => {
    const dir = pluginDir({ 'echo.mjs': GOOD.replace('demo.add', 'std.echo2') });

    const { issues } = await loadActionPlugins(dir, options);

    expect(issues).toEqual([{ file: path.join(dir, 'echo.mjs'), message: 'action std.echo2: name std.echo2 is in the std namespace, which is reserved for the standard actions' }]);
  });

  it('given the name of a built-in action, when loaded, then it is refused as a clash', async () => {
    const dir = pluginDir({ 'write.mjs': GOOD.replace('demo.add', 'file.write') });

    const { issues } = await loadActionPlugins(dir, options);

    expect(issues.map((i) => i.message)).toEqual(['action file.write: name file.write is already a built-in action']);
  });

  it('given two plugins with one name, when loaded, then the second is refused naming the first file', async () => {
    const dir = pluginDir({ 'a.mjs': GOOD, 'b.mjs': GOOD });

    const { actions, issues } = await loadActionPlugins(dir, options);

    expect(actions).toHaveLength(1);
    expect(issues).toEqual([{ file: path.join(dir, 'b.mjs'), message: `action demo.add: name demo.add is already defined in ${path.join(dir, 'a.mjs')}` }]);
  });

  it('given an input schema that does not compile, when loaded, then the problem is named', async () => {
    const dir = pluginDir({ 'bad.mjs': GOOD.replace("{ type: 'number', default: 1 }", "{ type: 'nummber' }") });

    const { issues } = await loadActionPlugins(dir, options);

    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/^action demo\.add: input is not a valid JSON Schema: .*type/);
  });

  it('given an input schema with an unknown keyword, when loaded, then strict mode refuses it', async () => {
    const dir = pluginDir({ 'bad.mjs': GOOD.replace("default: 1", "defualt: 1") });

    const { issues } = await loadActionPlugins(dir, options);

    expect(issues[0]!.message).toContain('unknown keyword: "defualt"');
  });

  it.each([
    ['an array', "input: [],", 'input must be a JSON Schema object'],
    ['a string type', "input: { type: 'string' },", 'input must be a schema of type "object"'],
    ['nothing', '', 'input is missing'],
  ])('given %s as input, when loaded, then it is refused', async (_what, replacement, message) => {
    const text = GOOD.replace(/ {2}input: .*\n/, replacement ? `  ${replacement}\n` : '');
    const dir = pluginDir({ 'bad.mjs': text });

    const { issues } = await loadActionPlugins(dir, options);

    expect(issues).toHaveLength(1);
    expect(issues[0]!.message.startsWith(`action demo.add: ${message}`)).toBe(true);
  });

  it('given a module that throws when imported, when loaded, then the file and the error are named', async () => {
    const dir = pluginDir({ 'boom.mjs': "throw new Error('no credentials configured');\n" });

    const { issues } = await loadActionPlugins(dir, options);

    expect(issues).toEqual([{ file: path.join(dir, 'boom.mjs'), message: 'failed to import: no credentials configured' }]);
  });

  it('given a module with a syntax error, when loaded, then the failure to import is named', async () => {
    const dir = pluginDir({ 'broken.js': 'export default {\n' });

    const { issues } = await loadActionPlugins(dir, options);

    expect(issues[0]!.file).toBe(path.join(dir, 'broken.js'));
    expect(issues[0]!.message).toMatch(/^failed to import: /);
  });

  it('given run that is not a function, when loaded, then it is refused', async () => {
    const dir = pluginDir({ 'bad.mjs': GOOD.replace('run: async (input) => input.a + input.b', "run: 'add'") });

    const { issues } = await loadActionPlugins(dir, options);

    expect(issues.map((i) => i.message)).toEqual(['action demo.add: run must be a function run(input, context), not the string "add"']);
  });

  it('given a module without a default export, when loaded, then it is refused', async () => {
    const dir = pluginDir({ 'named.mjs': GOOD.replace('export default', 'export const action =') });

    const { issues } = await loadActionPlugins(dir, options);

    expect(issues.map((i) => i.message)).toEqual(['has no default export; export default an action or an array of actions']);
  });

  it('given an array with a bad entry and an unknown key, when loaded, then each problem names its entry and the good one loads', async () => {
    const dir = pluginDir({
      'pack.mjs': `export default [
        { name: 'pack.ok', input: { type: 'object' }, run() { return 1; } },
        42,
        { name: 'pack.typo', inputs: { type: 'object' }, input: { type: 'object' }, run() { return 2; } },
      ];\n`,
    });

    const { actions, issues } = await loadActionPlugins(dir, options);

    expect(actions.map((a) => a.name)).toEqual(['pack.ok']);
    expect(issues.map((i) => i.message)).toEqual([
      'default export [1]: is a number, not an action object {name, description, input, run}',
      'action pack.typo: unknown key inputs; an action has name, description, input, rerunnable, run',
    ]);
  });

  it('given a bad plugin in the configured directory, when the registry is loaded, then one error names the file and the problem', async () => {
    const dir = pluginDir({ 'add.mjs': GOOD, 'bad.mjs': GOOD.replace('demo.add', 'Bad') });

    const error = await loadActionRegistry({ filesRoot: '/tmp/none', actionsDir: dir }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StackhookError);
    expect((error as StackhookError).code).toBe('ACTION_PLUGIN_INVALID');
    expect((error as StackhookError).message).toBe(`Invalid action plugins:\n${path.join(dir, 'bad.mjs')}: action Bad: name "Bad" must match ^[a-z0-9_]+(\\.[a-z0-9_]+)+$ (lowercase dotted words, such as greeting.hello)`);
  });

  it('given good plugins, when the registry is loaded, then built-ins and plugins share it', async () => {
    const registry = await loadActionRegistry({ filesRoot: '/tmp/none', actionsDir: EXAMPLE_ACTIONS });

    expect(registry.has('std.echo')).toBe(true);
    expect(registry.has('file.write')).toBe(true);
    expect(registry.get('greeting.hello')?.source?.kind).toBe('plugin');
  });
});
