/**
 * Compiles template statements into closures that append rendered text. Printed values use
 * Python's `str()`, as Jinja2 renders them; an undefined value raises instead of printing ''.
 */
import { pythonStr } from '../python-format.js';
import { JinjaRuntimeError, valueError } from './errors.js';
import { compileArguments, compileExpression, type Evaluate } from './evaluator.js';
import type { FilterCall, Stmt, Target } from './nodes.js';
import { LoopContext, Namespace } from './runtime-objects.js';
import type { Frame } from './runtime.js';
import { defined, isDict, isLenientUndefined, iterate, JinjaObject, truthy, Undefined } from './values.js';

export type Render = (frame: Frame, output: string[]) => void;

/** What Jinja2 prints for a value: strings as they are, everything else through `str()`. */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isLenientUndefined(value)) return '';
  defined(value);
  if (value instanceof JinjaObject) return value.describe();
  return pythonStr(assertNoUndefined(value));
}

/**
 * Jinja2 prints an undefined value inside a list as `Undefined`; Python formatting here cannot,
 * so it raises the undefined error, which names what was missing.
 */
function assertNoUndefined(value: unknown): unknown {
  if (value instanceof Undefined) value.fail();
  if (Array.isArray(value)) value.forEach(assertNoUndefined);
  else if (isDict(value)) Object.values(value).forEach(assertNoUndefined);
  return value;
}

export function compileBody(body: readonly Stmt[]): Render {
  const statements = body.map(compileStatement);
  if (statements.length === 1) return statements[0]!;
  return (frame, output) => {
    for (const statement of statements) statement(frame, output);
  };
}

function compileStatement(node: Stmt): Render {
  switch (node.kind) {
    case 'text': {
      const text = node.text;
      return (_frame, output) => void output.push(text);
    }
    case 'print': {
      const expr = compileExpression(node.expr);
      return (frame, output) => void output.push(renderValue(expr(frame)));
    }
    case 'if':
      return compileIf(node);
    case 'for':
      return compileFor(node);
    case 'set': {
      const assign = compileAssignment(node.target);
      const value = compileExpression(node.value);
      return (frame) => assign(frame, value(frame));
    }
    case 'setBlock': {
      const assign = compileAssignment(node.target);
      const capture = compileCapture(node.body, node.filters);
      return (frame) => assign(frame, capture(frame));
    }
    case 'filterBlock': {
      const capture = compileCapture(node.body, node.filters);
      return (frame, output) => void output.push(renderValue(capture(frame)));
    }
    case 'with':
      return compileWith(node);
  }
}

function compileIf(node: Extract<Stmt, { kind: 'if' }>): Render {
  const branches = node.branches.map(({ test, body }) => ({ test: compileExpression(test), body: compileBody(body) }));
  const otherwise = compileBody(node.otherwise);
  return (frame, output) => {
    for (const branch of branches) {
      if (truthy(branch.test(frame))) return branch.body(frame, output);
    }
    otherwise(frame, output);
  };
}

function compileFor(node: Extract<Stmt, { kind: 'for' }>): Render {
  const iterable = compileExpression(node.iterable);
  const assign = compileAssignment(node.target);
  const condition = node.condition ? compileExpression(node.condition) : undefined;
  const body = compileBody(node.body);
  const otherwise = compileBody(node.otherwise);
  const selectItems = (frame: Frame, value: unknown): unknown[] => {
    const items = iterate(defined(value));
    if (!condition) return items;
    // The loop filter sees the loop target but not `loop`.
    return items.filter((item) => {
      const scope = frame.child();
      assign(scope, item);
      return truthy(condition(scope));
    });
  };
  const run = (frame: Frame, output: string[], value: unknown, depth0: number): void => {
    const items = selectItems(frame, value);
    if (items.length === 0) return otherwise(frame, output);
    const recurse = node.recursive ? (children: unknown, depth: number) => capture(frame, children, depth) : undefined;
    const loop = new LoopContext(items, depth0, recurse);
    for (const [index, item] of items.entries()) {
      loop.index0 = index;
      const scope = frame.child();
      scope.assign('loop', loop);
      assign(scope, item);
      body(scope, output);
    }
  };
  const capture = (frame: Frame, value: unknown, depth0: number): string => {
    const output: string[] = [];
    run(frame, output, value, depth0);
    return output.join('');
  };
  return (frame, output) => run(frame, output, iterable(frame), 0);
}

function compileWith(node: Extract<Stmt, { kind: 'with' }>): Render {
  const assignments = node.assignments.map(([target, value]) => [compileAssignment(target), compileExpression(value)] as const);
  const body = compileBody(node.body);
  return (frame, output) => {
    const scope = frame.child();
    for (const [assign, value] of assignments) assign(scope, value(frame));
    body(scope, output);
  };
}

/** Renders a block body to a string, then applies the block's filters (`{% filter upper %}`). */
function compileCapture(bodyNodes: readonly Stmt[], filters: readonly FilterCall[]): Evaluate {
  const body = compileBody(bodyNodes);
  const calls = filters.map(({ name, args }) => ({ name, args: compileArguments(args) }));
  return (frame) => {
    const output: string[] = [];
    body(frame, output);
    let value: unknown = output.join('');
    for (const { name, args } of calls) {
      const call = args(frame);
      value = frame.runtime.callFilter(name, value, call.args, call.kwargs);
    }
    return value;
  };
}

type Assign = (frame: Frame, value: unknown) => void;

function compileAssignment(target: Target): Assign {
  switch (target.kind) {
    case 'name': {
      const name = target.name;
      return (frame, value) => frame.assign(name, value);
    }
    case 'tuple': {
      const parts = target.items.map(compileAssignment);
      return (frame, value) => {
        const items = iterate(defined(value));
        if (items.length !== parts.length) throw unpackError(parts.length, items.length);
        parts.forEach((assign, index) => assign(frame, items[index]));
      };
    }
    case 'attribute': {
      const { namespace, attribute } = target;
      return (frame, value) => {
        const holder = frame.lookup(namespace);
        if (!(holder instanceof Namespace)) throw new JinjaRuntimeError('TemplateRuntimeError', 'cannot assign attribute on non-namespace object');
        holder.attributes[attribute] = value;
      };
    }
  }
}

function unpackError(expected: number, actual: number): JinjaRuntimeError {
  if (actual > expected) return valueError(`too many values to unpack (expected ${expected})`);
  return valueError(`not enough values to unpack (expected ${expected}, got ${actual})`);
}
