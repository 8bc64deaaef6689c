import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionFailure, type ActionDefinition } from '../../src/actions/action.js';
import { fileActions } from '../../src/actions/file-actions.js';
import { ActionRegistry } from '../../src/actions/registry.js';
import { OutboundHttp } from '../../src/http/outbound.js';
import { actionContext } from '../support/action-context.js';

const http = new OutboundHttp();
let parent: string;
let root: string;
let registry: ActionRegistry;

beforeEach(() => {
  parent = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'stackhook-files-')));
  root = path.join(parent, 'root');
  fs.mkdirSync(root);
  registry = new ActionRegistry(fileActions(root));
});

afterEach(() => {
  fs.rmSync(parent, { recursive: true, force: true });
});

afterAll(async () => {
  await http.close();
});

function run(name: string, input: Record<string, unknown>): Promise<unknown> {
  const definition = registry.get(name) as ActionDefinition;
  return definition.run(registry.prepareInput(definition, input), actionContext(http));
}

function modeOf(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

describe('file.write', () => {
  it('given a new path in a new directory, when written with a mode, then the file has the content and mode and no temporary file is left', async () => {
    const result = await run('file.write', { path: 'zones/example.org', content: 'www A 10.0.0.1\n', mode: '0600' });

    const file = path.join(root, 'zones/example.org');
    expect(result).toEqual({ path: 'zones/example.org', size: 15, sha256: sha256('www A 10.0.0.1\n'), content: 'www A 10.0.0.1\n' });
    expect(fs.readFileSync(file, 'utf8')).toBe('www A 10.0.0.1\n');
    expect(modeOf(file)).toBe(0o600);
    expect(fs.readdirSync(path.join(root, 'zones'))).toEqual(['example.org']);
  });

  it('given an existing file, when written again, then it is replaced whole', async () => {
    await run('file.write', { path: 'a.txt', content: 'a much longer first version' });

    const result = await run('file.write', { path: 'a.txt', content: 'é' });

    expect(fs.readFileSync(path.join(root, 'a.txt'), 'utf8')).toBe('é');
    expect(result).toMatchObject({ size: 2 });
    expect(fs.readdirSync(root)).toEqual(['a.txt']);
  });

  it('given an existing file, when written with create_only, then it is refused and left as it was', async () => {
    await run('file.write', { path: 'a.txt', content: 'first' });

    const failure = await run('file.write', { path: 'a.txt', content: 'second', create_only: true }).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(ActionFailure);
    expect((failure as ActionFailure).data).toBe('a.txt already exists');
    expect(fs.readFileSync(path.join(root, 'a.txt'), 'utf8')).toBe('first');
  });

  it('given no such file, when written with create_only, then it is created', async () => {
    await run('file.write', { path: 'b.txt', content: 'only', create_only: true });

    expect(fs.readFileSync(path.join(root, 'b.txt'), 'utf8')).toBe('only');
  });
});

describe('file.read, file.delete, file.chmod', () => {
  it('given a written file, when read, then its content, size and hash come back', async () => {
    fs.writeFileSync(path.join(root, 'r.txt'), 'read me');

    await expect(run('file.read', { path: 'r.txt' })).resolves.toEqual({ path: 'r.txt', size: 7, sha256: sha256('read me'), content: 'read me' });
  });

  it('given no such file, when read, then it fails', async () => {
    await expect(run('file.read', { path: 'absent.txt' })).rejects.toThrow(/ENOENT/);
  });

  it('given a file, when deleted twice, then the first deletes it and the second succeeds with deleted=false', async () => {
    fs.writeFileSync(path.join(root, 'd.txt'), 'x');

    await expect(run('file.delete', { path: 'd.txt' })).resolves.toEqual({ path: 'd.txt', deleted: true });
    await expect(run('file.delete', { path: 'd.txt' })).resolves.toEqual({ path: 'd.txt', deleted: false });
    expect(fs.existsSync(path.join(root, 'd.txt'))).toBe(false);
  });

  it('given a file, when chmod to 0400, then its mode is 0400', async () => {
    fs.writeFileSync(path.join(root, 'c.txt'), 'x', { mode: 0o644 });

    await expect(run('file.chmod', { path: 'c.txt', mode: '0400' })).resolves.toEqual({ path: 'c.txt', mode: '0400' });
    expect(modeOf(path.join(root, 'c.txt'))).toBe(0o400);
  });
});

describe('paths outside the root', () => {
  const escapes = ['../outside.txt', 'a/../../outside.txt', '/etc/passwd', '../root-sibling/x.txt'];

  it.each(escapes)('given the path %s, when written, then it is refused and nothing is written outside the root', async (target) => {
    fs.mkdirSync(path.join(parent, 'root-sibling'), { recursive: true });

    const failure = await run('file.write', { path: target, content: 'x' }).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(ActionFailure);
    expect((failure as ActionFailure).data).toBe(`path ${target} is outside the files root`);
    expect(fs.readdirSync(parent).sort()).toEqual(['root', 'root-sibling']);
    expect(fs.readdirSync(path.join(parent, 'root-sibling'))).toEqual([]);
  });

  it('given paths outside the root, when read, deleted or chmod, then each is refused', async () => {
    fs.writeFileSync(path.join(parent, 'outside.txt'), 'secret');

    for (const [name, input] of [
      ['file.read', { path: '../outside.txt' }],
      ['file.delete', { path: '../outside.txt' }],
      ['file.chmod', { path: '../outside.txt', mode: '0777' }],
    ] as const) {
      await expect(run(name, input)).rejects.toBeInstanceOf(ActionFailure);
    }
    expect(fs.readFileSync(path.join(parent, 'outside.txt'), 'utf8')).toBe('secret');
  });

  it('given an empty or non-string path, when written, then it is refused', async () => {
    await expect(run('file.write', { path: '', content: 'x' })).rejects.toThrow('path must be a non-empty string');
    await expect(run('file.write', { path: 7, content: 'x' })).rejects.toThrow('path must be a non-empty string');
  });
});
