import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { readConfig, type Config } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { startService, type Service } from '../../src/service.js';

export const FIXTURE_TYPES = fileURLToPath(new URL('../fixtures/types', import.meta.url));
export const EXAMPLE_TYPES = fileURLToPath(new URL('../../resource-types', import.meta.url));

export interface TestService {
  service: Service;
  config: Config;
  dataDir: string;
  http: ReturnType<typeof request>;
  stop(): Promise<void>;
}

export function tempDir(prefix = 'stackhook-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The real service on a free loopback port, with its own data directory. */
export async function startTestService(options: { typesDir?: string; flags?: string[]; dataDir?: string; logger?: Logger } = {}): Promise<TestService> {
  const dataDir = options.dataDir ?? tempDir();
  const config = readConfig([
    '--port', '0', '--data-dir', dataDir, '--types-dir', options.typesDir ?? FIXTURE_TYPES,
    '--report-retry-base', '50ms', ...(options.flags ?? []),
  ], {});
  const service = await startService(config, options.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
  return {
    service, config, dataDir,
    http: request(service.url),
    stop: () => service.stop(),
  };
}
