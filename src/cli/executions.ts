import type { StackhookEvent } from '../events/event.js';
import { UsageError, type Client } from './client.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, oneOfFlag, parseCommand, positiveInt, printJson, withClient } from './command.js';
import {
  clock, describeDecision, describeEvent, formatDuration, paint, shorten, stateText, table, type Output,
} from './progress.js';

export const EXECUTIONS_HELP = `stackhook executions <list|show|watch> [options]

Workflow executions of a running stackhook: one per lifecycle phase a signal ran (and those the
Mistral v2 API started).

  stackhook executions list [--stack S] [--type T] [--state X] [--limit N] [--marker ID]
      newest first: id, state, resource type, step, stack, start time and duration
  stackhook executions show <id>
      one execution: its decision, tasks with their actions and durations, output, and (for a
      lifecycle execution) the outcome and the report's delivery
  stackhook executions watch <id>
      follows the execution's events live until it ends (its outcome known, its report
      delivered or given up); one line per event; --json prints NDJSON, one event per line.
      The exit status is 0 when it succeeded, 1 when it failed

Options:
  --stack S       list: only executions of this stack id
  --type T        list: only this resource type (Custom::ConfigFile)
  --state X       list: IDLE, RUNNING, PAUSED, SUCCESS, ERROR or CANCELLED
  --limit N       list: at most N (default 20, at most 1000)
  --marker ID     list: the page after this execution id (list prints the next one)
${CONNECTION_HELP}

Examples:
  stackhook executions list --stack demo --state ERROR
  stackhook executions show 0190a1b2-…
  stackhook executions watch 0190a1b2-… --json | jq -c 'select(.type == "task.finished")'
`;

const STATES = ['IDLE', 'RUNNING', 'PAUSED', 'SUCCESS', 'ERROR', 'CANCELLED'] as const;
const FINAL = new Set(['SUCCESS', 'ERROR', 'CANCELLED']);

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  stack: { type: 'string' },
  type: { type: 'string' },
  state: { type: 'string' },
  limit: { type: 'string' },
  marker: { type: 'string' },
} as const;

interface TaskView {
  name: string;
  state: string;
  state_info: string | null;
  started_at: string | null;
  finished_at: string | null;
  actions: { name: string; state: string; attempt: number }[];
}

export interface ExecutionView {
  id: string;
  workflow_name: string;
  state: string;
  state_info: string | null;
  output: unknown;
  resource_type: string | null;
  stack_id: string | null;
  signal_id: string | null;
  step: string | null;
  decision: Record<string, unknown> | null;
  created_at: string;
  finished_at: string | null;
  tasks?: TaskView[];
}

interface SignalView {
  id: string;
  request_type: string;
  logical_id: string;
  state: string;
  outcome: { status: string; reason?: string; physicalId: string; data: Record<string, unknown> } | null;
  reports: { target: string; state: string; attempts: number; last_error: string | null; delivered_at: string | null }[];
}

export async function executionsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, OPTIONS);
  const [sub, ...rest] = positionals;
  if (values.help || sub === undefined || sub === 'help') {
    process.stdout.write(EXECUTIONS_HELP);
    return values.help || sub === 'help' ? 0 : 2;
  }
  return withClient(values, async (client, out) => {
    switch (sub) {
      case 'list':
      case 'ls': {
        noMore(rest, 'list');
        const page = await client.getJson<{ executions: ExecutionView[]; next_marker: string | null }>('/v1/executions', {
          stack_id: values.stack, type: values.type, state: oneOfFlag('state', values.state, STATES),
          limit: String(positiveInt('limit', values.limit) ?? 20), marker: values.marker,
        });
        if (values.json) printJson(page);
        else printList(out, page.executions, page.next_marker);
        return 0;
      }
      case 'show': {
        const id = oneId(rest, 'show');
        const execution = await client.getJson<ExecutionView>(`/v1/executions/${encodeURIComponent(id)}`);
        const signal = execution.signal_id ? await client.getJson<SignalView>(`/v1/signals/${encodeURIComponent(execution.signal_id)}`) : null;
        if (values.json) printJson({ ...execution, signal });
        else printExecution(out, execution, signal);
        return 0;
      }
      case 'watch':
        return watch(client, out, oneId(rest, 'watch'), Boolean(values.json));
      default:
        throw new UsageError(`unknown subcommand executions ${sub}; expected list, show or watch`);
    }
  });
}

