/** Objects templates create at run time: `loop`, `namespace()`, `cycler()` and `joiner()`. */
import { pythonRepr } from '../python-format.js';
import { builtin, PyFunction } from './callables.js';
import { runtimeError, typeError } from './errors.js';
import { JinjaObject, pyEquals, Undefined } from './values.js';

/** The `loop` variable of a `{% for %}`, with Jinja2's LoopContext attributes. */
export class LoopContext extends JinjaObject {
  index0 = -1;
  private lastChangedValue: unknown[] | undefined;

  constructor(
    private readonly items: readonly unknown[],
    readonly depth0: number,
    private readonly recurse: ((items: unknown, depth0: number) => string) | undefined,
  ) {
    super();
  }

  describe(): string {
    return `<LoopContext ${this.index0 + 1}/${this.items.length}>`;
  }

  get typeName(): string {
    return 'LoopContext';
  }

  override getAttribute(name: string): unknown {
    const length = this.items.length;
    switch (name) {
      case 'index': return this.index0 + 1;
      case 'index0': return this.index0;
      case 'revindex': return length - this.index0;
      case 'revindex0': return length - this.index0 - 1;
      case 'first': return this.index0 === 0;
      case 'last': return this.index0 === length - 1;
      case 'length': return length;
      case 'depth': return this.depth0 + 1;
      case 'depth0': return this.depth0;
      case 'previtem': return this.index0 > 0 ? this.items[this.index0 - 1] : Undefined.withHint('there is no previous item');
      case 'nextitem': return this.index0 < length - 1 ? this.items[this.index0 + 1] : Undefined.withHint('there is no next item');
      case 'cycle': return new PyFunction('cycle', (args) => this.cycle(args), 'LoopContext');
      case 'changed': return new PyFunction('changed', (args) => this.changed(args), 'LoopContext');
      default: return undefined;
    }
  }

  /** `loop(children)` renders the loop body again for a `recursive` loop. */
  callRecursive(items: unknown): string {
    if (!this.recurse) throw typeError("The loop must have the 'recursive' marker to be called recursively.");
    return this.recurse(items, this.depth0 + 1);
  }

  private cycle(args: unknown[]): unknown {
    if (args.length === 0) throw typeError('no items for cycling given');
    return args[this.index0 % args.length];
  }

  private changed(args: unknown[]): boolean {
    if (this.lastChangedValue !== undefined && pyEquals(this.lastChangedValue, args)) return false;
    this.lastChangedValue = args;
    return true;
  }
}

/** `namespace(a=1)`: the one object `{% set ns.a = … %}` may change from inside a loop. */
export class Namespace extends JinjaObject {
  constructor(readonly attributes: Record<string, unknown>) {
    super();
  }

  describe(): string {
    return `<Namespace ${pythonRepr(this.attributes)}>`;
  }

  get typeName(): string {
    return 'Namespace';
  }

  override getAttribute(name: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.attributes, name) ? this.attributes[name] : undefined;
  }
}

export class Cycler extends JinjaObject {
  private position = 0;

  constructor(private readonly items: readonly unknown[]) {
    super();
    if (items.length === 0) throw runtimeError('at least one item has to be provided');
  }

  describe(): string {
    return '<Cycler object>';
  }

  get typeName(): string {
    return 'Cycler';
  }

  override getAttribute(name: string): unknown {
    if (name === 'current') return this.items[this.position];
    if (name === 'next') return builtin('next', [], () => this.next(), 'Cycler');
    if (name === 'reset') return builtin('reset', [], () => ((this.position = 0), null), 'Cycler');
    return undefined;
  }

  private next(): unknown {
    const value = this.items[this.position];
    this.position = (this.position + 1) % this.items.length;
    return value;
  }
}

/** `joiner(', ')`: returns '' on the first call and the separator afterwards. */
export function createJoiner(separator: unknown): PyFunction {
  let used = false;
  return new PyFunction('joiner', () => {
    if (!used) {
      used = true;
      return '';
    }
    return separator;
  });
}
