/**
 * Inline parameters: `std.echo output="x" n=1`, `fail msg=<% $.m %>`, one-line `retry:`.
 * A port of lang/base.py `_parse_cmd_and_input` including its regular expressions, so odd inputs
 * split the way Mistral splits them (e.g. `x=1.5` yields `1`, quoted values are not unescaped).
 */
const EXPRESSION_ALTERNATIVES = '(\\{\\{(.*?)\\}\\})|<%.*?%>';
const VALUE_ALTERNATIVES = [
  '"[^"]*"\\s*',
  "'[^']*'\\s*",
  EXPRESSION_ALTERNATIVES,
  '\\[.*\\]\\s*',
  'true',
  'false',
  'null',
  '\\d+',
].join('|');

// Python's `\w` is Unicode-aware; `\p{L}\p{N}_` is its JavaScript spelling.
const CMD_PATTERN = /^([\p{L}\p{N}_.]+[^=(\s"]*|<%.*?%>|\{\{.*\}\}|\{%.*%\})/u;
const PARAMS_PATTERN = new RegExp(`([-_\\p{L}\\p{N}]+)=(${VALUE_ALTERNATIVES})`, 'gu');

export interface CommandAndParams {
  readonly name: string;
  readonly params: Record<string, unknown>;
}

/** Python `str.strip()` for the whitespace these values can carry. */
function strip(text: string): string {
  return text.replace(/^\s+|\s+$/g, '');
}

function decodeValue(raw: string): unknown {
  const v = strip(raw);
  if (v.startsWith('"') || v.startsWith("'")) return v.slice(1, -1);
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/**
 * Splits a command string into its name and inline params. Returns undefined when the string
 * has a space but no recognizable name (Mistral: "Invalid action/workflow task property").
 */
export function parseCommandAndParams(text: string): CommandAndParams | undefined {
  if (!text.includes(' ')) return { name: text, params: {} };
  const cmd = CMD_PATTERN.exec(text);
  if (!cmd) return undefined;
  const params: Record<string, unknown> = {};
  for (const m of text.matchAll(PARAMS_PATTERN)) params[m[1]!] = decodeValue(m[2]!);
  return { name: cmd[0], params };
}
