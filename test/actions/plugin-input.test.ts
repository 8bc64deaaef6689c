import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadActionPlugins } from '../../src/actions/plugin-loader.js';
import { ActionRegistry } from '../../src/actions/registry.js';
import { readConfig } from '../../src/config.js';
import { StackhookError } from '../../src/errors.js';
import { tempDir } from '../support/service.js';

const EXAMPLE_ACTIONS = fileURLToPath(new URL('../../examples/actions', import.meta.url));
const { actions } = await loadActionPlugins(EXAMPLE_ACTIONS, { isBuiltin: () => false });
const registry = new ActionRegistry(actions);
const hello = registry.get('greeting.hello')!;
const later = registry.get('greeting.later')!;

describe('a plugin action\'s input', () => {
  it('given only the required property, when prepared, then the schema\'s defaults are applied', () => {
    expect(registry.prepareInput(hello, { name: 'Ada' })).toEqual({ name: 'Ada', greeting: 'Hello', punctuation: '!' });
  });

  it('given values for optional properties, when prepared, then the given values win', () => {
    expect(registry.prepareInput(hello, { name: 'Ada', greeting: 'Hi', punctuation: '.' })).toEqual({ name: 'Ada', greeting: 'Hi', punctuation: '.' });
  });

  it('given an input, when prepared, then the caller\'s object is not changed', () => {
    const input = { name: 'Ada' };

    registry.prepareInput(hello, input);

    expect(input).toEqual({ name: 'Ada' });
  });

  it('given a missing required property, when prepared, then the message names it', () => {
    expect(() => registry.prepareInput(hello, {})).toThrow('Invalid input [name=greeting.hello, errors=[name: is required]]');
  });

  it('given a property of the wrong type and an unknown one, when prepared, then each is named with its problem', () => {
    expect(() => registry.prepareInput(hello, { name: 7, nmae: 'Ada' }))
      .toThrow('Invalid input [name=greeting.hello, errors=[nmae: is not allowed; name: must be string]]');
  });

  it('given a value outside an enum, when prepared, then the property and the allowed values are named', () => {
    expect(() => registry.prepareInput(hello, { name: 'Ada', punctuation: '?' }))
      .toThrow('Invalid input [name=greeting.hello, errors=[punctuation: must be equal to one of the allowed values]]');
  });

  it('given a number as a string, when prepared, then it is not coerced: expressions give native types', () => {
    expect(() => registry.prepareInput(later, { name: 'Ada', delay_ms: '10' }))
      .toThrow('Invalid input [name=greeting.later, errors=[delay_ms: must be integer]]');
  });

  it('given a valid input, when the example action runs, then it greets', async () => {
    const input = registry.prepareInput(hello, { name: 'Ada' });
    const context = { logger: { info: () => undefined } } as never;

    expect(await hello.run(input, context)).toEqual({ message: 'Hello, Ada!' });
  });

  it('given a nested property that fails, when prepared, then its path is named', async () => {
    const dir = tempDir('stackhook-plugins-');
    fs.writeFileSync(path.join(dir, 'nested.mjs'), `export default { name: 'demo.nested', run() {}, input: {
      type: 'object', properties: { server: { type: 'object', required: ['port'], properties: { port: { type: 'integer', maximum: 65535 } } } } } };\n`);
    const loaded = await loadActionPlugins(dir, { isBuiltin: () => false });
    fs.rmSync(dir, { recursive: true, force: true });
    const nested = loaded.actions[0]!;

    expect(() => nested.prepareInput!({ server: { port: 70000 } })).toThrow('errors=[server.port: must be <= 65535]');
    expect(() => nested.prepareInput!({ server: {} })).toThrow('errors=[server.port: is required]');
  });
});

describe('the --actions-dir setting', () => {
  it('given no flag and no ./actions directory, when read, then there is no actions directory', () => {
    const cwd = tempDir();

    expect(readConfig([], {}, cwd).actionsDir).toBeNull();
    fs.rmSync(cwd, { recursive: true });
  });

  it('given no flag and an ./actions directory, when read, then it is the default', () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, 'actions'));

    expect(readConfig([], {}, cwd).actionsDir).toBe(path.join(cwd, 'actions'));
    fs.rmSync(cwd, { recursive: true });
  });

  it('given the environment variable and the flag, when read, then the flag wins, relative to the working directory', () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, 'a'));
    fs.mkdirSync(path.join(cwd, 'b'));

    expect(readConfig([], { STACKHOOK_ACTIONS_DIR: 'a' }, cwd).actionsDir).toBe(path.join(cwd, 'a'));
    expect(readConfig(['--actions-dir', 'b'], { STACKHOOK_ACTIONS_DIR: 'a' }, cwd).actionsDir).toBe(path.join(cwd, 'b'));
    fs.rmSync(cwd, { recursive: true });
  });

  it('given a directory that does not exist, when read, then the message names the flag and the variable', () => {
    const cwd = tempDir();
    let error: unknown;
    try {
      readConfig(['--actions-dir', 'missing'], {}, cwd);
    } catch (e) {
      error = e;
    }
    fs.rmSync(cwd, { recursive: true });

    expect(error).toBeInstanceOf(StackhookError);
    expect((error as StackhookError).message).toBe('--actions-dir / STACKHOOK_ACTIONS_DIR is "missing"; expected a directory of action plugin modules');
  });
});
