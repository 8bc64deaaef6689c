// stackhook's page: the executions list and one execution's live timeline.
// Plain modules, no build: the API answers JSON and the event streams are Server-Sent Events.

const main = document.getElementById('main');
const live = document.getElementById('live');
const STATES = ['IDLE', 'RUNNING', 'PAUSED', 'SUCCESS', 'ERROR', 'CANCELLED'];
const FINAL = new Set(['SUCCESS', 'ERROR', 'CANCELLED']);

/** What the current view holds open (an event stream, timers); closed when the view changes. */
let teardown = [];

function cleanup() {
  for (const fn of teardown.splice(0)) fn();
}

window.addEventListener('hashchange', route);
route();

function route() {
  cleanup();
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  const match = /^\/executions\/([^/]+)$/.exec(path);
  if (match) showExecution(decodeURIComponent(match[1]));
  else showList(new URLSearchParams(query));
}

// ---------------------------------------------------------------------------------------------
// DOM helpers: every text goes through textContent, so nothing from the API is parsed as HTML.

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'style' && typeof value === 'object') Object.assign(el.style, value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces an element's children; arrays are flattened, null and false left out. */
function fill(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
}

function pill(state) {
  return h('span', { class: `pill s-${String(state).toLowerCase()}`, 'data-state': state }, state);
}

async function api(path) {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${body.code ?? res.status}: ${body.message ?? res.statusText}${body.request_id ? ` (request id ${body.request_id})` : ''}`);
  return body;
}

function duration(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)}m ${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

function ago(iso) {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(iso).toLocaleDateString();
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString(undefined, { hour12: false }) + `.${String(new Date(iso).getMilliseconds()).padStart(3, '0')}` : '';
}

/** An EventSource whose state shows in the header; closed with the view. */
function stream(url, onEvent) {
  const source = new EventSource(url);
  const setLive = (state, text) => {
    live.dataset.state = state;
    live.textContent = text;
  };
  setLive('connecting', 'connecting…');
  source.onopen = () => setLive('open', 'live');
  source.onerror = () => setLive(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting', source.readyState === EventSource.CLOSED ? 'offline' : 'reconnecting…');
  source.onmessage = (m) => onEvent(JSON.parse(m.data));
  for (const type of ['execution.state', 'task.started', 'task.finished', 'action.result', 'lifecycle.decision', 'lifecycle.outcome', 'report.delivered', 'report.retrying', 'report.failed']) {
    source.addEventListener(type, (m) => onEvent(JSON.parse(m.data)));
  }
  teardown.push(() => source.close());
  return source;
}

function every(ms, fn) {
  const timer = setInterval(fn, ms);
  teardown.push(() => clearInterval(timer));
}

function debounce(ms, fn) {
  let timer;
  teardown.push(() => clearTimeout(timer));
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

function errorBox(error) {
  return h('p', { class: 'error', role: 'alert' }, String(error.message ?? error));
}

// ---------------------------------------------------------------------------------------------
// The executions list: filters in the URL, newest first, refreshed by /v1/events.

async function showList(params) {
  document.title = 'Executions · stackhook';
  const filters = { stack_id: params.get('stack') ?? '', type: params.get('type') ?? '', state: params.get('state') ?? '' };
  const typeSelect = h('select', { name: 'type', 'aria-label': 'resource type' }, h('option', { value: '' }, 'any type'));
  const form = h('form', { class: 'filters', id: 'filters', onsubmit: (e) => { e.preventDefault(); apply(); } },
    h('label', {}, 'Stack ', h('input', { name: 'stack', value: filters.stack_id, placeholder: 'any stack', size: 24, autocomplete: 'off' })),
    h('label', {}, 'Type ', typeSelect),
    h('label', {}, 'State ', h('select', { name: 'state', 'aria-label': 'state', onchange: () => apply() },
      h('option', { value: '' }, 'any state'), STATES.map((s) => h('option', { value: s, selected: s === filters.state }, s)))),
    h('button', { type: 'submit' }, 'Filter'));
  typeSelect.addEventListener('change', () => apply());
  const status = h('p', { class: 'muted', id: 'list-status' }, 'Loading…');
  const body = h('tbody');
  const table = h('table', { class: 'executions', id: 'executions' },
    h('thead', {}, h('tr', {}, ['State', 'Resource type', 'Step', 'Stack', 'Logical id', 'Started', 'Duration', 'Execution'].map((t) => h('th', {}, t)))),
    body);
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'Older executions');
  main.replaceChildren(h('section', {}, h('h1', {}, 'Executions'), form, status, table, more));

  function apply() {
    const data = new FormData(form);
    const q = new URLSearchParams();
    for (const key of ['stack', 'type', 'state']) if (data.get(key)) q.set(key, String(data.get(key)));
    const next = `#/${q.toString() ? `?${q}` : ''}`;
    if (location.hash !== next) location.hash = next;
    else route();
  }

  api('/v1/resource-types').then(({ resource_types: types }) => {
    for (const t of types) typeSelect.append(h('option', { value: t.type, selected: t.type === filters.type }, t.type));
    if (filters.type && !types.some((t) => t.type === filters.type)) typeSelect.append(h('option', { value: filters.type, selected: true }, filters.type));
  }).catch(() => undefined);

  let shown = 20;
  let loading = false;
  async function load() {
    if (loading) return;
    loading = true;
    try {
      const page = await api(`/v1/executions?${new URLSearchParams({ ...nonEmpty(filters), limit: String(shown) })}`);
      body.replaceChildren(...page.executions.map(row));
      status.textContent = page.executions.length
        ? `${page.executions.length}${page.next_marker ? '+' : ''} execution${page.executions.length === 1 ? '' : 's'}, newest first; updates live`
        : 'No executions yet. Send a signal, or run `stackhook run`, and it appears here.';
      more.hidden = !page.next_marker;
    } catch (error) {
      status.replaceChildren(errorBox(error));
    } finally {
      loading = false;
    }
  }
  more.addEventListener('click', () => { shown += 50; load(); });
  const reload = debounce(200, load);
  await load();
  stream(`/v1/events${filters.stack_id ? `?stack_id=${encodeURIComponent(filters.stack_id)}` : ''}`, (event) => {
    if (event.type === 'execution.state' || event.type === 'lifecycle.outcome' || event.type === 'task.finished') reload();
  });
  every(10_000, load);
}

