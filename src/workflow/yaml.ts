/**
 * YAML loading the way Mistral loads definitions (mistral/utils/safe_yaml.py): PyYAML's
 * SafeLoader with YAML 1.1 scalar typing, anchors and aliases read as plain text, and plain
 * scalars allowed to start with `@`. Also records where every mapping key and sequence item
 * sits in the text, so callers can report `file:line:column`.
 */
import yaml from 'js-yaml';

export interface SourcePosition {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export type YamlPath = readonly (string | number)[];

/** Finds the position of the deepest known node along a path (keys: the key; items: the item). */
export type YamlLocator = (path: YamlPath) => SourcePosition | undefined;

export interface LoadedYaml {
  readonly value: unknown;
  readonly locate: YamlLocator;
  readonly source?: string;
}

/** The text is not valid YAML. Mistral reports this as "Definition could not be parsed". */
export class YamlSyntaxError extends Error {
  override readonly name = 'YamlSyntaxError';
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
    readonly source?: string,
  ) {
    super(`${source ?? '<definition>'}:${line}:${column}: Definition could not be parsed: ${reason}`);
  }
}

// PyYAML (YAML 1.1) implicit resolvers, resolver.py. Note `y`/`n` are NOT booleans there.
const BOOL_1_1 = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const INT_1_1 = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT_1_1 =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** Splits `[-+]digits` and applies the sign to what `parse` makes of the digits. */
function signed(text: string, parse: (digits: string) => number): number {
  const clean = text.replace(/_/g, '');
  const sign = clean.startsWith('-') ? -1 : 1;
  const digits = /^[-+]/.test(clean) ? clean.slice(1) : clean;
  return sign * parse(digits);
}

function sexagesimal(digits: string): number {
  return digits.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

const boolType = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && BOOL_1_1.test(data),
  construct: (data: string) => /^(?:yes|true|on)$/i.test(data),
  predicate: (v: unknown) => typeof v === 'boolean',
});

// Mirrors SafeConstructor.construct_yaml_int: 0b binary, leading 0 octal, 0x hex, a:b base 60.
const intType = new yaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && INT_1_1.test(data),
  construct: (data: string) =>
    signed(data, (d) => {
      if (d === '0') return 0;
      if (d.startsWith('0b')) return parseInt(d.slice(2), 2);
      if (d.startsWith('0x')) return parseInt(d.slice(2), 16);
      if (d.startsWith('0')) return parseInt(d, 8);
      if (d.includes(':')) return sexagesimal(d);
      return parseInt(d, 10);
    }),
  predicate: (v: unknown) => typeof v === 'number' && Number.isInteger(v),
});

const floatType = new yaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && FLOAT_1_1.test(data),
  construct: (data: string) =>
    signed(data.toLowerCase(), (d) => {
      if (d === '.inf') return Infinity;
      if (d === '.nan') return NaN;
      if (d.includes(':')) return sexagesimal(d);
      return parseFloat(d);
    }),
  predicate: (v: unknown) => typeof v === 'number',
});

// js-yaml's bundled types exist at run time but are missing from its type declarations.
const builtin = (yaml as unknown as { types: Record<'null' | 'merge' | 'binary' | 'omap' | 'pairs' | 'set', yaml.Type> }).types;

// Timestamps are left as strings: a JSON-backed store cannot hold PyYAML's date objects anyway.
const MISTRAL_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [builtin.null, boolType, intType, floatType, builtin.merge],
  explicit: [builtin.binary, builtin.omap, builtin.pairs, builtin.set],
});

/**
 * js-yaml treats `&`, `*` as anchor/alias indicators and rejects `@`; Mistral's loader reads all
 * three as ordinary text. Each is swapped for a private-use character of the same length (so
 * offsets stay valid) before parsing and swapped back in every string afterwards.
 */
interface Markers {
  readonly hide: (text: string) => string;
  readonly reveal: (text: string) => string;
}

function chooseMarkers(text: string): Markers {
  const originals = ['&', '*', '@'];
  const markers: string[] = [];
  for (let code = 0xe000; markers.length < originals.length && code <= 0xf8ff; code++) {
    const ch = String.fromCharCode(code);
    if (!text.includes(ch)) markers.push(ch);
  }
  const toMarker = new Map(originals.map((o, i) => [o, markers[i] ?? o]));
  const toOriginal = new Map(originals.map((o, i) => [markers[i] ?? o, o]));
  return {
    hide: (t) => t.replace(/[&*@]/g, (c) => toMarker.get(c) ?? c),
    reveal: (t) => (markers.length ? t.replace(new RegExp(`[${markers.join('')}]`, 'g'), (c) => toOriginal.get(c) ?? c) : t),
  };
}

