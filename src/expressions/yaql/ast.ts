/** YAQL syntax tree, as built by the parser and compiled into closures by the evaluator. */

export type YaqlNode =
  | { readonly kind: 'constant'; readonly value: unknown }
  /** A bare identifier: the string itself, or an attribute/parameter name where one is expected. */
  | { readonly kind: 'keyword'; readonly name: string }
  /** `$` (name `''`), `$name`, `$1`. */
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly YaqlNode[]; readonly rules: readonly MappingRuleNode[] }
  /** `receiver.name(args)` or `receiver?.name(args)`. */
  | { readonly kind: 'method'; readonly receiver: YaqlNode; readonly call: CallNode; readonly nullSafe: boolean }
  /** `receiver.name` or `receiver?.name`. */
  | { readonly kind: 'attribute'; readonly receiver: YaqlNode; readonly name: string; readonly nullSafe: boolean }
  /** `receiver.(expr)`: any other right operand of `.` is evaluated with `$` bound to the receiver. */
  | { readonly kind: 'dotExpression'; readonly receiver: YaqlNode; readonly expression: YaqlNode; readonly nullSafe: boolean }
  | { readonly kind: 'index'; readonly target: YaqlNode; readonly args: readonly YaqlNode[] }
  | { readonly kind: 'list'; readonly items: readonly YaqlNode[] }
  | { readonly kind: 'dict'; readonly rules: readonly MappingRuleNode[] }
  | { readonly kind: 'binary'; readonly operator: string; readonly left: YaqlNode; readonly right: YaqlNode }
  | { readonly kind: 'unary'; readonly operator: string; readonly operand: YaqlNode };

export type CallNode = Extract<YaqlNode, { kind: 'call' }>;

/** `key => value` inside an argument list or a dict literal. */
export interface MappingRuleNode {
  readonly key: YaqlNode;
  readonly value: YaqlNode;
}
