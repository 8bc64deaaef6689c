/** What the benchmarks share: the service as its own process, a report receiver, quantiles. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BENCH_TYPES = path.join(ROOT, 'bench', 'types');

export interface Target {
  name: string;
  url: string;
  /** CPU seconds the target's process has used so far (user + system), where it can be read. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** From /proc (Linux): fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 1/100 s. */
export function processCpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The built CLI serving on a free port with a fresh data directory, removed when stopped. */
export async function startStackhookProcess(logLevel: string): Promise<Target> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackhook-bench-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/cli/stackhook.js'), 'serve', '--port', '0', '--data-dir', dataDir, '--types-dir', BENCH_TYPES], {
    env: { ...process.env, STACKHOOK_LOG_LEVEL: logLevel }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out: string | null = '';
    child.stdout!.on('data', (c) => {
      if (out === null) return; // the service's log lines, read and dropped as a log shipper would
      out += c;
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        out = null;
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`stackhook exited ${code}`)));
  });
  return {
    name: 'stackhook', url,
    cpuSeconds: () => processCpuSeconds(child.pid!),
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Collects reports and when each arrived, keyed by RequestId. */
export class Receiver {
  readonly arrivals = new Map<string, number>();
  private server!: http.Server;
  port = 0;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const at = performance.now();
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { RequestId: string; Status: string };
        if (body.Status !== 'SUCCESS') throw new Error(`report FAILED: ${JSON.stringify(body)}`);
        this.arrivals.set(body.RequestId, at);
        res.end();
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

export const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
