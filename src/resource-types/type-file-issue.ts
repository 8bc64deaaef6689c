import type { YamlLocator, YamlPath } from '../workflow/yaml.js';

/** One problem found in a type file: where it is and what is wrong. */
export interface TypeFileIssue {
  file: string;
  path: (string | number)[];
  line?: number;
  column?: number;
  message: string;
}

export function issueAt(file: string, locate: YamlLocator | undefined, path: YamlPath, message: string): TypeFileIssue {
  const position = locate?.(path);
  return { file, path: [...path], line: position?.line, column: position?.column, message };
}

/** `file:line:column: path: message`, the form editors and terminals link to. */
export function formatIssue(issue: TypeFileIssue): string {
  const where = issue.line ? `${issue.file}:${issue.line}:${issue.column ?? 1}` : issue.file;
  const path = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}: ${path}${issue.message}`;
}