function noMore(rest: string[], sub: string): void {
  if (rest.length) throw new UsageError(`executions ${sub} takes no argument (got ${rest.join(' ')}); filters are flags: --stack, --type, --state`);
}

function oneId(rest: string[], sub: string): string {
  if (rest.length !== 1) throw new UsageError(`executions ${sub} takes one execution id`);
  return rest[0]!;
}

function printList(out: Output, executions: ExecutionView[], nextMarker: string | null): void {
  if (executions.length === 0) {
    out.write('no executions\n');
    return;
  }
  out.write(table(['ID', 'STATE', 'TYPE', 'STEP', 'STACK', 'STARTED', 'DURATION'], executions.map((e) => [
    e.id, stateText(out, e.state), e.resource_type ?? '-', e.step ?? '-', e.stack_id ?? '-', localTime(e.created_at), elapsed(e),
  ])));
  if (nextMarker) out.write(paint(out, 'grey', `more: --marker ${nextMarker}\n`));
}

function printExecution(out: Output, e: ExecutionView, signal: SignalView | null): void {
  const field = (name: string, value: string) => out.write(`  ${name.padEnd(10)} ${value}\n`);
  out.write(`${paint(out, 'bold', `execution ${e.id}`)}  ${stateText(out, e.state)}\n`);
  field('workflow', `${e.workflow_name}${e.step ? ` (step ${e.step})` : ''}`);
  if (e.resource_type) field('type', e.resource_type);
  if (e.stack_id) field('stack', `${e.stack_id}${signal ? `, logical id ${signal.logical_id}` : ''}`);
  if (signal) field('signal', `${signal.id} (${signal.request_type}, ${signal.state})`);
  field('started', `${localTime(e.created_at)}, ${e.finished_at ? `took ${elapsed(e)}` : `running for ${elapsed(e)}`}`);
  if (e.decision || signal?.request_type === 'Update') field('decision', describeDecision(e.decision));
  if (e.state_info) field('info', e.state_info);

  const tasks = e.tasks ?? [];
  out.write(`\ntasks (${tasks.length}):\n`);
  if (tasks.length) {
    out.write(table(['  STATE', 'TASK', 'DURATION', 'ACTIONS'], tasks.map((t) => [
      `  ${stateText(out, t.state)}`, t.name, taskDuration(t),
      t.actions.map((a) => `${a.name} ${a.state}${a.attempt > 1 ? ` (attempt ${a.attempt})` : ''}`).join(', ') || '-',
    ])));
    for (const t of tasks.filter((t) => t.state_info)) out.write(`  ${t.name}: ${shorten(t.state_info ?? '', 400)}\n`);
  }
  if (e.output !== null && e.output !== undefined && Object.keys(e.output as object).length) {
    out.write(`\noutput: ${JSON.stringify(e.output)}\n`);
  }
  if (signal) {
    const o = signal.outcome;
    out.write(`\noutcome: ${o ? `${stateText(out, o.status)}  physical id ${o.physicalId}${o.reason ? `\n  reason: ${o.reason}` : ''}` : 'not yet known'}\n`);
    if (o && Object.keys(o.data).length) out.write(`  attributes: ${JSON.stringify(o.data)}\n`);
    if (signal.reports.length === 0) out.write('report: none (the outcome is polled)\n');
    for (const r of signal.reports) {
      const when = r.delivered_at ? ` at ${localTime(r.delivered_at)}` : '';
      out.write(`report: ${stateText(out, r.state)} to ${r.target} after ${r.attempts} attempt${r.attempts === 1 ? '' : 's'}${when}${r.last_error ? ` (last error: ${r.last_error})` : ''}\n`);
    }
  }
}

