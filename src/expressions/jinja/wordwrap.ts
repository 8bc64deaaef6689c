/** The `wordwrap` filter: Python's textwrap.wrap applied to each line, joined by `wrapstring`. */
import { splitLines } from './string-methods.js';

export function wordwrap(text: string, width: number, breakLongWords: boolean, wrapstring: string, breakOnHyphens: boolean): string {
  return splitLines(text, false)
    .map((line) => wrapLine(line, width, breakLongWords, breakOnHyphens).join(wrapstring))
    .join(wrapstring);
}

/** Whitespace runs and words; with hyphen breaking, `well-known` yields `well-` and `known`. */
function chunksOf(text: string, breakOnHyphens: boolean): string[] {
  const pieces = text.split(/(\s+)/).filter((piece) => piece !== '');
  if (!breakOnHyphens) return pieces;
  return pieces.flatMap((piece) => (/\s/.test(piece) ? [piece] : piece.split(/(?<=[\p{L}\p{N}]-)(?=\p{L})/u)));
}

const isBlank = (chunk: string): boolean => chunk.trim() === '';

function wrapLine(text: string, width: number, breakLongWords: boolean, breakOnHyphens: boolean): string[] {
  const pending = chunksOf(text, breakOnHyphens).reverse();
  const lines: string[] = [];
  while (pending.length > 0) {
    const line: string[] = [];
    let length = 0;
    // Whitespace that would start a wrapped line is dropped; the paragraph's own indent stays.
    if (lines.length > 0 && isBlank(pending.at(-1)!)) pending.pop();
    while (pending.length > 0 && length + pending.at(-1)!.length <= width) {
      const chunk = pending.pop()!;
      line.push(chunk);
      length += chunk.length;
    }
    if (pending.length > 0 && pending.at(-1)!.length > width) {
      splitLongWord(pending, line, width < 1 ? 1 : width - length, breakLongWords);
    }
    if (line.length > 0 && isBlank(line.at(-1)!)) line.pop();
    if (line.length > 0) lines.push(line.join(''));
  }
  return lines;
}

function splitLongWord(pending: string[], line: string[], spaceLeft: number, breakLongWords: boolean): void {
  const chunk = pending.at(-1)!;
  if (breakLongWords) {
    line.push(chunk.slice(0, spaceLeft));
    pending[pending.length - 1] = chunk.slice(spaceLeft);
  } else if (line.length === 0) {
    line.push(pending.pop()!);
  }
}