function nonEmpty(object) {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v));
}

function row(e) {
  const href = `#/executions/${encodeURIComponent(e.id)}`;
  const end = e.finished_at ? Date.parse(e.finished_at) : Date.now();
  const logical = e.env?.resource?.logical_id ?? '';
  return h('tr', { 'data-id': e.id, 'data-state': e.state, onclick: (ev) => { if (!ev.target.closest('a')) location.hash = href; } },
    h('td', {}, pill(e.state)),
    h('td', {}, e.resource_type ?? h('span', { class: 'muted' }, e.workflow_name)),
    h('td', {}, e.step ?? ''),
    h('td', { class: 'mono' }, e.stack_id ?? ''),
    h('td', {}, logical),
    h('td', { title: new Date(e.created_at).toLocaleString() }, ago(e.created_at)),
    h('td', { class: 'num' }, `${duration(end - Date.parse(e.created_at))}${e.finished_at ? '' : ' …'}`),
    h('td', { class: 'mono' }, h('a', { href }, e.id.slice(0, 13) + '…')));
}

// ---------------------------------------------------------------------------------------------
// One execution: header, decision / outcome / report, the tasks as a live timeline, the events.

async function showExecution(id) {
  document.title = `Execution ${id.slice(0, 8)} · stackhook`;
  main.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  let execution;
  try {
    execution = await api(`/v1/executions/${encodeURIComponent(id)}`);
  } catch (error) {
    main.replaceChildren(h('p', {}, h('a', { href: '#/' }, '← Executions')), errorBox(error));
    return;
  }
  const view = {
    execution,
    signal: null,
    tasks: new Map(),
    decision: execution.decision,
    outcome: null,
    events: [],
    startedAt: Date.parse(execution.created_at),
    finishedAt: execution.finished_at ? Date.parse(execution.finished_at) : null,
  };
  const header = h('div', { class: 'exec-head' });
  const cards = h('div', { class: 'cards' });
  const timeline = h('div', { class: 'timeline', id: 'timeline', role: 'table', 'aria-label': 'tasks' });
  const events = h('ol', { class: 'events', id: 'events' });
  main.replaceChildren(
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, '← Executions')),
    header, cards,
    h('section', {}, h('h2', {}, 'Tasks'), timeline),
    h('details', { class: 'event-log' }, h('summary', {}, 'Events'), events),
  );

  const renderAll = () => {
    renderHeader(header, view);
    renderCards(cards, view);
    renderTimeline(timeline, view);
  };
  const refreshSignal = async () => {
    if (!view.execution.signal_id) return;
    try {
      view.signal = await api(`/v1/signals/${encodeURIComponent(view.execution.signal_id)}`);
      if (view.signal.outcome) view.outcome = { status: view.signal.outcome.status, reason: view.signal.outcome.reason ?? null, physical_id: view.signal.outcome.physicalId, data: view.signal.outcome.data };
      view.decision = view.signal.decision ?? view.decision;
      renderAll();
    } catch { /* shown as it is */ }
  };
  const refreshExecution = async () => {
    try {
      const fresh = await api(`/v1/executions/${encodeURIComponent(id)}`);
      view.execution = fresh;
      if (fresh.finished_at) view.finishedAt = Date.parse(fresh.finished_at);
      renderAll();
    } catch { /* keep what is shown */ }
  };
  const refreshSignalSoon = debounce(100, refreshSignal);
  renderAll();
  refreshSignal();

  stream(`/v1/executions/${encodeURIComponent(id)}/events`, (event) => {
    applyEvent(view, event);
    events.append(eventItem(event));
    if (event.type === 'execution.state' && FINAL.has(event.data.state)) refreshExecution();
    if (event.type.startsWith('lifecycle.') || event.type.startsWith('report.')) refreshSignalSoon();
    renderAll();
  });
  // Running bars grow between events.
  every(200, () => {
    if (view.finishedAt !== null && [...view.tasks.values()].every((t) => t.finishedAt !== null)) return;
    renderTimeline(timeline, view);
    renderHeader(header, view);
  });
}

