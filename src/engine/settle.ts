import { checkCompletion } from './completion.js';
import { refreshJoins } from './join.js';
import type { WorkingCopy } from './working-copy.js';

/** After every decision: joins that can now run (or never will) are decided, then the workflow may end. */
export function settle(work: WorkingCopy): void {
  if (work.tasks.some((t) => t.state === 'WAITING')) refreshJoins(work);
  checkCompletion(work);
}
