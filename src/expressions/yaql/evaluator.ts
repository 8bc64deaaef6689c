/**
 * Compiles a YAQL syntax tree into nested closures once, so evaluating `$.x` or `task(a).result`
 * on the engine's hot path is a handful of function calls with no parsing or lookups by text.
 */
import type { CallNode, MappingRuleNode, YaqlNode } from './ast.js';
import type { Lambda, LibraryFunction, MappingRule } from './library.js';
import { Scope } from './library.js';
import { applyBinary, applyUnary, getAttribute, indexValue } from './operators.js';
import { LIBRARY } from './stdlib.js';
import { convertOutput } from './output.js';
import { YaqlContextValue, YaqlError, isDict, noMatchingFunction, noMatchingMethod, truthy } from './values.js';
import { MISTRAL_FUNCTIONS } from '../mistral-functions.js';
import type { ExpressionFunction } from '../types.js';

export type Evaluator = (scope: Scope) => unknown;

/**
 * Keyword parameter names of Mistral's engine functions, so `tasks(state => SUCCESS)` reaches
 * the right position of a function that takes positional arguments only.
 */
const ENGINE_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  task: ['task_name'],
  tasks: ['workflow_execution_id', 'recursive', 'state', 'flat'],
  executions: ['id', 'root_execution_id', 'state', 'from_time', 'to_time'],
  global: ['var_name'],
  json_parse: ['data'], json_dump: ['data'], yaml_parse: ['data'], yaml_dump: ['data'],
};

export function compileNode(node: YaqlNode): Evaluator {
  switch (node.kind) {
    case 'constant': {
      const value = node.value;
      return () => value;
    }
    case 'keyword': {
      const name = node.name;
      return () => name;
    }
    case 'variable':
      return compileVariable(node.name);
    case 'call':
      return compileCall(node, undefined);
    case 'method':
      return compileNullSafe(compileNode(node.receiver), compileCall(node.call, 0), node.nullSafe);
    case 'attribute':
      return compileAttribute(node.receiver, node.name, node.nullSafe);
    case 'dotExpression': {
      const inner = compileNode(node.expression);
      const evaluate = (scope: Scope, receiver: unknown): unknown => inner(scope.withArguments([receiver]));
      return compileNullSafe(compileNode(node.receiver), evaluate, node.nullSafe);
    }
    case 'index': {
      const target = compileNode(node.target);
      const args = node.args.map(compileNode);
      return (scope) => indexValue(target(scope), args.map((arg) => arg(scope)));
    }
    case 'list': {
      const items = node.items.map(compileNode);
      return (scope) => items.map((item) => item(scope));
    }
    case 'dict':
      return compileDict(node.rules);
    case 'binary':
      return compileBinary(node.operator, compileNode(node.left), compileNode(node.right));
    case 'unary': {
      const operand = compileNode(node.operand);
      const operator = node.operator;
      return (scope) => applyUnary(operator, operand(scope));
    }
  }
}

function compileVariable(name: string): Evaluator {
  if (name === '') return (scope) => scope.dollar;
  return (scope) => scope.lookup(name);
}

type ReceiverEvaluator = (scope: Scope, receiver: unknown) => unknown;

function compileNullSafe(receiver: Evaluator, apply: ReceiverEvaluator, nullSafe: boolean): Evaluator {
  if (!nullSafe) return (scope) => apply(scope, receiver(scope));
  return (scope) => {
    const value = receiver(scope);
    return value === null || value === undefined ? null : apply(scope, value);
  };
}

function compileAttribute(receiverNode: YaqlNode, name: string, nullSafe: boolean): Evaluator {
  const receiver = compileNode(receiverNode);
  if (nullSafe) {
    return (scope) => {
      const value = receiver(scope);
      return value === null || value === undefined ? null : getAttribute(value, name);
    };
  }
  // Fast path for `$.x` on a mapping, the most frequent expression in workflows.
  return (scope) => {
    const value = receiver(scope);
    if (isDict(value) && Object.hasOwn(value, name)) return value[name];
    return getAttribute(value, name);
  };
}

function compileDict(rules: readonly MappingRuleNode[]): Evaluator {
  const library = LIBRARY['dict'] as LibraryFunction;
  const compiled = rules.map((rule) => ({ key: compileNode(rule.key), value: compileNode(rule.value) }));
  return (scope) => {
    const evaluated = compiled.map((rule) => ({ key: rule.key(scope), value: rule.value(scope) }));
    return library.call([], { name: 'dict', scope, isMethod: false, rules: evaluated });
  };
}

