import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ActionFailure, type ActionDefinition } from './action.js';

/**
 * Files under one configured root directory: the real external things of the example types.
 * Paths are relative to the root; a path that would leave it is refused.
 */
export function fileActions(root: string): ActionDefinition[] {
  const resolve = (relative: unknown): string => resolveInside(root, relative);
  return [
    {
      name: 'file.write',
      description: 'Writes a file (atomically, through a temporary file) and returns its path, size and sha256.',
      params: [
        { name: 'path', required: true, description: 'Path relative to the files root' },
        { name: 'content', required: true, description: 'Text to write' },
        { name: 'mode', required: false, default: '0644', description: 'Octal permission bits' },
        { name: 'create_only', required: false, default: false, description: 'Fail if the file exists' },
      ],
      run: async (input) => {
        const file = resolve(input.path);
        if (input.create_only && (await exists(file))) throw new ActionFailure(`${String(input.path)} already exists`);
        await fs.mkdir(path.dirname(file), { recursive: true });
        const temporary = `${file}.${process.pid}.${crypto.randomUUID()}.tmp`;
        await fs.writeFile(temporary, String(input.content), { mode: parseInt(String(input.mode), 8) });
        await fs.rename(temporary, file);
        return describe(root, file, String(input.content));
      },
    },
    {
      name: 'file.read',
      description: 'Reads a file and returns its content, size and sha256.',
      params: [{ name: 'path', required: true, description: 'Path relative to the files root' }],
      run: async (input) => {
        const file = resolve(input.path);
        return describe(root, file, await fs.readFile(file, 'utf8'));
      },
    },
    {
      name: 'file.delete',
      description: 'Deletes a file; deleting one already gone succeeds with deleted=false.',
      params: [{ name: 'path', required: true, description: 'Path relative to the files root' }],
      run: async (input) => {
        const file = resolve(input.path);
        try {
          await fs.unlink(file);
          return { path: path.relative(root, file), deleted: true };
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path: path.relative(root, file), deleted: false };
          throw error;
        }
      },
    },
    {
      name: 'file.chmod',
      description: 'Changes a file\'s permission bits.',
      params: [
        { name: 'path', required: true, description: 'Path relative to the files root' },
        { name: 'mode', required: true, description: 'Octal permission bits, e.g. 0400' },
      ],
      run: async (input) => {
        const file = resolve(input.path);
        await fs.chmod(file, parseInt(String(input.mode), 8));
        return { path: path.relative(root, file), mode: String(input.mode) };
      },
    },
  ];
}

function resolveInside(root: string, relative: unknown): string {
  if (typeof relative !== 'string' || relative === '') throw new ActionFailure('path must be a non-empty string');
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) {
    throw new ActionFailure(`path ${relative} is outside the files root`);
  }
  return file;
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

function describe(root: string, file: string, content: string) {
  return {
    path: path.relative(root, file),
    size: Buffer.byteLength(content),
    sha256: crypto.createHash('sha256').update(content).digest('hex'),
    content,
  };
}