function applyEvent(view, event) {
  const d = event.data ?? {};
  const at = Date.parse(event.at);
  view.events.push(event);
  switch (event.type) {
    case 'execution.state':
      if (event.execution_id !== view.execution.id) break;
      view.execution = { ...view.execution, state: d.state, state_info: d.state_info ?? view.execution.state_info };
      if (FINAL.has(d.state)) view.finishedAt = view.finishedAt ?? at;
      break;
    case 'task.started': {
      const task = view.tasks.get(d.task_id) ?? { id: d.task_id, name: d.name, actions: [] };
      task.startedAt = task.startedAt ?? at;
      task.finishedAt = task.finishedAt ?? null;
      task.state = task.state && FINAL.has(task.state) ? task.state : 'RUNNING';
      view.tasks.set(d.task_id, task);
      break;
    }
    case 'task.finished': {
      const task = view.tasks.get(d.task_id) ?? { id: d.task_id, name: d.name, actions: [] };
      task.finishedAt = at;
      task.startedAt = d.duration_ms != null ? at - d.duration_ms : task.startedAt ?? at;
      task.state = d.state;
      task.stateInfo = d.state_info ?? null;
      view.tasks.set(d.task_id, task);
      break;
    }
    case 'action.result': {
      const task = view.tasks.get(d.task_id);
      if (task && !task.actions.some((a) => a.id === d.action_id)) task.actions.push({ id: d.action_id, name: d.name, state: d.state });
      break;
    }
    case 'lifecycle.decision':
      view.decision = d.decision;
      break;
    case 'lifecycle.outcome':
      view.outcome = { status: d.status, reason: d.reason, physical_id: d.physical_id, data: view.outcome?.data };
      break;
    default:
  }
}

