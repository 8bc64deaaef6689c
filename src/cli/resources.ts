import { UsageError } from './client.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, parseCommand, positiveInt, printJson, withClient } from './command.js';
import { localTime } from './executions.js';
import { paint, stateText, table, type Output } from './progress.js';

export const RESOURCES_HELP = `stackhook resources <list|show> [options]

The inventory of a running stackhook: every resource its lifecycles created, with its type,
physical id, stack, logical id, last applied properties, attributes and status. Secret
properties and attributes are shown as ***.

  stackhook resources list [--stack S] [--type T] [--status X] [--limit N] [--marker ID]
      one line per resource: id, type, stack, logical id, physical id, status
  stackhook resources show <id>
      one resource with its properties and attributes

Options:
  --stack S       list: only resources of this stack id
  --type T        list: only this resource type (Custom::ConfigFile)
  --status X      list: only this status (CREATE_COMPLETE, UPDATE_FAILED, REPLACED, …)
  --limit N       list: at most N (default 50, at most 1000)
  --marker ID     list: the page after this resource id (list prints the next one)
${CONNECTION_HELP}

Examples:
  stackhook resources list --stack demo
  stackhook resources show 0190a1b2-… --json | jq .attributes
`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  stack: { type: 'string' },
  type: { type: 'string' },
  status: { type: 'string' },
  limit: { type: 'string' },
  marker: { type: 'string' },
} as const;

interface ResourceView {
  id: string;
  type: string;
  stack_id: string;
  logical_id: string;
  physical_id: string;
  status: string;
  status_reason: string | null;
  properties: Record<string, unknown>;
  attributes: Record<string, unknown>;
  replaced_by: string | null;
  created_at: string;
  updated_at: string;
}

export async function resourcesCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, OPTIONS);
  const [sub, ...rest] = positionals;
  if (values.help || sub === undefined || sub === 'help') {
    process.stdout.write(RESOURCES_HELP);
    return values.help || sub === 'help' ? 0 : 2;
  }
  return withClient(values, async (client, out) => {
    switch (sub) {
      case 'list':
      case 'ls': {
        if (rest.length) throw new UsageError(`resources list takes no argument (got ${rest.join(' ')}); filters are flags: --stack, --type, --status`);
        const page = await client.getJson<{ resources: ResourceView[]; next_marker: string | null }>('/v1/resources', {
          stack_id: values.stack, type: values.type, status: values.status?.toUpperCase(),
          limit: String(positiveInt('limit', values.limit) ?? 50), marker: values.marker,
        });
        if (values.json) printJson(page);
        else printList(out, page.resources, page.next_marker);
        return 0;
      }
      case 'show': {
        if (rest.length !== 1) throw new UsageError('resources show takes one resource id');
        const resource = await client.getJson<ResourceView>(`/v1/resources/${encodeURIComponent(rest[0]!)}`);
        if (values.json) printJson(resource);
        else printResource(out, resource);
        return 0;
      }
      default:
        throw new UsageError(`unknown subcommand resources ${sub}; expected list or show`);
    }
  });
}

function printList(out: Output, resources: ResourceView[], nextMarker: string | null): void {
  if (resources.length === 0) {
    out.write('no resources\n');
    return;
  }
  out.write(table(['ID', 'TYPE', 'STACK', 'LOGICAL ID', 'PHYSICAL ID', 'STATUS', 'UPDATED'], resources.map((r) => [
    r.id, r.type, r.stack_id, r.logical_id, r.physical_id, stateText(out, r.status), localTime(r.updated_at),
  ])));
  if (nextMarker) out.write(paint(out, 'grey', `more: --marker ${nextMarker}\n`));
}

function printResource(out: Output, r: ResourceView): void {
  const field = (name: string, value: string) => out.write(`  ${name.padEnd(12)} ${value}\n`);
  out.write(`${paint(out, 'bold', `resource ${r.id}`)}  ${stateText(out, r.status)}\n`);
  field('type', r.type);
  field('physical id', r.physical_id);
  field('stack', `${r.stack_id}, logical id ${r.logical_id}`);
  if (r.status_reason) field('reason', r.status_reason);
  if (r.replaced_by) field('replaced by', r.replaced_by);
  field('created', localTime(r.created_at));
  field('updated', localTime(r.updated_at));
  for (const [title, values] of [['properties', r.properties], ['attributes', r.attributes]] as const) {
    const names = Object.keys(values).sort();
    out.write(`${title}:${names.length ? '' : ' none'}\n`);
    const width = Math.max(0, ...names.map((n) => n.length));
    for (const name of names) {
      const value = values[name];
      out.write(`  ${name.padEnd(width)}  ${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
    }
  }
}
