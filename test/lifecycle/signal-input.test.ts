import { describe, expect, it } from 'vitest';
import { reportDeadlineMs } from '../../src/lifecycle/signal-input.js';

describe('reportDeadlineMs', () => {
  it('given CloudFormation\'s default hour, when the deadline is set, then stackhook gives up a minute early', () => {
    expect(reportDeadlineMs(3600)).toBe(3_540_000);
  });

  it('given a short ServiceTimeout, when the deadline is set, then the margin is at least a second', () => {
    expect(reportDeadlineMs(5)).toBe(4000);
    expect(reportDeadlineMs(100)).toBe(90_000);
  });

  it('given a one-second timeout, when the deadline is set, then half of it is still left to work', () => {
    expect(reportDeadlineMs(1)).toBe(500);
  });
});
