/**
 * The contract shared by the two expression languages of Mistral v2 workflows (YAQL `<% %>` and
 * Jinja `{{ }}`/`{% %}`) and by the engine that evaluates them.
 */

/** A function callable by name from an expression: Mistral's task(), env(), json_dump(), … */
export type ExpressionFunction = (...args: unknown[]) => unknown;

export interface ExpressionScope {
  /** What YAQL calls `$` and Jinja calls `_`: the layered data context of the evaluation. */
  readonly data: unknown;
  /** Functions visible by name in addition to the language's own library; these win on a clash. */
  readonly functions?: Readonly<Record<string, ExpressionFunction>>;
}

export type ExpressionLanguage = 'yaql' | 'jinja';

/** One parsed expression, ready to evaluate many times. */
export interface CompiledExpression {
  readonly language: ExpressionLanguage;
  readonly source: string;
  evaluate(scope: ExpressionScope): unknown;
}

/** The expression cannot be parsed. Found when a workflow is validated, never first at run time. */
export class ExpressionSyntaxError extends Error {
  override readonly name = 'ExpressionSyntaxError';
  constructor(
    readonly language: ExpressionLanguage,
    readonly expression: string,
    readonly detail: string,
    readonly position?: number,
  ) {
    super(`Syntax error in ${language === 'yaql' ? 'YAQL' : 'Jinja'} expression [expression=${expression}]: ${detail}`);
  }
}

/** The expression parsed but failed on the data it was given (unknown key, wrong type, …). */
export class ExpressionEvaluationError extends Error {
  override readonly name = 'ExpressionEvaluationError';
  constructor(
    readonly language: ExpressionLanguage,
    readonly expression: string,
    readonly detail: string,
  ) {
    super(`Can not evaluate ${language === 'yaql' ? 'YAQL' : 'Jinja'} expression [expression=${expression}, error=${detail}]`);
  }
}