function renderHeader(el, view) {
  const e = view.execution;
  const end = view.finishedAt ?? Date.now();
  const resource = e.env?.resource ?? {};
  const meta = [
    ['Resource type', e.resource_type],
    ['Step', e.step],
    ['Stack', e.stack_id],
    ['Logical id', resource.logical_id],
    ['Physical id', resource.physical_id],
    ['Started', new Date(e.created_at).toLocaleString()],
    ['Duration', `${duration(end - view.startedAt)}${view.finishedAt === null ? ' …' : ''}`],
    ['Execution', e.id],
  ].filter(([, v]) => v !== undefined && v !== null && v !== '');
  fill(el,
    h('h1', {}, e.workflow_name, ' ', pill(e.state)),
    h('dl', { class: 'meta' }, meta.map(([k, v]) => [h('dt', {}, k), h('dd', { class: k === 'Execution' || k === 'Stack' || k === 'Physical id' ? 'mono' : undefined }, v)])),
    e.state_info ? h('pre', { class: 'state-info' }, e.state_info) : null,
  );
}

function renderCards(el, view) {
  if (!view.execution.signal_id) {
    fill(el, card('Lifecycle', 'none', h('p', { class: 'muted' }, 'Not part of a lifecycle: started through the Mistral API.')));
    return;
  }
  const d = view.decision;
  const decision = card('Decision', d ? d.kind : 'none', d
    ? h('div', {},
      h('p', {}, h('strong', {}, d.kind === 'replace' && d.order ? `replace (${d.order})` : d.kind), d.source ? h('span', { class: 'muted' }, ` · from ${d.source}`) : null),
      d.reason ? h('p', {}, d.reason) : null)
    : h('p', { class: 'muted' }, view.signal ? `${view.signal.request_type}: no update decision` : '…'));
  decision.id = 'decision';

  const o = view.outcome;
  const attrs = o?.data ? Object.entries(o.data) : [];
  const outcome = card('Outcome', o ? o.status : 'pending', o
    ? h('div', {},
      h('p', {}, pill(o.status), ' ', h('span', { class: 'mono' }, o.physical_id)),
      o.reason ? h('pre', { class: 'reason' }, o.reason) : null,
      attrs.length ? h('dl', { class: 'attrs' }, attrs.map(([k, v]) => [h('dt', {}, k), h('dd', { class: 'mono' }, typeof v === 'string' ? v : JSON.stringify(v))])) : null)
    : h('p', { class: 'muted' }, 'Not known yet: the workflow is still running.'));
  outcome.id = 'outcome';
  outcome.dataset.status = o ? o.status : 'PENDING';

  const reports = view.signal?.reports ?? [];
  const report = card('Report', reports[0]?.state ?? (view.signal ? 'none' : ''), reports.length
    ? h('ul', { class: 'reports' }, reports.map((r) => h('li', {},
      pill(r.state), ' ', h('span', { class: 'mono' }, r.target),
      h('div', { class: 'muted' }, `${r.attempts} attempt${r.attempts === 1 ? '' : 's'}${r.delivered_at ? `, delivered ${time(r.delivered_at)}` : ''}`),
      r.last_error ? h('div', { class: 'error' }, r.last_error) : null)))
    : h('p', { class: 'muted' }, !view.signal ? '…' : o ? 'No callback: the outcome is polled.' : 'Sent once the outcome is known.'));
  report.id = 'report';
  report.dataset.state = reports[0]?.state ?? 'NONE';
  fill(el, decision, outcome, report);
}

