/** Jinja2 3.1's built-in tests (`x is defined`, `n is divisibleby 3`, `s is lower`, …). */
import { PythonFloat } from '../python-values.js';
import { bindArguments, type Parameter, PyFunction } from './callables.js';
import { applyBinary, applyCompare } from './operators.js';
import { isTuple } from './sequences.js';
import { defined, isDict, isNumeric, type Kwargs, pyContains, pyEquals, typeName, Undefined } from './values.js';

/** What filters and tests may ask of the environment they run in. */
export interface TemplateEnvironment {
  callFilter(name: string, value: unknown, args: readonly unknown[], kwargs: Kwargs): unknown;
  callTest(name: string, value: unknown, args: readonly unknown[], kwargs: Kwargs): boolean;
  hasFilter(name: string): boolean;
  hasTest(name: string): boolean;
}

export type TestFunction = (value: unknown, args: readonly unknown[], kwargs: Kwargs, environment: TemplateEnvironment) => boolean;

/** A test with named parameters after the tested value. */
function test(name: string, parameters: readonly Parameter[], check: (value: unknown, ...args: unknown[]) => boolean): TestFunction {
  return (value, args, kwargs) => check(value, ...bindArguments(`test_${name}`, args, kwargs, parameters));
}

const unary = (name: string, check: (value: unknown) => boolean): TestFunction => test(name, [], check);
const comparison = (operator: '==' | '!=' | '<' | '<=' | '>' | '>='): TestFunction =>
  test(operator, [['other']], (value, other) => applyCompare(operator, value, other));

/** `value % divisor == remainder`, with Python's `%` (so a string argument formats, and fails). */
function hasRemainder(value: unknown, divisor: unknown, remainder: number): boolean {
  return pyEquals(applyBinary('%', value, divisor), remainder);
}

/** Python's str.islower/isupper: at least one cased character and none of the other case. */
function hasOnlyCase(value: unknown, lower: boolean): boolean {
  const text = String(defined(value));
  const cased = lower ? /\p{Ll}/u : /\p{Lu}/u;
  return cased.test(text) && text === (lower ? text.toLowerCase() : text.toUpperCase());
}

const isSequence = (value: unknown): boolean => typeof value === 'string' || Array.isArray(value) || isDict(value);
const isCallable = (value: unknown): boolean => typeof value === 'function' || value instanceof PyFunction;

const equalTo = comparison('==');
const notEqualTo = comparison('!=');
const greaterThan = comparison('>');
const greaterOrEqual = comparison('>=');
const lessThan = comparison('<');
const lessOrEqual = comparison('<=');

export const TESTS: Record<string, TestFunction> = {
  odd: unary('odd', (value) => hasRemainder(value, 2, 1)),
  even: unary('even', (value) => hasRemainder(value, 2, 0)),
  divisibleby: test('divisibleby', [['num']], (value, num) => hasRemainder(value, num, 0)),
  defined: unary('defined', (value) => !(value instanceof Undefined)),
  undefined: unary('undefined', (value) => value instanceof Undefined),
  filter: (value, args, kwargs, environment) => typeof value === 'string' && environment.hasFilter(value),
  test: (value, args, kwargs, environment) => typeof value === 'string' && environment.hasTest(value),
  none: unary('none', (value) => value === null),
  boolean: unary('boolean', (value) => typeof value === 'boolean'),
  false: unary('false', (value) => value === false),
  true: unary('true', (value) => value === true),
  integer: unary('integer', (value) => typeName(value) === 'int'),
  float: unary('float', (value) => typeName(value) === 'float'),
  lower: unary('lower', (value) => hasOnlyCase(value, true)),
  upper: unary('upper', (value) => hasOnlyCase(value, false)),
  string: unary('string', (value) => typeof value === 'string'),
  mapping: unary('mapping', isDict),
  number: unary('number', (value) => isNumeric(value) || value instanceof PythonFloat),
  sequence: unary('sequence', isSequence),
  iterable: unary('iterable', (value) => isSequence(value) || isTuple(value)),
  callable: unary('callable', isCallable),
  sameas: test('sameas', [['other']], (value, other) => value === other || (value === null && other === null)),
  escaped: unary('escaped', () => false),
  in: test('in', [['seq']], (value, seq) => pyContains(seq, value)),
  '==': equalTo,
  eq: equalTo,
  equalto: equalTo,
  '!=': notEqualTo,
  ne: notEqualTo,
  '>': greaterThan,
  gt: greaterThan,
  greaterthan: greaterThan,
  '>=': greaterOrEqual,
  ge: greaterOrEqual,
  '<': lessThan,
  lt: lessThan,
  lessthan: lessThan,
  '<=': lessOrEqual,
  le: lessOrEqual,
};
