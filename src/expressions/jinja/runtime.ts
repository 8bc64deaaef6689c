/**
 * The state of one evaluation: the variables Mistral passes to Jinja (`_`, `__env`,
 * `__execution`, `__task_execution` and the engine's functions), Jinja's globals, and the
 * frames that `set`, `for` and `with` create.
 */
import type { ExpressionFunction, ExpressionScope } from '../types.js';
import type { PyFunction } from './callables.js';
import { engineFunction } from './engine-functions.js';
import { JinjaRuntimeError } from './errors.js';
import { FILTERS } from './filters.js';
import { GLOBALS } from './globals.js';
import { type TemplateEnvironment, TESTS } from './tests.js';
import { hasKey, isDict, type Kwargs, Undefined } from './values.js';

/** Context keys Mistral copies from the data context to top-level Jinja variables. */
const CONTEXT_VARIABLES = new Set(['__env', '__execution', '__task_execution']);

export class Runtime implements TemplateEnvironment {
  private readonly functions: Readonly<Record<string, ExpressionFunction>>;
  private readonly data: unknown;
  private readonly boundFunctions = new Map<string, PyFunction>();

  constructor(scope: ExpressionScope) {
    this.data = scope.data;
    this.functions = scope.functions ?? {};
  }

  /** A name no frame defines: Mistral's context first, then engine functions, then globals. */
  resolve(name: string): unknown {
    if (name === '_') return this.data;
    if (CONTEXT_VARIABLES.has(name) && isDict(this.data)) return hasKey(this.data, name) ? this.data[name] : null;
    const fn = this.engineFunction(name);
    if (fn) return fn;
    if (Object.prototype.hasOwnProperty.call(GLOBALS, name)) return GLOBALS[name];
    return Undefined.variable(name);
  }

  private engineFunction(name: string): PyFunction | undefined {
    let bound = this.boundFunctions.get(name);
    if (!bound && Object.prototype.hasOwnProperty.call(this.functions, name)) {
      bound = engineFunction(name, this.functions[name]!);
      this.boundFunctions.set(name, bound);
    }
    return bound;
  }

  /**
   * Engine functions double as filters whose piped value is Mistral's context argument, which
   * the engine has already bound: `_|task('x')` is `task('x')`. They win over built-ins.
   */
  callFilter(name: string, value: unknown, args: readonly unknown[], kwargs: Kwargs): unknown {
    const fn = this.engineFunction(name);
    if (fn) return fn.invoke([...args], kwargs);
    const filter = Object.prototype.hasOwnProperty.call(FILTERS, name) ? FILTERS[name] : undefined;
    if (!filter) throw assertionError(`No filter named '${name}'.`);
    return filter(value, args, kwargs, this);
  }

  callTest(name: string, value: unknown, args: readonly unknown[], kwargs: Kwargs): boolean {
    const test = Object.prototype.hasOwnProperty.call(TESTS, name) ? TESTS[name] : undefined;
    if (!test) throw assertionError(`No test named '${name}'.`);
    return test(value, args, kwargs, this);
  }

  hasFilter(name: string): boolean {
    return this.engineFunction(name) !== undefined || Object.prototype.hasOwnProperty.call(FILTERS, name);
  }

  hasTest(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(TESTS, name);
  }
}

/** Jinja2 reports unknown filters and tests as TemplateAssertionError. */
const assertionError = (message: string): JinjaRuntimeError => new JinjaRuntimeError('TemplateAssertionError', message);

/** Variables of a template scope; lookups fall back to the parent, then to the runtime. */
export class Frame {
  private variables: Map<string, unknown> | undefined;

  constructor(
    readonly runtime: Runtime,
    private readonly parent: Frame | undefined,
  ) {}

  lookup(name: string): unknown {
    for (let frame: Frame | undefined = this; frame; frame = frame.parent) {
      if (frame.variables?.has(name)) return frame.variables.get(name);
    }
    return this.runtime.resolve(name);
  }

  assign(name: string, value: unknown): void {
    (this.variables ??= new Map()).set(name, value);
  }

  child(): Frame {
    return new Frame(this.runtime, this);
  }
}
