/**
 * Compiles expression nodes into closures once, so evaluating the same expression again only
 * runs the closures (the engine evaluates the same strings many times).
 */
import { getAttribute, getItem } from './attributes.js';
import { callValue } from './callables.js';
import { dictKey } from './collection-methods.js';
import type { Arguments, Expr } from './nodes.js';
import { applyBinary, applyCompare, applyUnary } from './operators.js';
import { LoopContext } from './runtime-objects.js';
import type { Frame } from './runtime.js';
import { sliceSequence, tuple } from './sequences.js';
import { pythonStr } from '../python-format.js';
import { defined, emptyKwargs, isDict, iterate, type Kwargs, truthy, Undefined } from './values.js';

export type Evaluate = (frame: Frame) => unknown;

type ArgumentsEvaluator = (frame: Frame) => { args: unknown[]; kwargs: Kwargs };


export function compileExpression(node: Expr): Evaluate {
  switch (node.kind) {
    case 'const': {
      const value = node.value;
      return () => value;
    }
    case 'name': {
      const name = node.name;
      return (frame) => frame.lookup(name);
    }
    case 'list': {
      const items = node.items.map(compileExpression);
      return (frame) => items.map((item) => item(frame));
    }
    case 'tuple': {
      const items = node.items.map(compileExpression);
      return (frame) => tuple(items.map((item) => item(frame)));
    }
    case 'dict':
      return compileDict(node.entries);
    case 'getattr': {
      const target = compileExpression(node.target);
      const name = node.name;
      return (frame) => getAttribute(target(frame), name);
    }
    case 'getitem': {
      const target = compileExpression(node.target);
      const key = compileExpression(node.key);
      return (frame) => getItem(target(frame), key(frame));
    }
    case 'slice':
      return compileSlice(node);
    default:
      return compileOperation(node);
  }
}

function compileOperation(node: Expr): Evaluate {
  switch (node.kind) {
    case 'call':
      return compileCall(compileExpression(node.callee), compileArguments(node.args));
    case 'filter': {
      const value = compileExpression(node.value);
      const args = compileArguments(node.args);
      const name = node.name;
      return (frame) => {
        const piped = value(frame);
        const call = args(frame);
        return frame.runtime.callFilter(name, piped, call.args, call.kwargs);
      };
    }
    case 'test': {
      const value = compileExpression(node.value);
      const args = compileArguments(node.args);
      const { name, negated } = node;
      return (frame) => {
        const call = args(frame);
        return frame.runtime.callTest(name, value(frame), call.args, call.kwargs) !== negated;
      };
    }
    case 'unary': {
      const operand = compileExpression(node.operand);
      const operator = node.operator;
      return (frame) => applyUnary(operator, operand(frame));
    }
    case 'binary': {
      const left = compileExpression(node.left);
      const right = compileExpression(node.right);
      const operator = node.operator;
      return (frame) => applyBinary(operator, left(frame), right(frame));
    }
    default:
      return compileLogic(node);
  }
}

function compileLogic(node: Expr): Evaluate {
  switch (node.kind) {
    case 'and': {
      const left = compileExpression(node.left);
      const right = compileExpression(node.right);
      return (frame) => {
        const value = left(frame);
        return truthy(value) ? right(frame) : value;
      };
    }
    case 'or': {
      const left = compileExpression(node.left);
      const right = compileExpression(node.right);
      return (frame) => {
        const value = left(frame);
        return truthy(value) ? value : right(frame);
      };
    }
    case 'compare':
      return compileCompare(node);
    case 'condition': {
      const test = compileExpression(node.test);
      const then = compileExpression(node.then);
      const hint = `the inline if-expression on line ${node.line} evaluated to false and no else section was defined.`;
      const otherwise = node.otherwise ? compileExpression(node.otherwise) : () => Undefined.lenient(hint);
      return (frame) => (truthy(test(frame)) ? then(frame) : otherwise(frame));
    }
    default:
      throw new Error(`Unknown expression node ${node.kind}`);
  }
}

/** `a < b < c` is `a < b and b < c`, each operand evaluated once. */
function compileCompare(node: Extract<Expr, { kind: 'compare' }>): Evaluate {
  const first = compileExpression(node.first);
  const rest = node.rest.map(({ operator, operand }) => ({ operator, operand: compileExpression(operand) }));
  return (frame) => {
    let left = first(frame);
    for (const { operator, operand } of rest) {
      const right = operand(frame);
      if (!applyCompare(operator, left, right)) return false;
      left = right;
    }
    return true;
  };
}

function compileDict(entries: ReadonlyArray<readonly [Expr, Expr]>): Evaluate {
  const compiled = entries.map(([key, value]) => [compileExpression(key), compileExpression(value)] as const);
  return (frame) => {
    const result: Record<string, unknown> = {};
    for (const [key, value] of compiled) {
      const name = defined(key(frame));
      result[dictKey(name) ?? pythonStr(name)] = value(frame);
    }
    return result;
  };
}

function compileSlice(node: Extract<Expr, { kind: 'slice' }>): Evaluate {
  const target = compileExpression(node.target);
  const none = (): null => null;
  const start = node.start ? compileExpression(node.start) : none;
  const stop = node.stop ? compileExpression(node.stop) : none;
  const step = node.step ? compileExpression(node.step) : none;
  return (frame) => sliceSequence(target(frame), start(frame), stop(frame), step(frame));
}

function compileCall(callee: Evaluate, args: ArgumentsEvaluator): Evaluate {
  return (frame) => {
    const target = callee(frame);
    const call = args(frame);
    // A recursive loop renders its body again for the children: `loop(item.children)`.
    if (target instanceof LoopContext) return target.callRecursive(call.args[0]);
    return callValue(target, call.args, call.kwargs);
  };
}

export function compileArguments(node: Arguments): ArgumentsEvaluator {
  const positional = node.positional.map(compileExpression);
  const keywords = node.keywords.map(({ name, value }) => [name, compileExpression(value)] as const);
  const star = node.star ? compileExpression(node.star) : undefined;
  const doubleStar = node.doubleStar ? compileExpression(node.doubleStar) : undefined;
  return (frame) => {
    const args = positional.map((arg) => arg(frame));
    if (star) args.push(...iterate(star(frame)));
    const kwargs = emptyKwargs();
    for (const [name, value] of keywords) kwargs[name] = value(frame);
    if (doubleStar) {
      const extra = defined(doubleStar(frame));
      if (isDict(extra)) Object.assign(kwargs, extra);
    }
    return { args, kwargs };
  };
}
