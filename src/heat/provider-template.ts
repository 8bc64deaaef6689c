/**
 * The Heat provider template of a resource type: what `type: Custom::X` stands for in a stack
 * once the environment maps it here. It wraps one OS::Mistral::ExternalResource whose actions
 * run the type's workflows on stackhook (Heat's `workflowv2` endpoint).
 *
 * - parameters: the type's properties (hot-parameters.ts), plus the reserved `replace_on_change`.
 * - `external`: the ExternalResource. Its `input` is the properties; every action also passes
 *   `params.env.stackhook` = {stack_id, logical_id}: this nested stack's id, and its name less
 *   Heat's random suffix (`<parent stack>-<resource name>`). Together they identify the
 *   Custom::X resource; Heat itself sends no stack or resource identity.
 * - `replace_on_change_inputs`: the properties whose change makes Heat itself create a new
 *   resource and then delete the old one. Only for types replaced create-before-delete; a type
 *   replaced delete-before-create, or a change judged by a `decide` workflow, is replaced by
 *   stackhook inside the UPDATE workflow call, so Heat must not replace it too.
 * - `decoded`: ExternalResource's `output` attribute is a JSON string. A nested stack with one
 *   `json` parameter parses it (Heat's own JSON parsing), so every attribute output is the native
 *   value: numbers stay numbers, lists and maps stay lists and maps.
 * - outputs: `OS::stack_id` (the physical id, what `get_resource` returns) and every attribute.
 */
import { workflowNameOf, type ResourceType } from '../resource-types/resource-type.js';
import { PHASES } from '../resource-types/type-file-schema.js';
import { planParameters, type HotParameter } from './hot-parameters.js';

/** Heat 19 (Zed) knows HOT versions up to wallaby's, the first whose `if` can drop a map key. */
export const HOT_VERSION = '2021-04-16';
export const AUTHOR_PARAMETER = 'replace_on_change';
export const DECODER_FILE = 'json-decoder.yaml';
const EXTERNAL = 'external';
/** Heat names a provider's nested stack `<parent stack>-<resource name>-<12-character id>`. */
const LOGICAL_ID = {
  yaql: { expression: "regex('-[a-z0-9]{12}$').replace($.data.name, '')", data: { name: { get_param: 'OS::stack_name' } } },
};
const DECODED = 'decoded';

type Template = Record<string, unknown>;

/** `Custom::DNSRecord` ↔ `Custom.DNSRecord.yaml`: Heat takes a registry value as a template only
 * when it ends in .yaml, and heatclient skips values containing `::` as built-in types. */
export function templateFileOf(typeName: string): string {
  return `${typeName.replaceAll('::', '.')}.yaml`;
}

export function typeNameOfFile(file: string): string | undefined {
  const match = /^(Custom(?:\.[A-Za-z][A-Za-z0-9_]*)+)\.yaml$/.exec(file);
  return match ? match[1]!.replaceAll('.', '::') : undefined;
}

