/**
 * Python's arithmetic and comparison operators as Jinja2 applies them: `/` always yields a float,
 * `//` and `%` floor towards negative infinity, `+` concatenates strings and lists, `*` repeats
 * them, `%` on a string formats it, and `~` joins the `str()` of both sides.
 */
import { JinjaRuntimeError, typeError } from './errors.js';
import { printfFormat } from './formatting.js';
import type { BinaryOperator, CompareOperator } from './nodes.js';
import { isPythonFloat } from '../python-values.js';
import { isTuple } from './sequences.js';
import { defined, isDict, toText, isNumeric, numberOf, pyCompare, pyContains, pyEquals, pyNumber, truthy, typeName } from './values.js';

export function applyBinary(operator: BinaryOperator, left: unknown, right: unknown): unknown {
  if (operator === '~') return toText(left) + toText(right);
  defined(left);
  defined(right);
  if (isNumeric(left) && isNumeric(right)) return arithmetic(operator, left, right);
  if (operator === '+') return concatenate(left, right);
  if (operator === '*') return repeat(left, right);
  if (operator === '%' && typeof left === 'string') return formatOperator(left, right);
  throw unsupported(operator, left, right);
}

function arithmetic(operator: BinaryOperator, leftValue: number | boolean | object, rightValue: number | boolean | object): unknown {
  const left = numberOf(leftValue as number);
  const right = numberOf(rightValue as number);
  const isFloat = isPythonFloat(leftValue) || isPythonFloat(rightValue);
  switch (operator) {
    case '+': return pyNumber(left + right, isFloat);
    case '-': return pyNumber(left - right, isFloat);
    case '*': return pyNumber(left * right, isFloat);
    case '/': return pyNumber(left / nonZero(right, 'division by zero'), true);
    case '//': return pyNumber(Math.floor(left / nonZero(right, isFloat ? 'float floor division by zero' : 'integer division or modulo by zero')), isFloat);
    case '%': return pyNumber(pythonModulo(left, nonZero(right, isFloat ? 'float modulo' : 'integer modulo by zero')), isFloat);
    default: return power(left, right, isFloat);
  }
}

function nonZero(divisor: number, message: string): number {
  if (divisor === 0) throw new JinjaRuntimeError('ZeroDivisionError', message);
  return divisor;
}

/** Python's `%` takes the sign of the divisor. */
function pythonModulo(left: number, right: number): number {
  const remainder = left % right;
  return remainder !== 0 && remainder < 0 !== right < 0 ? remainder + right : remainder;
}

function power(base: number, exponent: number, isFloat: boolean): unknown {
  if (base === 0 && exponent < 0) {
    throw new JinjaRuntimeError('ZeroDivisionError', '0.0 cannot be raised to a negative power');
  }
  return pyNumber(base ** exponent, isFloat || exponent < 0);
}

function concatenate(left: unknown, right: unknown): unknown {
  if (typeof left === 'string' && typeof right === 'string') return left + right;
  if (Array.isArray(left) && Array.isArray(right)) return [...left, ...right];
  if (typeof left === 'string' || Array.isArray(left)) {
    const kind = typeName(left);
    throw typeError(`can only concatenate ${kind} (not "${typeName(right)}") to ${kind}`);
  }
  throw unsupported('+', left, right);
}

/** `'ab' * 2`, `[0] * 3`, `2 * 'ab'`. */
function repeat(left: unknown, right: unknown): unknown {
  const [sequence, count] = isNumeric(left) ? [right, left] : [left, right];
  if (typeof sequence !== 'string' && !Array.isArray(sequence)) throw unsupported('*', left, right);
  if (!isNumeric(count) || !Number.isInteger(numberOf(count)) || typeName(count) === 'float') {
    throw typeError(`can't multiply sequence by non-int of type '${typeName(count)}'`);
  }
  const times = Math.max(0, numberOf(count));
  if (typeof sequence === 'string') return sequence.repeat(times);
  const result: unknown[] = [];
  for (let i = 0; i < times; i++) result.push(...sequence);
  return result;
}

/** `'%s-%s' % (a, b)`: a tuple spreads into the fields, a dict names them, anything else is one value. */
function formatOperator(format: string, values: unknown): string {
  if (isTuple(values)) return printfFormat(format, values as unknown[]);
  if (isDict(values)) return printfFormat(format, values);
  return printfFormat(format, [values]);
}

function unsupported(operator: string, left: unknown, right: unknown): JinjaRuntimeError {
  const symbol = operator === '//' ? '//' : operator === '**' ? '** or pow()' : operator;
  return typeError(`unsupported operand type(s) for ${symbol}: '${typeName(left)}' and '${typeName(right)}'`);
}

export function applyUnary(operator: '-' | '+' | 'not', operand: unknown): unknown {
  if (operator === 'not') return !truthy(operand);
  defined(operand);
  if (!isNumeric(operand)) throw typeError(`bad operand type for unary ${operator}: '${typeName(operand)}'`);
  const value = numberOf(operand);
  return pyNumber(operator === '-' ? -value : value, isPythonFloat(operand));
}

export function applyCompare(operator: CompareOperator, left: unknown, right: unknown): boolean {
  switch (operator) {
    case '==': return pyEquals(left, right);
    case '!=': return !pyEquals(left, right);
    case 'in': return pyContains(right, left);
    case 'notin': return !pyContains(right, left);
    case '<': return pyCompare(left, right, operator) < 0;
    case '<=': return pyCompare(left, right, operator) <= 0;
    case '>': return pyCompare(left, right, operator) > 0;
    default: return pyCompare(left, right, operator) >= 0;
  }
}
