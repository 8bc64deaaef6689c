import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { createCounter, reportDelivered } from '../support/signals.js';
import { startTestService, type TestService } from '../support/service.js';

/** Debian's chromium package (`apt-get install -y chromium`); playwright-core never downloads one. */
const CHROMIUM = '/usr/bin/chromium';

let svc: TestService;
let receiver: Receiver;
let context: BrowserContext;
let profile: string;
const pageErrors: string[] = [];

const signal = (requestId: string, stackId: string, properties: Record<string, unknown>) => createCounter(svc, receiver, requestId, stackId, properties);
const delivered = (signalId: string) => reportDelivered(svc, signalId);

async function openPage(hash = ''): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${svc.service.url}/ui/${hash}`);
  return page;
}

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the page test drives Debian's chromium with playwright-core and never downloads a browser. Install it with \`apt-get install -y chromium\` (.ci/run does).`);
  }
  svc = await startTestService();
  receiver = await startReceiver();
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'stackhook-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
  await receiver?.close();
  await svc?.stop();
});

describe('the page at /ui', () => {
  it('given executions, when the list is opened, then they are shown newest first, and a filter narrows them', async () => {
    const ok = await signal('ok', 'stack-ok', { name: 'ok' });
    const bad = await signal('bad', 'stack-bad', { name: 'bad', fail: 'create' });
    await delivered(ok.signal);
    await delivered(bad.signal);
    const page = await openPage();

    const rows = page.locator('#executions tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')));
    expect(ids.indexOf(bad.execution)).toBeLessThan(ids.indexOf(ok.execution));
    await expect.poll(() => page.locator(`tr[data-id="${ok.execution}"] .pill`).textContent()).toBe('SUCCESS');
    expect(await page.locator(`tr[data-id="${bad.execution}"]`).innerText()).toMatch(/ERROR\s+Custom::Test::Counter\s+create\s+stack-bad\s+L-bad/);

    await page.selectOption('#filters select[name="state"]', 'ERROR');
    await expect.poll(() => page.locator('#executions tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-state')))).toEqual(['ERROR']);
    expect(page.url()).toContain('#/?state=ERROR');
    await page.close();
  });

  it('given the list is open, when a new execution starts, then it appears without a reload', async () => {
    const page = await openPage('#/?stack=stack-new');
    await expect.poll(() => page.locator('#list-status').textContent()).toContain('No executions yet');
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));

    const fresh = await signal('new', 'stack-new', { name: 'new' });

    await page.locator(`#executions tr[data-id="${fresh.execution}"][data-state="SUCCESS"]`).waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await page.close();
  });

  it('given a finished execution, when it is opened from the list, then its tasks, decision, outcome and report are shown', async () => {
    const done = await signal('shown', 'stack-shown', { name: 'shown', api_key: 'k-secret' });
    await delivered(done.signal);
    const page = await openPage('#/?stack=stack-shown');

    await page.locator(`#executions tr[data-id="${done.execution}"]`).click();

    await page.locator('.task[data-name="wait"][data-state="SUCCESS"]').waitFor();
    expect(await page.locator('.task').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')))).toEqual(['count', 'wait']);
    expect(await page.locator('.task[data-name="count"]').innerText()).toMatch(/count\s+file\.write\s+SUCCESS\s+\d+ ms/);
    await page.locator('#outcome[data-status="SUCCESS"]').waitFor();
    expect(await page.locator('#outcome').innerText()).toMatch(/SUCCESS\s+counter-shown[\s\S]*value\s+v1[\s\S]*token\s+\*\*\*/);
    await page.locator('#report[data-state="DELIVERED"]').waitFor();
    expect(await page.locator('#report').innerText()).toMatch(/DELIVERED\s+http:\/\/127\.0\.0\.1:\d+\/…\s+1 attempt, delivered/);
    expect(await page.locator('#decision').innerText()).toContain('Create: no update decision');
    expect(await page.locator('h1').innerText()).toMatch(/stackhook\.Test\.Counter\.create\s+SUCCESS/);
    expect(await page.content()).not.toContain('k-secret');
    await page.close();
  });

  it('given a slow workflow, when its page is open, then a task finishing and the outcome appear live, without a reload', async () => {
    const slow = await signal('slow', 'stack-slow', { name: 'slow', sleep: 2 });
    const page = await openPage(`#/executions/${slow.execution}`);

    await page.locator('.task[data-name="wait"][data-state="RUNNING"]').waitFor({ timeout: 5_000 });
    expect(await page.locator('#outcome').getAttribute('data-status')).toBe('PENDING');
    expect(await page.locator('h1 .pill').textContent()).toBe('RUNNING');
    const elapsed = page.locator('.task[data-name="wait"] .num');
    const before = await elapsed.textContent();
    await expect.poll(() => elapsed.textContent(), { timeout: 2_000 }).not.toBe(before);
    expect(await elapsed.textContent()).toMatch(/…$/);
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));

    await page.locator('.task[data-name="wait"][data-state="SUCCESS"]').waitFor({ timeout: 10_000 });
    await page.locator('#outcome[data-status="SUCCESS"]').waitFor({ timeout: 5_000 });
    await page.locator('#report[data-state="DELIVERED"]').waitFor({ timeout: 5_000 });

    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(await page.locator('h1 .pill').textContent()).toBe('SUCCESS');
    expect(await page.locator('.task[data-name="wait"]').innerText()).toMatch(/wait\s+std\.echo\s+SUCCESS\s+2\.\d\d s/);
    expect(await page.locator('#live').getAttribute('data-state')).toBe('open');
    await page.close();
  });

  it('given an unknown execution, when opened, then the API error is shown', async () => {
    const page = await openPage('#/executions/nope');

    await expect.poll(() => page.locator('[role="alert"]').textContent()).toMatch(/^EXECUTION_NOT_FOUND: No execution nope \(request id [\w-]+\)$/);
    await page.close();
  });

  it('raised no script errors on any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