function card(title, state, body) {
  return h('section', { class: 'card', 'data-card': title.toLowerCase() }, h('h2', {}, title), body);
}

function renderTimeline(el, view) {
  const tasks = [...view.tasks.values()].sort((a, b) => a.startedAt - b.startedAt);
  if (tasks.length === 0) {
    fill(el, h('p', { class: 'muted' }, FINAL.has(view.execution.state) ? 'No tasks ran.' : 'Waiting for the first task…'));
    return;
  }
  const now = Date.now();
  const t0 = view.startedAt;
  const lastEnd = Math.max(...tasks.map((t) => t.finishedAt ?? now), view.finishedAt ?? now);
  const span = Math.max(lastEnd - t0, 1);
  const pct = (ms) => `${Math.max(0, Math.min(100, (ms / span) * 100)).toFixed(2)}%`;
  fill(el,
    h('div', { class: 'trow thead', role: 'row' },
      h('span', { role: 'columnheader' }, 'Task'), h('span', { role: 'columnheader', class: 'axis' }, h('span', {}, '0'), h('span', {}, duration(span))),
      h('span', { role: 'columnheader' }, 'State'), h('span', { role: 'columnheader', class: 'num' }, 'Duration')),
    tasks.map((t) => {
      const end = t.finishedAt ?? now;
      return h('div', { class: 'trow task', role: 'row', 'data-name': t.name, 'data-state': t.state },
        h('span', { class: 'tname', role: 'cell', title: t.name }, t.name,
          t.actions.length ? h('small', { class: 'muted' }, t.actions.map((a) => a.name).join(', ')) : null),
        h('span', { class: 'track', role: 'cell' },
          h('span', {
            class: `bar s-${t.state.toLowerCase()}`,
            style: { left: pct(t.startedAt - t0), width: `max(3px, ${pct(end - t.startedAt)})` },
            title: `${t.name}: ${time(new Date(t.startedAt).toISOString())} → ${t.finishedAt ? time(new Date(t.finishedAt).toISOString()) : 'running'}`,
          })),
        h('span', { role: 'cell' }, pill(t.state)),
        h('span', { class: 'num', role: 'cell' }, `${duration(end - t.startedAt)}${t.finishedAt ? '' : ' …'}`),
        t.stateInfo ? h('span', { class: 'tinfo error', role: 'cell' }, t.stateInfo.split('\n')[0]) : null);
    }),
  );
}

function eventItem(event) {
  const d = event.data ?? {};
  const text = {
    'execution.state': () => `execution ${d.state}${d.workflow_name ? ` ${d.workflow_name}` : ''}${d.duration_ms != null ? ` in ${duration(d.duration_ms)}` : ''}`,
    'task.started': () => `task ${d.name} started`,
    'task.finished': () => `task ${d.name} ${d.state} in ${duration(d.duration_ms)}`,
    'action.result': () => `action ${d.name} ${d.state}`,
    'lifecycle.decision': () => `decision ${d.decision?.kind}${d.decision?.reason ? `: ${d.decision.reason}` : ''}`,
    'lifecycle.outcome': () => `outcome ${d.status} ${d.physical_id}${d.reason ? `: ${String(d.reason).split('\n')[0]}` : ''}`,
    'report.delivered': () => `report delivered after ${d.attempts} attempt(s)`,
    'report.retrying': () => `report retrying (${d.attempts}): ${d.last_error ?? ''}`,
    'report.failed': () => `report given up after ${d.attempts} attempt(s): ${d.last_error ?? ''}`,
  }[event.type]?.() ?? event.type;
  return h('li', { 'data-type': event.type }, h('time', { datetime: event.at }, time(event.at)), ' ', text);
}
