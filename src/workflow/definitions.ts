/**
 * The per-item definition text Mistral stores and returns from its API: a workflow of a
 * multi-workflow list is re-dumped on its own (services/workflows.py
 * _cut_wf_definition_from_all), and workbook items are cut out of the workbook text by
 * indentation (lang/parser.py _parse_def_from_wb).
 */
import yaml from 'js-yaml';
import { loadMistralYaml } from './yaml.js';

/**
 * Definition text of one workflow of a workflow-list document: the whole text when it holds a
 * single workflow, else `{version, <name>: body}` dumped as YAML in block style.
 */
export function workflowListItemDefinition(text: string, name: string): string {
  const doc = loadMistralYaml(text) as Record<string, unknown>;
  const names = Object.keys(doc).filter((k) => k !== 'version');
  if (names.length === 1) return text;
  return yaml.dump({ version: doc['version'], [name]: doc[name] }, { noArrayIndent: true, lineWidth: -1, noRefs: true });
}

/** Text of `workflows:`/`actions:` item `name` of a workbook, dedented, as Mistral cuts it. */
export function workbookItemDefinition(text: string, section: 'workflows' | 'actions', name: string): string {
  const start = text.indexOf(`${section}:`);
  if (start < 0) return '';
  const lines = text.slice(start).split(/(?<=\n)/).slice(1);
  const definition: string[] = [];
  let indent = 0;
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === `${name}:`) {
      indent = line.indexOf(`${name}:`);
      definition.push(line.trimStart());
      break;
    }
  }
  for (i++; i < lines.length; i++) {
    const line = lines[i]!;
    const stripped = line.trim();
    if (!stripped) definition.push(line);
    else if (stripped.startsWith('#')) definition.push(indent > line.indexOf('#') ? line : line.slice(indent));
    else if (line.length - line.trimStart().length > indent) definition.push(line.slice(indent));
    else break;
  }
  return `${definition.join('').trimEnd()}\n`;
}
