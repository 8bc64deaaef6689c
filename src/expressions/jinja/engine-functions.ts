/**
 * Calls into the engine's functions (`task`, `tasks`, `env`, `json_dump`, …). They take
 * positional arguments and plain data, so keyword arguments (`tasks(state='ERROR')`) are placed
 * at the position of Mistral's parameter of that name, and results are converted to plain data.
 */
import type { ExpressionFunction } from '../types.js';
import { PyFunction } from './callables.js';
import { typeError } from './errors.js';
import { toPlainData } from './plain-data.js';
import type { Kwargs } from './values.js';

/** Mistral's parameter names after the bound context argument (std_functions.py). */
const ENGINE_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  task: ['task_name'],
  tasks: ['workflow_execution_id', 'recursive', 'state', 'flat'],
  executions: ['id', 'root_execution_id', 'state', 'from_time', 'to_time'],
  global: ['var_name'],
  json_parse: ['data'],
  json_dump: ['data'],
  yaml_parse: ['data'],
  yaml_dump: ['data'],
};

export function engineFunction(name: string, fn: ExpressionFunction): PyFunction {
  return new PyFunction(name, (args, kwargs) => fn(...positionalArguments(name, args, kwargs).map(toPlainData)));
}

function positionalArguments(name: string, args: readonly unknown[], kwargs: Kwargs): unknown[] {
  const values = [...args];
  const parameters = ENGINE_PARAMETERS[name] ?? [];
  for (const key of Object.keys(kwargs)) {
    const slot = parameters.indexOf(key);
    if (slot < 0) throw typeError(`${name}() got an unexpected keyword argument '${key}'`);
    if (slot < args.length) throw typeError(`${name}() got multiple values for argument '${key}'`);
    while (values.length < slot) values.push(null);
    values[slot] = kwargs[key];
  }
  return values;
}
