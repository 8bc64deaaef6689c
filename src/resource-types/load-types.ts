import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { loadMistralYamlWithPositions, YamlSyntaxError, type YamlLocator } from '../workflow/yaml.js';
import { compileResourceType, type CompileOptions } from './compile-type.js';
import type { ResourceType } from './resource-type.js';
import { issueAt, type TypeFileIssue } from './type-file-issue.js';
import { TYPE_FILE_SCHEMA } from './type-file-schema.js';

const validateTypeFile = new Ajv2020({ allErrors: true, strict: false }).compile(TYPE_FILE_SCHEMA);

export interface LoadResult {
  types: ResourceType[];
  issues: TypeFileIssue[];
}

/** Loads every `*.yaml`/`*.yml` file of a directory, in name order, collecting all problems. */
export function loadResourceTypes(dir: string, options: CompileOptions = {}): LoadResult {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    return { types: [], issues: [{ file: dir, path: [], message: 'is not a directory of resource type files' }] };
  }
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  const result: LoadResult = { types: [], issues: [] };
  const seen = new Map<string, string>();
  for (const name of files) {
    const file = path.join(dir, name);
    const { type, issues } = loadResourceTypeFile(file, options);
    result.issues.push(...issues);
    if (!type) continue;
    const earlier = seen.get(type.name);
    if (earlier) result.issues.push({ file, path: ['type'], message: `${type.name} is already defined in ${earlier}` });
    else {
      seen.set(type.name, file);
      result.types.push(type);
    }
  }
  return result;
}

export function loadResourceTypeFile(file: string, options: CompileOptions): { type?: ResourceType; issues: TypeFileIssue[] } {
  let value: unknown;
  let locate: YamlLocator | undefined;
  try {
    ({ value, locate } = loadMistralYamlWithPositions(fs.readFileSync(file, 'utf8'), file));
  } catch (error) {
    if (!(error instanceof YamlSyntaxError)) throw error;
    return { issues: [{ file, path: [], line: error.line, column: error.column, message: `not valid YAML: ${error.reason}` }] };
  }
  if (!validateTypeFile(value)) {
    const issues = (validateTypeFile.errors ?? []).map((e) => {
      const where = e.instancePath.split('/').slice(1).map(decodePointer);
      const extra = e.params && 'additionalProperty' in e.params ? ` "${String(e.params.additionalProperty)}"` : '';
      return issueAt(file, locate, where, `${e.message}${extra}`);
    });
    return { issues };
  }
  return compileResourceType(file, value as Parameters<typeof compileResourceType>[1], locate, options);
}

function decodePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}
