import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_TYPES, tempDir } from '../support/service.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli/stackhook.js', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 15_000 });

describe('stackhook CLI', () => {
  it('given valid types, when validated, then each is listed and the exit status is 0', () => {
    const result = run('validate', EXAMPLE_TYPES);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('ok Custom::ConfigFile');
  });

  it('given a bad type file, when validated, then file:line:column and the problem are printed and the exit status is 1', () => {
    const dir = tempDir('stackhook-cli-');
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'type: Custom::Bad\nproperties: {type: object}\nworkflows:\n  create:\n    tasks:\n      t: {action: nope.nothing}\n');
    const result = run('validate', dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`${dir}/bad.yaml:\\d+:\\d+: workflows\\.create.*nope\\.nothing`));
    expect(result.stderr).toContain('1 problem found');
  });

  it('given a bad type file, when serving, then start-up stops with the same message', () => {
    const dir = tempDir('stackhook-cli-');
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'type: nope\n');
    const result = run('serve', '--types-dir', dir, '--port', '0', '--data-dir', tempDir());
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid resource types:');
    expect(result.stderr).toContain(`${dir}/bad.yaml:1:1: type: must match pattern`);
  });

  it('given an invalid flag value, when serving, then the message names the flag and variable', () => {
    const result = run('serve', '--port', 'eighty');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--port / STACKHOOK_PORT is "eighty"');
  });

  it('given --help, when run, then usage with every environment variable is printed', () => {
    const result = run('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('STACKHOOK_CALLBACK_HOSTS');
  });
});
