import type { StackhookEvent } from '../events/event.js';

/** How the CLI writes: to a terminal (colours, a spinner) or to a pipe (plain lines). */
export interface Output {
  write(text: string): void;
  isTTY: boolean;
  colour: boolean;
}

export function terminalOutput(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): Output {
  const isTTY = Boolean(stream.isTTY);
  return { write: (text) => stream.write(text), isTTY, colour: isTTY && env.NO_COLOR === undefined && env.TERM !== 'dumb' };
}

const COLOURS = { red: 31, green: 32, yellow: 33, blue: 34, grey: 90, bold: 1 } as const;

export function paint(out: Pick<Output, 'colour'>, colour: keyof typeof COLOURS, text: string): string {
  return out.colour ? `\u001b[${COLOURS[colour]}m${text}\u001b[0m` : text;
}

/** A state word in its colour: green for success, red for failure, yellow while it runs. */
export function stateText(out: Pick<Output, 'colour'>, state: string): string {
  if (state === 'SUCCESS' || state === 'DELIVERED' || state.endsWith('_COMPLETE')) return paint(out, 'green', state);
  if (state === 'ERROR' || state === 'FAILED' || state.endsWith('_FAILED') || state === 'CANCELLED') return paint(out, 'red', state);
  if (state === 'RUNNING' || state === 'PENDING' || state.endsWith('_IN_PROGRESS')) return paint(out, 'yellow', state);
  return state;
}

/** `12 ms`, `1.23 s`, `2m 03s`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m ${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

/** Local wall-clock time of an ISO timestamp, to the millisecond. */
export function clock(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** Rows as aligned columns; the last column is never padded. */
export function table(headers: string[], rows: string[][]): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...all.map((row) => visibleLength(row[i] ?? ''))));
  return all.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visibleLength(cell)))).join('  ').trimEnd()).join('\n') + '\n';
}

function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[\d+m/g, '').length;
}

interface DecisionData {
  kind?: string;
  order?: string;
  reason?: string;
  source?: string;
}

export function describeDecision(decision: DecisionData | null | undefined): string {
  if (!decision) return 'none yet';
  const kind = decision.kind === 'replace' && decision.order ? `replace (${decision.order})` : decision.kind ?? '?';
  return `${kind}${decision.source ? ` [${decision.source}]` : ''}${decision.reason ? `: ${decision.reason}` : ''}`;
}

/**
 * One event as one readable line, without the time: `task  SUCCESS  count  12 ms`. The
 * kinds line up so a stream of them reads as a log.
 */
export function describeEvent(out: Pick<Output, 'colour'>, event: Pick<StackhookEvent, 'type' | 'data'>): string {
  const d = event.data as Record<string, unknown>;
  const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const info = (v: unknown) => (v ? `  ${firstLine(str(v))}` : '');
  switch (event.type) {
    case 'execution.state': {
      if (d.workflow_name) return `execution  ${stateText(out, str(d.state))}  ${str(d.workflow_name)}${d.step ? ` (${str(d.step)})` : ''}`;
      return `execution  ${stateText(out, str(d.state))}${d.duration_ms != null ? `  ${formatDuration(d.duration_ms as number)}` : ''}${info(d.state_info)}`;
    }
    case 'task.started': return `task       ${paint(out, 'yellow', 'started')}  ${str(d.name)}`;
    case 'task.finished': return `task       ${stateText(out, str(d.state))}  ${str(d.name)}  ${formatDuration(d.duration_ms as number | null)}${info(d.state_info)}`.trimEnd();
    case 'action.result': return `action     ${stateText(out, str(d.state))}  ${str(d.name)}${d.state === 'ERROR' ? info(shorten(JSON.stringify(d.output))) : ''}`;
    case 'lifecycle.decision': return `decision   ${describeDecision(d.decision as DecisionData)}`;
    case 'lifecycle.outcome': return `outcome    ${stateText(out, str(d.status))}  physical id ${str(d.physical_id)}${info(d.reason)}`;
    case 'report.delivered': return `report     ${stateText(out, 'DELIVERED')}  after ${attempts(d.attempts)}`;
    case 'report.retrying': return `report     ${paint(out, 'yellow', 'RETRYING')}  after ${attempts(d.attempts)}${info(d.last_error)}`;
    case 'report.failed': return `report     ${stateText(out, 'FAILED')}  gave up after ${attempts(d.attempts)}${info(d.last_error)}`;
    default: return `${String(event.type)}  ${shorten(JSON.stringify(d))}`;
  }
}