function revealDeep(value: unknown, reveal: (s: string) => string): unknown {
  if (typeof value === 'string') return reveal(value);
  if (Array.isArray(value)) return value.map((v) => revealDeep(v, reveal));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[reveal(k)] = revealDeep(v, reveal);
    return out;
  }
  return value;
}

/** Python truthiness: Mistral does `safe_yaml.load(text) or {}`. */
function isPythonFalsy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

/** Loads YAML text as Mistral does and returns the value together with a position locator. */
export function loadMistralYamlWithPositions(text: string, source?: string): LoadedYaml {
  const markers = chooseMarkers(text);
  const tree = new NodeTreeBuilder();
  let raw: unknown;
  try {
    raw = yaml.load(markers.hide(text), {
      schema: MISTRAL_SCHEMA,
      json: true, // duplicate keys: last one wins, as in PyYAML
      listener: (event, state) => tree.onEvent(event, state),
      ...(source !== undefined ? { filename: source } : {}),
    });
  } catch (err) {
    throw toSyntaxError(err, markers, source);
  }
  const value = revealDeep(raw, markers.reveal);
  const locate = buildLocator(text, tree.root(), markers.reveal);
  return { value: isPythonFalsy(value) ? {} : value, locate, ...(source !== undefined ? { source } : {}) };
}

/** Loads YAML text as Mistral does (empty text → `{}`). */
export function loadMistralYaml(text: string, source?: string): unknown {
  return loadMistralYamlWithPositions(text, source).value;
}

function toSyntaxError(err: unknown, markers: Markers, source?: string): Error {
  if (!(err instanceof yaml.YAMLException)) return err instanceof Error ? err : new Error(String(err));
  const mark = err.mark as { line?: number; column?: number } | undefined;
  return new YamlSyntaxError(markers.reveal(err.reason), (mark?.line ?? 0) + 1, (mark?.column ?? 0) + 1, source);
}

// ---- positions -----------------------------------------------------------------------------

interface NodeFrame {
  readonly open: number;
  kind: string | null;
  result: unknown;
  readonly children: NodeFrame[];
}

/** Rebuilds the node tree from js-yaml's open/close listener events (properly nested). */
class NodeTreeBuilder {
  private readonly stack: NodeFrame[] = [];
  private top: NodeFrame | undefined;

  onEvent(event: string, state: { position: number; kind: string | null; result: unknown }): void {
    if (event === 'open') {
      this.stack.push({ open: state.position, kind: null, result: undefined, children: [] });
      return;
    }
    const frame = this.stack.pop();
    if (!frame) return;
    frame.kind = state.kind;
    frame.result = state.result;
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.children.push(frame);
    else this.top = frame;
  }

  root(): NodeFrame | undefined {
    return this.top;
  }
}

function pathKey(path: YamlPath): string {
  return path.map(String).join('\u0000');
}

/** Skips the blanks, line breaks and comments js-yaml had not consumed when it opened a node. */
function skipToContent(text: string, pos: number): number {
  let i = pos;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') i++;
    else if (ch === '#') while (i < text.length && text[i] !== '\n') i++;
    else break;
  }
  return i;
}

function unwrap(frame: NodeFrame): NodeFrame {
  let f = frame;
  while (f.children.length === 1 && f.children[0]!.kind === f.kind && f.children[0]!.result === f.result) f = f.children[0]!;
  return f;
}

function indexFrame(frame: NodeFrame, path: YamlPath, text: string, out: Map<string, number>, reveal: (s: string) => string): void {
  const node = unwrap(frame);
  if (node.kind === 'sequence') {
    node.children.forEach((child, i) => {
      out.set(pathKey([...path, i]), skipToContent(text, child.open));
      indexFrame(child, [...path, i], text, out, reveal);
    });
  } else if (node.kind === 'mapping' && node.children.length % 2 === 0) {
    // Pairs line up only when every key has a value node; otherwise keep the mapping position.
    for (let i = 0; i + 1 < node.children.length; i += 2) {
      const keyFrame = node.children[i]!;
      const key = reveal(String(unwrap(keyFrame).result));
      out.set(pathKey([...path, key]), skipToContent(text, keyFrame.open));
      indexFrame(node.children[i + 1]!, [...path, key], text, out, reveal);
    }
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function positionOf(starts: number[], offset: number): SourcePosition {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

function buildLocator(text: string, root: NodeFrame | undefined, reveal: (s: string) => string): YamlLocator {
  const offsets = new Map<string, number>();
  if (root) {
    offsets.set(pathKey([]), skipToContent(text, root.open));
    indexFrame(root, [], text, offsets, reveal);
  }
  let starts: number[] | undefined;
  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      const offset = offsets.get(pathKey(path.slice(0, n)));
      if (offset !== undefined) return positionOf((starts ??= lineStarts(text)), offset);
    }
    return undefined;
  };
}