function compileBinary(operator: string, left: Evaluator, right: Evaluator): Evaluator {
  switch (operator) {
    case 'and':
      return (scope) => {
        const value = left(scope);
        return truthy(value) ? right(scope) : value;
      };
    case 'or':
      return (scope) => {
        const value = left(scope);
        return truthy(value) ? value : right(scope);
      };
    case '->':
      return (scope) => {
        const context = left(scope);
        if (!(context instanceof YaqlContextValue)) throw new YaqlError('No function "#operator_->" matches supplied arguments');
        return right(scope.withVariables(context.variables));
      };
    default:
      return (scope) => applyBinary(operator, left(scope), right(scope));
  }
}

/** A call `name(args)`, or with `receiverSlot` 0 a method call whose receiver becomes args[0]. */
function compileCall(node: CallNode, receiverSlot: 0 | undefined): (scope: Scope, receiver?: unknown) => unknown {
  const isMethod = receiverSlot !== undefined;
  const library = Object.hasOwn(LIBRARY, node.name) ? LIBRARY[node.name] : undefined;
  const mistral = Object.hasOwn(MISTRAL_FUNCTIONS, node.name) ? MISTRAL_FUNCTIONS[node.name] : undefined;
  const libraryCall = library ? compileLibraryCall(node, library, isMethod) : undefined;
  const engineCall = isMethod ? undefined : compileEngineCall(node);
  const name = node.name;
  return (scope, receiver) => {
    if (engineCall) {
      const engineFunction = scope.functions && Object.hasOwn(scope.functions, name) ? scope.functions[name] : undefined;
      if (engineFunction) return engineCall(scope, engineFunction);
      if (mistral) return engineCall(scope, mistral);
    }
    if (libraryCall) return libraryCall(scope, receiver);
    if (isMethod) throw noMatchingMethod(name, receiver);
    throw new YaqlError(`Unknown function "${name}"`);
  };
}

/** Engine and Mistral functions take evaluated positional arguments; keywords map by name. */
function compileEngineCall(node: CallNode): (scope: Scope, target: ExpressionFunction) => unknown {
  const args = node.args.map(compileNode);
  const parameterNames = ENGINE_PARAMETERS[node.name] ?? [];
  const keywordSlots = node.rules.map((rule) => ({ slot: keywordSlot(rule, parameterNames), value: compileNode(rule.value) }));
  return (scope, target) => {
    const values = args.map((arg) => arg(scope));
    for (const { slot, value } of keywordSlots) {
      if (slot < 0) throw noMatchingFunction(node.name);
      while (values.length < slot) values.push(null);
      values[slot] = value(scope);
    }
    return target(...values.map(convertOutput));
  };
}

function keywordSlot(rule: MappingRuleNode, names: readonly string[]): number {
  return rule.key.kind === 'keyword' ? names.indexOf(rule.key.name) : -1;
}

function compileLibraryCall(node: CallNode, library: LibraryFunction, isMethod: boolean): (scope: Scope, receiver: unknown) => unknown {
  const offset = isMethod ? 1 : 0;
  const argNodes: (YaqlNode | undefined)[] = isMethod ? [undefined, ...node.args] : [...node.args];
  const rules = library.rules ? node.rules : [];
  if (!library.rules && !placeKeywordArguments(node, library, argNodes)) {
    return () => {
      throw noMatchingFunction(node.name);
    };
  }
  const lambdaSlots = new Set(library.lambdas ?? []);
  const args = argNodes.map((argNode, slot) => compileArgument(argNode, lambdaSlots.has(slot)));
  const ruleEvaluators = rules.map((rule) => compileRule(rule, library.rules === 'lambdas'));
  const name = node.name;
  return (scope, receiver) => {
    const values = args.map((arg) => arg(scope));
    if (offset) values[0] = receiver;
    const evaluatedRules = ruleEvaluators.map((rule) => rule(scope));
    return library.call(values, { name, scope, isMethod, rules: evaluatedRules });
  };
}

/**
 * Fills keyword arguments (`first(default => 0)`) into the positions of the named parameters;
 * false when a keyword names no parameter or one already given positionally.
 */
function placeKeywordArguments(node: CallNode, library: LibraryFunction, argNodes: (YaqlNode | undefined)[]): boolean {
  for (const rule of node.rules) {
    const slot = keywordSlot(rule, library.params ?? []);
    if (slot < 0 || argNodes[slot] !== undefined) return false;
    while (argNodes.length < slot) argNodes.push(undefined);
    argNodes[slot] = rule.value;
  }
  return true;
}

function compileArgument(node: YaqlNode | undefined, asLambda: boolean): Evaluator {
  if (node === undefined) return () => undefined;
  const evaluate = compileNode(node);
  if (!asLambda) return evaluate;
  return (scope): Lambda => (...lambdaArgs) => evaluate(scope.withArguments(lambdaArgs));
}

function compileRule(rule: MappingRuleNode, lazy: boolean): (scope: Scope) => MappingRule {
  const key = compileNode(rule.key);
  const value = compileNode(rule.value);
  if (lazy) return (scope) => ({ key: () => key(scope), value: () => value(scope) });
  return (scope) => ({ key: key(scope), value: value(scope) });
}
