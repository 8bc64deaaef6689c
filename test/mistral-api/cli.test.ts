import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/service.js';
import { FIXTURES, pollUntilDone } from './support.js';

/** The python-mistralclient entry point (Debian's python3-mistralclient; .ci/run installs it). */
const MISTRAL = '/usr/bin/mistral';
const run = promisify(execFile);
let sh: TestService;

beforeAll(async () => {
  if (!fs.existsSync(MISTRAL)) {
    throw new Error(`${MISTRAL} is missing: install the mistral CLI with \`apt-get install -y python3-mistralclient\` (as .ci/run does) to run this test`);
  }
  sh = await startTestService();
});

afterAll(async () => {
  await sh?.stop();
});

async function mistral(...args: string[]): Promise<string> {
  const { stdout } = await run(MISTRAL, ['--os-mistral-url', `${sh.service.url}/v2`, ...args], {
    cwd: path.join(FIXTURES, 'inputs'), timeout: 60_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: sh.dataDir },
  });
  return stdout;
}

function recordedStdout(label: string): string {
  return fs.readFileSync(path.join(FIXTURES, 'cli', `${label}.stdout`), 'utf8');
}

/** A cliff table: its header cells and its rows' cells. */
function table(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split('\n').filter((l) => l.startsWith('|'));
  const cells = (line: string) => line.slice(1, -1).split('|').map((c) => c.trim());
  return { header: cells(lines[0] ?? '||'), rows: lines.slice(1).map(cells) };
}

/** A `Field | Value` table as a map. */
function fields(text: string): Map<string, string> {
  return new Map(table(text).rows.filter((r) => r[0]).map((r) => [r[0]!, r[1] ?? '']));
}

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe('the mistral CLI against stackhook, replaying the recorded session', () => {
  let executionId = '';

  it('given workbook-create and workbook-list, when run, then their tables have Mistral\'s columns', async () => {
    const created = await mistral('workbook-create', 'demo.baremetal.v1.yaml');
    expect([...fields(created).keys()]).toEqual([...fields(recordedStdout('01-workbook-create')).keys()]);
    expect(fields(created).get('Name')).toBe('demo.baremetal.v1');
    const list = table(await mistral('workbook-list'));
    expect(list.header).toEqual(table(recordedStdout('02-workbook-list')).header);
    expect(list.rows[0]![0]).toBe('demo.baremetal.v1');
  }, 60_000);

  it('given workflow-list and workflow-get, when run, then the columns and the workbook workflow\'s input match', async () => {
    const list = table(await mistral('workflow-list'));
    expect(list.header).toEqual(table(recordedStdout('05-workflow-list')).header);
    expect(list.rows.map((r) => r[1])).toEqual(expect.arrayContaining(['demo.baremetal.v1.tag_node', 'stackhook.Test.Echo.create']));
    const got = fields(await mistral('workflow-get', 'demo.baremetal.v1.tag_node'));
    const want = fields(recordedStdout('06-workflow-get'));
    expect([...got.keys()]).toEqual([...want.keys()]);
    expect(got.get('Input')).toBe(want.get('Input'));
    expect(got.get('Created at')).toMatch(TIME);
  }, 60_000);

  it('given execution-create, execution-list, execution-get and execution-get-output, when run on greet, then the fields and output match', async () => {
    await run(MISTRAL, ['--os-mistral-url', `${sh.service.url}/v2`, 'workflow-create', 'standalone_greet.yaml'], { cwd: path.join(FIXTURES, 'inputs'), env: { PATH: process.env.PATH ?? '', HOME: sh.dataDir } });
    const created = fields(await mistral('execution-create', 'greet', '{"name": "World"}'));
    expect([...created.keys()]).toEqual([...fields(recordedStdout('28-execution-create-greet')).keys()]);
    executionId = created.get('ID')!;
    await pollUntilDone(sh, executionId);
    const list = table(await mistral('execution-list'));
    expect(list.header).toEqual(table(recordedStdout('09-execution-list')).header);
    expect(list.rows[0]![0]).toBe(executionId);
    const got = fields(await mistral('execution-get', executionId));
    expect([...got.keys()]).toEqual([...fields(recordedStdout('29-execution-get-greet')).keys()]);
    expect(got.get('State')).toBe('SUCCESS');
    const output = await mistral('execution-get-output', executionId);
    expect(output).toBe(recordedStdout('30-execution-get-output-greet').replaceAll('Heat', 'World'));
  }, 90_000);

  it('given task-list and action-execution-list, when run, then the columns match', async () => {
    const tasks = table(await mistral('task-list'));
    expect(tasks.header).toEqual(table(recordedStdout('14-task-list')).header);
    expect(tasks.rows.map((r) => r[1]).sort()).toEqual(['compose', 'repeat']);
    const actions = table(await mistral('action-execution-list'));
    expect(actions.header).toEqual(table(recordedStdout('13-action-execution-list')).header);
    expect(actions.rows.map((r) => r[1])).toEqual(['std.echo', 'std.echo']);
  }, 60_000);

  it('given run-action std.echo, when run, then it prints the result as Mistral does', async () => {
    expect(await mistral('run-action', 'std.echo', '{"output": "hi"}')).toBe(recordedStdout('34-run-action'));
  }, 60_000);
});
