import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/service.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli/stackhook.js', import.meta.url));
const EXAMPLE_ACTIONS = fileURLToPath(new URL('../../examples/actions', import.meta.url));
const run = (args: string[], cwd = process.cwd()) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 15_000, cwd, env: { ...process.env, STACKHOOK_ACTIONS_DIR: '' } });

describe('stackhook actions', () => {
  it('given a plugin directory, when listed, then built-ins and plugins are printed with their inputs, no server needed', () => {
    const result = run(['actions', '--actions-dir', EXAMPLE_ACTIONS]);

    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`greeting.hello  (plugin ${path.join(EXAMPLE_ACTIONS, 'greeting.mjs')})\n  Returns a greeting for name.\n  input: name: string, greeting: string="Hello", punctuation=\"!\"\n`);
    expect(result.stdout).toContain('std.echo  (builtin)\n  Returns its output, after an optional delay in seconds.\n  input: output, delay=0\n');
    expect(result.stdout).toContain('std.noop  (builtin)\n  Does nothing; the result is null.\n  input: (none)\n');
    expect(result.stdout).toMatch(/\d+ actions \(2 from plugins in .*examples\/actions\)\n$/);
  });

  it('given --json, when listed, then the same views as GET /v1/actions are printed', () => {
    const result = run(['actions', '--json', '--actions-dir', EXAMPLE_ACTIONS]);

    expect(result.status, result.stderr).toBe(0);
    const { actions } = JSON.parse(result.stdout) as { actions: { name: string; source: string; input: unknown }[] };
    expect(actions.find((a) => a.name === 'greeting.later')).toMatchObject({
      source: 'plugin', input: { type: 'object', properties: { delay_ms: { type: 'integer', default: 0 } } },
    });
    expect(actions.find((a) => a.name === 'std.fail')).toMatchObject({ source: 'builtin', input: null });
  });

  it('given a working directory with ./actions, when listed without a flag, then that directory is used', () => {
    const cwd = tempDir('stackhook-cli-');
    fs.cpSync(EXAMPLE_ACTIONS, path.join(cwd, 'actions'), { recursive: true });

    const result = run(['actions', '--json'], cwd);
    fs.rmSync(cwd, { recursive: true, force: true });

    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('"greeting.hello"');
  });

  it('given a bad plugin, when listed, then the file and the problem are printed and the exit status is 1', () => {
    const dir = tempDir('stackhook-plugins-');
    fs.writeFileSync(path.join(dir, 'oops.mjs'), "export default { name: 'oops.run', input: { type: 'object' }, run: 1 };\n");

    const result = run(['actions', '--actions-dir', dir]);
    fs.rmSync(dir, { recursive: true, force: true });

    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`stackhook: Invalid action plugins:\n${path.join(dir, 'oops.mjs')}: action oops.run: run must be a function run(input, context), not a number\n`);
  });

  it('given a type calling a plugin action, when validated with the plugin directory, then it is ok', () => {
    const types = tempDir('stackhook-types-');
    fs.writeFileSync(path.join(types, 'hello.yaml'), 'type: Custom::Hello\nproperties: {type: object}\nworkflows:\n  create:\n    tasks:\n      t: {action: greeting.hello name=x}\n');

    const without = run(['validate', types]);
    const withPlugins = run(['validate', types, '--actions-dir', EXAMPLE_ACTIONS]);
    fs.rmSync(types, { recursive: true, force: true });

    expect(without.status).toBe(1);
    expect(without.stderr).toContain('greeting.hello');
    expect(withPlugins.status, withPlugins.stderr).toBe(0);
    expect(withPlugins.stdout).toContain('ok Custom::Hello');
  });

  it('given --help, when run, then the actions command and STACKHOOK_ACTIONS_DIR are documented', () => {
    const result = run(['--help']);

    expect(result.stdout).toContain('stackhook actions [--json] [--actions-dir A]');
    expect(result.stdout).toContain('STACKHOOK_ACTIONS_DIR');
  });
});