export function templatesUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/v1/heat/templates`;
}

/**
 * The properties Heat replaces on by itself. A type without an update workflow (and no decide
 * workflow) is replaced on any change, as stackhook's own update decision would do.
 */
export function heatReplacePolicy(type: ResourceType): { properties: string[]; withAuthorList: boolean } {
  if (type.replacement === 'delete_before_create') return { properties: [], withAuthorList: false };
  if (!type.workflows.update && !type.workflows.decide) return { properties: propertyNames(type), withAuthorList: false };
  return { properties: [...type.replaceOnChange], withAuthorList: true };
}

export function providerTemplate(type: ResourceType, baseUrl: string): Template {
  const planned = planParameters(type.propertiesSchema, type.secretProperties);
  const parameters: Record<string, HotParameter> = {};
  const conditions: Record<string, unknown> = {};
  const given: Record<string, unknown> = {};
  // Optional inputs join only when set. (`if` without an else inside a map breaks Heat 19 when it
  // copies the definition: "EllipsisType takes no arguments"; an else of {} in map_merge does not.)
  const optional: unknown[] = [];
  const addOptional = (name: string, absentValue: unknown) => {
    conditions[`given_${name}`] = { not: { equals: [{ get_param: name }, absentValue] } };
    optional.push({ if: [`given_${name}`, { [name]: { get_param: name } }, {}] });
  };
  for (const { name, parameter, absentValue } of planned) {
    parameters[name] = parameter;
    if (absentValue === undefined) given[name] = { get_param: name };
    else addOptional(name, absentValue);
  }
  parameters[AUTHOR_PARAMETER] = authorParameter(type);
  addOptional(AUTHOR_PARAMETER, []);
  const input = { map_merge: [given, ...optional] };

  const policy = heatReplacePolicy(type);
  const replaceOnChange = policy.withAuthorList
    ? { list_concat_unique: [policy.properties, { get_param: AUTHOR_PARAMETER }] }
    : policy.properties;
  const identity = { stack_id: { get_param: 'OS::stack_id' }, logical_id: LOGICAL_ID };
  const actions = Object.fromEntries(PHASES.map((phase) => [phase.toUpperCase(), {
    workflow: workflowNameOf(type.name, phase),
    params: { env: { stackhook: identity } },
  }]));

  const resources: Template = {
    [EXTERNAL]: {
      type: 'OS::Mistral::ExternalResource',
      properties: {
        actions,
        input,
        description: { list_join: ['', [`${type.name} in stack `, { get_param: 'OS::stack_name' }]] },
        replace_on_change_inputs: replaceOnChange,
        // An unchanged input needs no workflow; stackhook's decision would be "none" anyway.
        always_update: false,
      },
    },
  };
  const outputs: Template = {
    'OS::stack_id': { description: `The physical id of the ${type.name} (what get_resource returns)`, value: { get_resource: EXTERNAL } },
  };
  const attributes = Object.entries(type.attributes);
  if (attributes.length) {
    resources[DECODED] = { type: `${templatesUrl(baseUrl)}/${DECODER_FILE}`, properties: { json: { get_attr: [EXTERNAL, 'output'] } } };
    for (const [name, attribute] of attributes) {
      const description = [attribute.description, attribute.secret ? '(secret)' : undefined].filter(Boolean).join(' ');
      outputs[name] = { ...(description ? { description } : {}), value: { get_attr: [DECODED, 'value', name] } };
    }
  }
  const description = [type.description, `Generated by stackhook: ${type.name}'s lifecycle runs the workflows ${workflowNameOf(type.name, 'create').replace(/\.create$/, '')}.<phase>.`]
    .filter(Boolean).join('\n');
  return { heat_template_version: HOT_VERSION, description, parameters, conditions, resources, outputs };
}

/** A stack that only parses a JSON string: its `value` output is the parsed map. */
export function decoderTemplate(): Template {
  return {
    heat_template_version: HOT_VERSION,
    description: 'Generated by stackhook: parses the JSON text of OS::Mistral::ExternalResource\'s output attribute.',
    parameters: { json: { type: 'json', description: 'A JSON object, as text or as a map' } },
    outputs: { value: { description: 'The parsed object', value: { get_param: 'json' } } },
  };
}

function authorParameter(type: ResourceType): HotParameter {
  const names = propertyNames(type);
  const parameter: HotParameter = {
    type: 'comma_delimited_list',
    default: [],
    description: 'Properties whose change replaces this resource instead of updating it in place, '
      + `in addition to those ${type.name} always replaces on${type.replaceOnChange.length ? ` (${type.replaceOnChange.join(', ')})` : ''}. `
      + 'Workflows never see it.',
  };
  if (names.length) parameter.constraints = [{ allowed_values: names }];
  return parameter;
}

function propertyNames(type: ResourceType): string[] {
  return Object.keys((type.propertiesSchema.properties as Record<string, unknown> | undefined) ?? {});
}
