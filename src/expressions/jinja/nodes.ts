/** The syntax tree produced by the parser and compiled by the evaluator. */

export interface KeywordArgument {
  readonly name: string;
  readonly value: Expr;
}

/** Arguments of a call, filter or test: `f(a, b, key=c, *rest, **more)`. */
export interface Arguments {
  readonly positional: readonly Expr[];
  readonly keywords: readonly KeywordArgument[];
  readonly star?: Expr;
  readonly doubleStar?: Expr;
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '~';
export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'notin';

export type Expr =
  | { readonly kind: 'const'; readonly value: unknown }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'list' | 'tuple'; readonly items: readonly Expr[] }
  | { readonly kind: 'dict'; readonly entries: ReadonlyArray<readonly [Expr, Expr]> }
  | { readonly kind: 'getattr'; readonly target: Expr; readonly name: string }
  | { readonly kind: 'getitem'; readonly target: Expr; readonly key: Expr }
  | {
      readonly kind: 'slice';
      readonly target: Expr;
      readonly start?: Expr;
      readonly stop?: Expr;
      readonly step?: Expr;
    }
  | { readonly kind: 'call'; readonly callee: Expr; readonly args: Arguments }
  | { readonly kind: 'filter'; readonly name: string; readonly value: Expr; readonly args: Arguments; readonly position: number }
  | {
      readonly kind: 'test';
      readonly name: string;
      readonly value: Expr;
      readonly args: Arguments;
      readonly negated: boolean;
      readonly position: number;
    }
  | { readonly kind: 'unary'; readonly operator: '-' | '+' | 'not'; readonly operand: Expr }
  | { readonly kind: 'binary'; readonly operator: BinaryOperator; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'and' | 'or'; readonly left: Expr; readonly right: Expr }
  | {
      readonly kind: 'compare';
      readonly first: Expr;
      readonly rest: ReadonlyArray<{ readonly operator: CompareOperator; readonly operand: Expr }>;
    }
  | { readonly kind: 'condition'; readonly test: Expr; readonly then: Expr; readonly otherwise?: Expr; readonly line: number };

/** Left-hand side of `set`/`for`: a name, a tuple of targets or `namespace.attribute`. */
export type Target =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'tuple'; readonly items: readonly Target[] }
  | { readonly kind: 'attribute'; readonly namespace: string; readonly attribute: string };

export interface FilterCall {
  readonly name: string;
  readonly args: Arguments;
  readonly position: number;
}

export type Stmt =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'print'; readonly expr: Expr }
  | {
      readonly kind: 'if';
      readonly branches: ReadonlyArray<{ readonly test: Expr; readonly body: readonly Stmt[] }>;
      readonly otherwise: readonly Stmt[];
    }
  | {
      readonly kind: 'for';
      readonly target: Target;
      readonly iterable: Expr;
      readonly condition?: Expr;
      readonly recursive: boolean;
      readonly body: readonly Stmt[];
      readonly otherwise: readonly Stmt[];
    }
  | { readonly kind: 'set'; readonly target: Target; readonly value: Expr }
  | { readonly kind: 'setBlock'; readonly target: Target; readonly filters: readonly FilterCall[]; readonly body: readonly Stmt[] }
  | { readonly kind: 'filterBlock'; readonly filters: readonly FilterCall[]; readonly body: readonly Stmt[] }
  | { readonly kind: 'with'; readonly assignments: ReadonlyArray<readonly [Target, Expr]>; readonly body: readonly Stmt[] };