/** Follows the SSE stream until the execution is over, reconnecting with Last-Event-ID if cut. */
async function watch(client: Client, out: Output, id: string, json: boolean): Promise<number> {
  const execution = await client.getJson<ExecutionView>(`/v1/executions/${encodeURIComponent(id)}`);
  const path = `/v1/executions/${encodeURIComponent(id)}/events`;
  let lastId: string | undefined;
  let executionState = execution.state;
  let outcome: string | undefined;
  let failures = 0;
  if (!json) out.write(`${paint(out, 'bold', `watching ${id}`)}  ${execution.workflow_name}  (Ctrl-C to stop)\n`);

  let reportsExpected: boolean | undefined;
  const done = async (event: StackhookEvent): Promise<boolean> => {
    if (event.type === 'execution.state' && event.execution_id === id) executionState = String(event.data.state);
    if (event.type === 'lifecycle.outcome' && execution.signal_id) {
      outcome = String(event.data.status);
      const signal = await client.getJson<SignalView>(`/v1/signals/${encodeURIComponent(execution.signal_id)}`);
      reportsExpected = signal.reports.length > 0;
    }
    // A report delivered, retried or given up is the last thing that happens to a lifecycle.
    if (event.type === 'report.delivered' || event.type === 'report.failed' || event.type === 'report.retrying') return true;
    if (!FINAL.has(executionState)) return false;
    if (!execution.signal_id) return true;
    return outcome !== undefined && reportsExpected === false;
  };

  for (;;) {
    let body;
    try {
      body = await client.stream(path, lastId);
    } catch (error) {
      if (++failures > 5 || lastId === undefined) throw error;
      await sleep(500 * failures);
      continue;
    }
    failures = 0;
    try {
      for await (const frame of sseFrames(body)) {
        if (frame.id) lastId = frame.id;
        const event = JSON.parse(frame.data) as StackhookEvent;
        if (json) process.stdout.write(`${JSON.stringify(event)}\n`);
        else out.write(`${paint(out, 'grey', clock(event.at))}  ${describeEvent(out, event)}\n`);
        if (await done(event)) return finalStatus(executionState, outcome);
      }
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
    } finally {
      body.destroy();
    }
    if (++failures > 5) throw new Error(`the event stream of ${id} kept closing`);
    await sleep(500 * failures);
  }
}

function finalStatus(executionState: string, outcome: string | undefined): number {
  if (outcome !== undefined) return outcome === 'SUCCESS' ? 0 : 1;
  return executionState === 'SUCCESS' ? 0 : 1;
}

/** Server-Sent Events frames from a byte stream, as a browser's EventSource parses them. */
export async function* sseFrames(body: AsyncIterable<Buffer | string>): AsyncGenerator<{ id?: string; event: string; data: string }> {
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    buffer += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    buffer = buffer.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let id: string | undefined;
      let event = 'message';
      const data: string[] = [];
      for (const line of frame.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') id = value;
        else if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length) yield { ...(id !== undefined ? { id } : {}), event, data: data.join('\n') };
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function localTime(iso: string | null): string {
  if (!iso) return '-';
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

function elapsed(e: Pick<ExecutionView, 'created_at' | 'finished_at'>): string {
  const end = e.finished_at ? Date.parse(e.finished_at) : Date.now();
  return formatDuration(end - Date.parse(e.created_at));
}

function taskDuration(t: TaskView): string {
  if (!t.started_at) return '-';
  const end = t.finished_at ? Date.parse(t.finished_at) : Date.now();
  return `${formatDuration(end - Date.parse(t.started_at))}${t.finished_at ? '' : ' …'}`;
}
