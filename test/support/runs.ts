import fs from 'node:fs';
import path from 'node:path';

/** How often the Counter fixture's workflow for `phase` ran for `name` (one file per run). */
export function runsOf(filesRoot: string, name: string, phase: 'create' | 'update' | 'delete'): number {
  const dir = path.join(filesRoot, 'runs');
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir).filter((f) => f.startsWith(`${name}.${phase}.`)).length;
}
