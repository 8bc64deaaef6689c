/**
 * The Heat end-to-end suite's world: stackhook (the built CLI) on a free port, a PowerDNS of its
 * own, and a real OpenStack Heat 19 whose `workflowv2` endpoint is that stackhook. Heat and
 * PowerDNS are installed from Debian's packages first when missing (scripts/heat/install.sh,
 * scripts/pdns/install.sh). Everything is stopped by PID at the end; the state directory is
 * removed unless KEEP_E2E_STATE=1 (then its path is printed, logs included).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import type { E2EWorld } from './support/world.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'dist/src/cli/stackhook.js');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackhook-e2e-'));
  const stops: (() => Promise<void>)[] = [];
  const teardown = async () => {
    for (const stop of stops.reverse()) await stop().catch((error) => console.error(error));
    if (process.env.KEEP_E2E_STATE === '1') console.log(`e2e state kept in ${stateDir}`);
    else fs.rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    await script('scripts/heat/install.sh', {});
    await script('scripts/pdns/install.sh', {});
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm run test:heat does)`);

    const pdnsEnv = { PDNS_STATE_DIR: path.join(stateDir, 'pdns'), PDNS_FRESH: '1', PDNS_ZONES: 'example.org. e2e.test.' };
    stops.push(() => script('scripts/pdns/stop.sh', pdnsEnv).then(() => undefined));
    const pdns = parseVars(await script('scripts/pdns/start.sh', pdnsEnv));

    const typesDir = path.join(stateDir, 'types');
    fs.mkdirSync(typesDir);
    for (const dir of [path.join(ROOT, 'resource-types'), path.join(ROOT, 'test/e2e/types')]) {
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml'))) fs.copyFileSync(path.join(dir, file), path.join(typesDir, file));
    }
    const stackhook = await startStackhook(['--data-dir', path.join(stateDir, 'stackhook'), '--types-dir', typesDir,
      '--files-root', path.join(stateDir, 'files')], path.join(stateDir, 'stackhook.log'));
    stops.push(stackhook.stop);

    const heatEnv = { HEAT_STATE_DIR: path.join(stateDir, 'heat'), STACKHOOK_URL: stackhook.url };
    stops.push(() => script('scripts/heat/stop.sh', heatEnv).then(() => undefined));
    const heat = parseVars(await script('scripts/heat/start.sh', heatEnv));

    const world: E2EWorld = {
      stateDir,
      stackhookUrl: stackhook.url,
      heatUrl: heat.HEAT_URL!,
      pdns: { apiUrl: pdns.PDNS_API_URL!, apiKey: pdns.PDNS_API_KEY!, dnsPort: Number(pdns.PDNS_DNS_PORT), stateDir: pdns.PDNS_STATE_DIR! },
    };
    project.provide('e2e', world);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

async function script(relative: string, env: Record<string, string>): Promise<string> {
  try {
    const { stdout } = await run('bash', [path.join(ROOT, relative)], {
      cwd: ROOT, env: { ...process.env, ...env }, timeout: 600_000, maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${relative} failed: ${(error as Error).message}\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

function parseVars(stdout: string): Record<string, string> {
  return Object.fromEntries(stdout.split('\n').flatMap((line) => {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    return match ? [[match[1]!, match[2]!]] : [];
  }));
}

async function startStackhook(args: string[], logFile: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const log = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--host', '127.0.0.1', '--port', '0', ...args], {
    env: { ...process.env, STACKHOOK_LOG_LEVEL: process.env.STACKHOOK_LOG_LEVEL ?? 'info' },
    stdio: ['ignore', 'pipe', log],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stackhook did not start:\n${output}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      fs.appendFileSync(logFile, chunk);
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`stackhook exited with ${code}:\n${output}\n${fs.readFileSync(logFile, 'utf8')}`));
    });
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      fs.closeSync(log);
    },
  };
}
