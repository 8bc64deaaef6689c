import { afterEach, beforeEach } from 'vitest';
import { startReceiver, type Receiver } from './receiver.js';
import { startTestService, type TestService } from './service.js';

/**
 * The usual setting of a protocol test: a fresh service and a fresh ResponseURL receiver for
 * every test, both stopped after it. `use` is handed them before each test.
 */
export function serviceWithReceiver(use: (sh: TestService, receiver: Receiver) => void): void {
  let sh: TestService | undefined;
  let receiver: Receiver | undefined;
  beforeEach(async () => {
    receiver = await startReceiver();
    sh = await startTestService();
    use(sh, receiver);
  });
  afterEach(async () => {
    await sh?.stop();
    await receiver?.close();
  });
}