function attempts(n: unknown): string {
  return `${String(n ?? '?')} attempt${n === 1 ? '' : 's'}`;
}

/** The first line of a long message (the outcome's reason repeats it whole). */
export function firstLine(text: string, max = 160): string {
  return shorten(text.split('\n')[0]!.trim(), max);
}

export function shorten(text: string | undefined, max = 200): string {
  if (!text) return '';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FINISHED_MARK: Record<string, string> = { SUCCESS: '✓', ERROR: '✗', CANCELLED: '✗', SKIPPED: '–' };

/**
 * The live view of `stackhook run`: each task as it starts and finishes, with its elapsed time.
 * On a terminal, finished tasks are printed for good and a spinner line below them shows what
 * is still running; elsewhere every start and finish is its own line.
 */
export class RunProgress {
  private readonly running = new Map<string, { name: string; since: number }>();
  private frame = 0;
  private timer: NodeJS.Timeout | undefined;
  private spinnerShown = false;
  private readonly startedAt = Date.now();

  constructor(private readonly out: Output) {}

  start(): void {
    if (!this.out.isTTY) return;
    this.timer = setInterval(() => this.drawSpinner(), 80);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clearSpinner();
  }

  onEvent(event: StackhookEvent): void {
    const d = event.data as Record<string, unknown>;
    switch (event.type) {
      case 'execution.state':
        if (d.workflow_name) this.line(`${paint(this.out, 'bold', '▸')} ${String(d.workflow_name)}${d.step ? ` (${String(d.step)})` : ''}`);
        else if (d.state !== 'RUNNING') {
          this.line(`  workflow ${stateText(this.out, String(d.state))}${d.duration_ms != null ? ` in ${formatDuration(d.duration_ms as number)}` : ''}${d.state_info ? `: ${firstLine(String(d.state_info))}` : ''}`);
        }
        return;
      case 'task.started':
        this.running.set(String(d.task_id), { name: String(d.name), since: Date.parse(event.at) || Date.now() });
        if (!this.out.isTTY) this.line(`  started  ${String(d.name)}`);
        return;
      case 'task.finished': {
        this.running.delete(String(d.task_id));
        const state = String(d.state);
        const mark = this.out.isTTY ? `${paintMark(this.out, state)} ` : '';
        const info = d.state_info ? `  ${firstLine(String(d.state_info))}` : '';
        this.line(`  ${mark}${this.out.isTTY ? '' : `${state}  `}${String(d.name)}  ${formatDuration(d.duration_ms as number | null)}${info}`.trimEnd());
        return;
      }
      case 'lifecycle.decision':
        this.line(`  decision: ${describeDecision(d.decision as DecisionData)}`);
        return;
      default:
    }
  }

  /** A line that stays: the spinner is cleared first and drawn again below it. */
  line(text: string): void {
    this.clearSpinner();
    this.out.write(`${text}\n`);
    this.drawSpinner();
  }

  private drawSpinner(): void {
    if (!this.out.isTTY || !this.timer) return;
    const now = Date.now();
    const tasks = [...this.running.values()].map((t) => `${t.name} ${formatDuration(now - t.since)}`).join(', ');
    const glyph = SPINNER[this.frame++ % SPINNER.length]!;
    const text = `${paint(this.out, 'yellow', glyph)} ${tasks ? `running ${tasks}` : 'working'}  ${paint(this.out, 'grey', formatDuration(now - this.startedAt))}`;
    this.out.write(`\r\u001b[2K${text}`);
    this.spinnerShown = true;
  }

  private clearSpinner(): void {
    if (!this.spinnerShown) return;
    this.out.write('\r\u001b[2K');
    this.spinnerShown = false;
  }
}

function paintMark(out: Output, state: string): string {
  const mark = FINISHED_MARK[state] ?? '•';
  return state === 'SUCCESS' ? paint(out, 'green', mark) : state === 'SKIPPED' ? paint(out, 'grey', mark) : paint(out, 'red', mark);
}
