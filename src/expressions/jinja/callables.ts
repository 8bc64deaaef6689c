/**
 * Callables inside templates (built-in functions, bound methods, the engine's functions, all
 * wrapped as PyFunction) and Python-style binding of arguments to named parameters.
 */
import { typeError } from './errors.js';
import { JinjaObject, type Kwargs, typeName, Undefined } from './values.js';

export type Invoke = (args: unknown[], kwargs: Kwargs) => unknown;

export class PyFunction extends JinjaObject {
  constructor(
    readonly name: string,
    readonly invoke: Invoke,
    /** Type of the object a bound method belongs to, e.g. `dict`; absent for functions. */
    readonly ownerType?: string,
  ) {
    super();
  }

  describe(): string {
    return this.ownerType ? `<built-in method ${this.name} of ${this.ownerType} object>` : `<built-in function ${this.name}>`;
  }

  get typeName(): string {
    return 'builtin_function_or_method';
  }
}

export function callValue(callee: unknown, args: unknown[], kwargs: Kwargs): unknown {
  if (callee instanceof PyFunction) return callee.invoke(args, kwargs);
  if (callee instanceof Undefined) callee.fail();
  throw typeError(`'${typeName(callee)}' object is not callable`);
}

const REQUIRED = Symbol('required');

/** A parameter: `['name']` is required, `['name', default]` is optional. */
export type Parameter = readonly [name: string, defaultValue?: unknown];

/**
 * Binds call arguments to parameters like Python does, raising Python's TypeErrors for missing,
 * duplicated, unexpected or surplus arguments.
 */
export function bindArguments(
  functionName: string,
  args: readonly unknown[],
  kwargs: Kwargs,
  parameters: readonly Parameter[],
): unknown[] {
  if (args.length > parameters.length) {
    throw typeError(`${functionName}() takes ${parameters.length} positional arguments but ${args.length} were given`);
  }
  const bound = parameters.map(([, fallback], index) => (index < args.length ? args[index] : defaultOf(fallback, index, parameters)));
  for (const key of Object.keys(kwargs)) {
    const index = parameters.findIndex(([name]) => name === key);
    if (index < 0) throw typeError(`${functionName}() got an unexpected keyword argument '${key}'`);
    if (index < args.length) throw typeError(`${functionName}() got multiple values for argument '${key}'`);
    bound[index] = kwargs[key];
  }
  const missing = bound.findIndex((value) => value === REQUIRED);
  if (missing >= 0) {
    throw typeError(`${functionName}() missing 1 required positional argument: '${parameters[missing]![0]}'`);
  }
  return bound;
}

function defaultOf(fallback: unknown, index: number, parameters: readonly Parameter[]): unknown {
  return parameters[index]!.length < 2 ? REQUIRED : fallback;
}

/** Wraps a fixed-signature implementation as a PyFunction. */
export function builtin(
  name: string,
  parameters: readonly Parameter[],
  implementation: (...values: unknown[]) => unknown,
  ownerType?: string,
): PyFunction {
  return new PyFunction(name, (args, kwargs) => implementation(...bindArguments(name, args, kwargs, parameters)), ownerType);
}
