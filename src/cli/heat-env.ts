import yaml from 'js-yaml';
import { ApiError, UsageError } from './client.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, parseCommand, printJson, withClient } from './command.js';

export const HEAT_ENV_HELP = `stackhook heat-env [options]

Prints the Heat environment of a running stackhook (GET /v1/heat/environment): a
resource_registry mapping every resource type it serves (Custom::X) to its provider template.
Save it and pass it to Heat with -e; a template author then needs nothing else.

Options:
${CONNECTION_HELP.split('\n').slice(1).join('\n')}
  (--json prints the environment as JSON instead of the YAML Heat reads)

Examples:
  stackhook heat-env > stackhook-env.yaml
  openstack stack create -e stackhook-env.yaml -t app.yaml app
`;

export async function heatEnvCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, CONNECTION_OPTIONS);
  if (values.help) {
    process.stdout.write(HEAT_ENV_HELP);
    return 0;
  }
  if (positionals.length) throw new UsageError(`heat-env takes no argument (got ${positionals.join(' ')})`);
  return withClient(values, async (client) => {
    let text: string;
    try {
      text = await client.getText('/v1/heat/environment', 'application/yaml, application/json;q=0.9');
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        process.stderr.write(`stackhook: the service at ${client.options.url} has no Heat environment: GET /v1/heat/environment answered 404 (${error.describe()}).\n`
          + '  It is an older stackhook; upgrade it to serve Heat provider templates.\n');
        return 1;
      }
      throw error;
    }
    if (values.json) printJson(yaml.load(text));
    else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return 0;
  });
}
