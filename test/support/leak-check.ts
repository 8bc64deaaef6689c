import { afterAll, beforeAll, expect } from 'vitest';

/**
 * A test file that leaves a server, socket, child process or timer behind fails: every file's
 * handles are compared with what was open before its first test.
 */
const WATCHED = new Set(['TCPServerWrap', 'TCPSocketWrap', 'ProcessWrap', 'Timeout', 'FSEventWrap', 'Worker']);
let before: Map<string, number>;

function openHandles(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) {
    if (WATCHED.has(kind)) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return counts;
}

beforeAll(() => {
  before = openHandles();
});

afterAll(async () => {
  // Closed sockets and cleared timers leave the list on the next turns of the event loop.
  let leaked: string[] = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    const now = openHandles();
    leaked = [...now].filter(([kind, n]) => n > (before.get(kind) ?? 0)).map(([kind, n]) => `${kind} ×${n - (before.get(kind) ?? 0)}`);
    if (leaked.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(leaked, 'handles left open by this test file').toEqual([]);
});
