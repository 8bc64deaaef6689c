/** The JSON Schema every `resource-types/*.yaml` file is checked against before anything else. */
export const PHASES = ['create', 'update', 'delete', 'suspend', 'resume'] as const;

const workflowBody = { type: 'object', description: 'A Mistral v2 workflow body: input, output, tasks, …' };

export const TYPE_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'properties', 'workflows'],
  properties: {
    type: {
      type: 'string',
      pattern: '^Custom(::[A-Za-z][A-Za-z0-9_]*)+$',
      maxLength: 60,
      description: 'What template authors write: Custom::<Name>(::<Name>)*',
    },
    description: { type: 'string' },
    properties: { type: 'object', description: 'JSON Schema 2020-12 of the properties' },
    attributes: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          description: { type: 'string' },
          type: { enum: ['string', 'number', 'integer', 'boolean', 'object', 'array'] },
          secret: { type: 'boolean' },
        },
      },
    },
    update: {
      type: 'object',
      additionalProperties: false,
      properties: {
        replace_on_change: { type: 'array', items: { type: 'string' }, uniqueItems: true },
        replacement: { enum: ['create_before_delete', 'delete_before_create'] },
        decide: workflowBody,
      },
    },
    timeouts: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        [...PHASES, 'decide'].map((p) => [p, { type: ['string', 'integer'], pattern: '^\\d+(\\.\\d+)?(ms|s|m|h)?$' }]),
      ),
    },
    workflows: {
      type: 'object',
      additionalProperties: false,
      required: ['create'],
      properties: Object.fromEntries(PHASES.map((p) => [p, workflowBody])),
    },
  },
} as const;
