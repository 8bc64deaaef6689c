/** How standard-library functions are declared and called by the evaluator. */
import type { ExpressionFunction } from '../types.js';

/** A YAQL lambda argument: re-evaluates its expression with `$` (and `$1`, `$2`…) bound to args. */
export type Lambda = (...args: unknown[]) => unknown;

/** A `key => value` argument of rule-taking functions (dict, let, switch, set…). */
export interface MappingRule {
  readonly key: unknown;
  readonly value: unknown;
}

/** The evaluation scope: `$`, the `$name` variables bound by let()/lambdas, and engine functions. */
export class Scope {
  constructor(
    readonly dollar: unknown,
    readonly functions: Readonly<Record<string, ExpressionFunction>> | undefined,
    private readonly variables?: ReadonlyMap<string, unknown>,
    private readonly parent?: Scope,
    /** Lambda arguments, visible as `$1`…`$n` without building a map per element. */
    private readonly args?: readonly unknown[],
  ) {}

  /** `$name`; unknown names are null, as yaql's context lookup returns None. */
  lookup(name: string): unknown {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      if (scope.variables?.has(name)) return scope.variables.get(name);
      if (scope.args) {
        const position = Number(name);
        if (Number.isInteger(position) && position >= 1 && position <= scope.args.length) return scope.args[position - 1];
      }
    }
    return null;
  }

  /** A child scope for `->`: new variables, `$` unchanged unless one of them is `$` itself. */
  withVariables(variables: ReadonlyMap<string, unknown>): Scope {
    const dollar = variables.has('') ? variables.get('') : this.dollar;
    return new Scope(dollar, this.functions, variables, this);
  }

  /** A child scope for a lambda call: `$` is the first argument, `$1`…`$n` all of them. */
  withArguments(args: readonly unknown[]): Scope {
    return new Scope(args.length > 0 ? args[0] : this.dollar, this.functions, undefined, this, args);
  }
}

export interface CallSite {
  readonly name: string;
  readonly scope: Scope;
  /** True for `receiver.name(...)`, where args[0] is the receiver. */
  readonly isMethod: boolean;
  /** `key => value` arguments for functions declared with `rules`. */
  readonly rules: readonly MappingRule[];
}

export interface LibraryFunction {
  /** Parameter names (receiver first for methods) so keyword arguments can fill positions. */
  readonly params?: readonly string[];
  /** Positions whose argument is passed as a Lambda instead of being evaluated first. */
  readonly lambdas?: readonly number[];
  /** Takes `key => value` rules: evaluated, or as zero-argument lambdas (`switch`). */
  readonly rules?: 'values' | 'lambdas';
  readonly call: (args: unknown[], site: CallSite) => unknown;
}

export type Library = Readonly<Record<string, LibraryFunction>>;

/** Shorthand for the common case: a plain function of evaluated arguments. */
export function fn(call: (args: unknown[], site: CallSite) => unknown, params?: readonly string[]): LibraryFunction {
  return params ? { call, params } : { call };
}
