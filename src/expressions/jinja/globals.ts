/** Jinja2's default global functions: range, dict, lipsum, cycler, joiner and namespace. */
import { builtin, PyFunction } from './callables.js';
import { dictKey } from './collection-methods.js';
import { JinjaRuntimeError, valueError } from './errors.js';
import { createJoiner, Cycler, Namespace } from './runtime-objects.js';
import { defined, isDict, iterate, type Kwargs, toInteger, truthy } from './values.js';

/** The sandbox refuses to build ranges longer than this. */
const MAX_RANGE = 100_000;

function range(args: unknown[]): number[] {
  if (args.length === 0 || args.length > 3) throw new JinjaRuntimeError('TypeError', `range expected at most 3 arguments, got ${args.length}`);
  const [start, stop, step] = args.length === 1 ? [0, toInteger(args[0]), 1] : [toInteger(args[0]), toInteger(args[1]), args.length === 3 ? toInteger(args[2]) : 1];
  if (step === 0) throw valueError('range() arg 3 must not be zero');
  const length = Math.max(0, Math.ceil((stop - start) / step));
  if (length > MAX_RANGE) {
    throw new JinjaRuntimeError('OverflowError', `Range too big. The sandbox blocks ranges larger than MAX_RANGE (${MAX_RANGE}).`);
  }
  return Array.from({ length }, (_, index) => start + index * step);
}

/** `dict(a=1)`, `dict(other)`, `dict([('a', 1)])`. */
function buildDict(args: unknown[], kwargs: Kwargs): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (args.length > 1) throw new JinjaRuntimeError('TypeError', `dict expected at most 1 argument, got ${args.length}`);
  if (args.length === 1) {
    const source = defined(args[0]);
    if (isDict(source)) Object.assign(result, source);
    else for (const pair of iterate(source)) {
      const [key, value] = iterate(pair);
      result[dictKey(key) ?? String(key)] = value;
    }
  }
  return Object.assign(result, kwargs);
}

const LOREM_WORDS = (
  'lorem ipsum dolor sit amet consectetuer adipiscing elit sed diam nonummy nibh euismod tincidunt ut laoreet ' +
  'dolore magna aliquam erat volutpat wisi enim ad minim veniam quis nostrud exerci tation ullamcorper suscipit ' +
  'lobortis nisl aliquip ex ea commodo consequat duis autem vel eum iriure in hendrerit vulputate velit esse'
).split(' ');

function lipsum(count: unknown, html: unknown, min: unknown, max: unknown): string {
  const paragraphs: string[] = [];
  for (let n = 0; n < toInteger(count); n++) {
    const length = toInteger(min) + Math.floor(Math.random() * (toInteger(max) - toInteger(min)));
    const words = Array.from({ length }, () => LOREM_WORDS[Math.floor(Math.random() * LOREM_WORDS.length)]!);
    const sentence = words.join(' ');
    paragraphs.push(`${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`);
  }
  return truthy(html) ? paragraphs.map((text) => `<p>${text}</p>`).join('\n\n') : paragraphs.join('\n\n');
}

export const GLOBALS: Readonly<Record<string, PyFunction>> = {
  range: new PyFunction('range', (args) => range(args)),
  dict: new PyFunction('dict', buildDict),
  lipsum: builtin('generate_lorem_ipsum', [['n', 5], ['html', true], ['min', 20], ['max', 100]], lipsum),
  cycler: new PyFunction('cycler', (args) => new Cycler(args)),
  joiner: builtin('joiner', [['sep', ', ']], createJoiner),
  namespace: new PyFunction('namespace', (args, kwargs) => new Namespace(buildDict(args, kwargs))),
};
