import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_TYPES, tempDir } from '../support/service.js';
import { cli } from './cli-process.js';

const TYPES = ['--types-dir', FIXTURE_TYPES];
const dirs: string[] = [];
const scratch = () => {
  const dir = tempDir('stackhook-run-test-');
  dirs.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('stackhook run', () => {
  it('given a create that sleeps, when run, then each task is shown as it starts and finishes, then the outcome and the attributes, exit 0', async () => {
    const result = await cli(['run', 'Custom::Test::Counter', 'create', '--properties', '{"name": "one", "sleep": 0.3, "api_key": "k-123"}', ...TYPES]);

    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Custom::Test::Counter create  stack stackhook-run, logical id Counter');
    expect(lines).toContain('▸ stackhook.Test.Counter.create (create)');
    const order = ['  started  count', /^ {2}SUCCESS {2}count {2}\d+ ms$/, '  started  wait', /^ {2}SUCCESS {2}wait {2}3\d\d ms$/, /^ {2}workflow SUCCESS in \d/];
    let at = 0;
    for (const expected of order) {
      const found = lines.findIndex((line, i) => i >= at && (typeof expected === 'string' ? line === expected : expected.test(line)));
      expect(found, `${String(expected)} after line ${at} in\n${result.stdout}`).toBeGreaterThanOrEqual(at);
      at = found + 1;
    }
    expect(result.stdout).toMatch(/\nSUCCESS {2}physical id counter-one {2}\(\d/);
    expect(result.stdout).toContain('attributes:\n  token  ***\n  value  v1\n');
    expect(result.stdout).not.toContain('k-123');
    expect(result.stdout).not.toContain('token-of-one');
  });

  it('given a workflow that fails, when run, then FAILED and the reason are printed and the exit status is 1', async () => {
    const result = await cli(['run', 'Custom::Test::Counter', 'create', '--properties', '{"name": "two", "fail": "create"}', ...TYPES]);

    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^ {2}ERROR {2}boom {2}\d+ ms {2}create of two failed on purpose$/m);
    expect(result.stdout).toMatch(/\nFAILED {2}physical id Counter-[0-9a-f]{16} /);
    expect(result.stdout).toContain('reason: Custom::Test::Counter create failed');
    expect(result.stdout).toContain('create of two failed on purpose');
  });

  it('given properties the schema refuses, when run, then nothing runs and the reason names the property, exit 1', async () => {
    const result = await cli(['run', 'Custom::Test::Counter', 'create', '--properties', '{"name": "Not Valid"}', ...TYPES]);

    expect(result.status).toBe(1);
    expect(result.stdout).not.toContain('started');
    expect(result.stdout).toContain('reason: Properties of Custom::Test::Counter are invalid: property name must match pattern');
  });

  it('given --json, when run, then one JSON document holds the outcome, the tasks and the events', async () => {
    const result = await cli(['run', 'Custom::Test::Counter', 'create', '--json', '--properties', '{"name": "three"}', ...TYPES]);

    expect(result.status, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as Record<string, unknown> & { tasks: { name: string; state: string; duration_ms: number }[]; events: { type: string }[] };
    expect(doc).toMatchObject({
      status: 'SUCCESS', reason: null, physical_id: 'counter-three', attributes: { value: 'v1', token: '***' },
      type: 'Custom::Test::Counter', phase: 'create', stack_id: 'stackhook-run', logical_id: 'Counter', store: null,
    });
    expect(doc.tasks.map((t) => [t.name, t.state])).toEqual([['count', 'SUCCESS'], ['wait', 'SUCCESS']]);
    expect(doc.tasks.every((t) => typeof t.duration_ms === 'number')).toBe(true);
    expect(doc.events.map((e) => e.type)).toContain('lifecycle.outcome');
    expect(doc.execution_ids).toHaveLength(1);
  });

  it('given a --data-dir, when a create then a delete run on it, then the delete workflow runs on the created resource', async () => {
    const dataDir = scratch();
    const create = await cli(['run', 'Custom::Test::Counter', 'create', '--properties', '{"name": "four"}', '--data-dir', dataDir, ...TYPES]);
    expect(create.status, create.stderr).toBe(0);

    const del = await cli(['run', 'Custom::Test::Counter', 'delete', '--physical-id', 'counter-four', '--properties', '{"name": "four"}', '--data-dir', dataDir, ...TYPES]);

    expect(del.status, del.stderr).toBe(0);
    expect(del.stdout).toContain('▸ stackhook.Test.Counter.delete (delete)');
    expect(del.stdout).toContain('SUCCESS  physical id counter-four');
    const runs = fs.readdirSync(path.join(dataDir, 'files', 'runs'));
    expect(runs.filter((f) => f.startsWith('four.create.'))).toHaveLength(1);
    expect(runs.filter((f) => f.startsWith('four.delete.'))).toHaveLength(1);
  });

  it('given a temporary store, when a delete runs with a physical id, then the resource is adopted and its delete workflow really runs', async () => {
    const filesRoot = scratch();
    const result = await cli(['run', 'Custom::Test::Counter', 'delete', '--physical-id', 'counter-five', '--properties', '{"name": "five"}', '--files-root', filesRoot, ...TYPES]);

    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ {2}SUCCESS {2}count {2}\d+ ms$/m);
    expect(fs.readdirSync(path.join(filesRoot, 'runs')).some((f) => f.startsWith('five.delete.'))).toBe(true);
  });

  it('given an update with old properties, when run, then the decision is shown before the update workflow', async () => {
    const result = await cli(['run', 'Custom::Test::Counter', 'update', '--physical-id', 'counter-six',
      '--properties', '{"name": "six", "value": "v2"}', '--old-properties', '{"name": "six"}', ...TYPES]);

    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/ {2}decision: in-place.*\n▸ stackhook\.Test\.Counter\.update \(update\)/);
    expect(result.stdout).toContain('  value  v2');
  });

  it('given properties in a YAML file, when run, then they are read from it', async () => {
    const file = path.join(scratch(), 'props.yaml');
    fs.writeFileSync(file, 'name: seven\nvalue: from-file\n');

    const result = await cli(['run', 'Custom::Test::Counter', 'create', '--properties-file', file, ...TYPES]);

    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('  value  from-file');
  });

  it.each([
    [['run', 'Custom::Test::Counter'], 'expected a resource type and a phase'],
    [['run', 'Custom::Test::Counter', 'explode'], 'the phase must be one of create, update, delete, suspend, resume'],
    [['run', 'Custom::Test::Counter', 'create', '--properties', '{nope'], '--properties is not valid JSON'],
    [['run', 'Custom::Test::Counter', 'create', '--properties', '[1]'], '--properties must hold a JSON object'],
    [['run', 'Custom::Test::Counter', 'delete'], 'delete needs --physical-id'],
    [['run', 'Custom::Test::Counter', 'create', '--colour', 'red'], "Unknown option '--colour'"],
  ])('given %j, when run, then the mistake is explained with a pointer to --help and the exit status is 2', async (args, message) => {
    const result = await cli([...args, ...TYPES]);

    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('stackhook run --help');
  });

  it('given --help, when run, then what it does, every option and an example are printed', async () => {
    const result = await cli(['run', '--help']);

    expect(result.status).toBe(0);
    for (const option of ['--properties', '--properties-file', '--old-properties', '--physical-id', '--data-dir', '--types-dir', '--json', '--timeout']) {
      expect(result.stdout).toContain(option);
    }
    expect(result.stdout).toContain('Examples:\n  stackhook run Custom::ConfigFile create');
  });
});
