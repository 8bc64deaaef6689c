/**
 * Errors raised while parsing or evaluating a Jinja template. They carry the Python exception
 * class name so that messages read like the ones Mistral reports from Jinja2
 * (`UndefinedError: 'dict object' has no attribute 'x'`).
 */

/** A template that does not parse. `position` is the offset in the parsed source. */
export class JinjaSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/** A failure at evaluation time, named after the Python exception Jinja2 would raise. */
export class JinjaRuntimeError extends Error {
  constructor(
    readonly pythonType: string,
    message: string,
  ) {
    super(message);
  }

  /** The `Type: message` form used in Mistral's "Can not evaluate" messages. */
  get detail(): string {
    return `${this.pythonType}: ${this.message}`;
  }
}

export const typeError = (message: string): JinjaRuntimeError => new JinjaRuntimeError('TypeError', message);

export const valueError = (message: string): JinjaRuntimeError => new JinjaRuntimeError('ValueError', message);

export const filterArgumentError = (message: string): JinjaRuntimeError =>
  new JinjaRuntimeError('FilterArgumentError', message);

export const runtimeError = (message: string): JinjaRuntimeError =>
  new JinjaRuntimeError('TemplateRuntimeError', message);
