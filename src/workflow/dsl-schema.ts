/**
 * Mistral's DSL JSON schemas (mistral/lang/types.py and mistral/lang/v2/*.py) as they end up
 * after `get_schema()` merges in the meta schema. Key order matters: python-jsonschema reports
 * errors in schema order and best_match breaks ties by that order.
 *
 * Quirks kept on purpose (the code is the reference): the workflow schema has no
 * `additionalProperties: false` and no check on `description` (get_schema drops them from the
 * meta schema); publish/retry/on-clause/task-defaults schemas accept the meta keys `name`,
 * `version`, `description` and `tags`.
 */
import type { Schema } from './json-schema.js';

const YAQL_PATTERN = '<%.*?%>';
const JINJA_PATTERN = '({{(.*?)}})';

const NONEMPTY_STRING: Schema = { type: 'string', minLength: 1 };
const UNIQUE_STRING_LIST: Schema = { type: 'array', items: NONEMPTY_STRING, uniqueItems: true, minItems: 1 };
const POSITIVE_INTEGER: Schema = { type: 'integer', minimum: 0 };
const POSITIVE_NUMBER: Schema = { type: 'number', minimum: 0 };
// expressions.patterns is ordered by evaluator name: jinja, then yaql.
export const EXPRESSION: Schema = {
  oneOf: [JINJA_PATTERN, YAQL_PATTERN].map((p) => ({ type: 'string', pattern: `^${p}\\s*$` })),
};
const ANY_NULLABLE: Schema = {
  anyOf: ['null', 'array', 'boolean', 'integer', 'number', 'object', 'string'].map((type) => ({ type })),
};
const ANY: Schema = { anyOf: ['array', 'boolean', 'integer', 'number', 'object', 'string'].map((type) => ({ type })) };
const NONEMPTY_DICT: Schema = { type: 'object', minProperties: 1, patternProperties: { '^\\w+$': ANY_NULLABLE } };
const ONE_KEY_DICT: Schema = { type: 'object', minProperties: 1, maxProperties: 1, patternProperties: { '^\\w+$': ANY_NULLABLE } };
const EXPRESSION_OR_POSITIVE_INTEGER: Schema = { oneOf: [EXPRESSION, POSITIVE_INTEGER] };
const EXPRESSION_OR_BOOLEAN: Schema = { oneOf: [EXPRESSION, { type: 'boolean' }] };
const VERSION: Schema = { anyOf: [NONEMPTY_STRING, POSITIVE_INTEGER, POSITIVE_NUMBER] };
const WORKFLOW_TYPE: Schema = { enum: ['reverse', 'direct'] };
const UNIQUE_STRING_OR_ONE_KEY_DICT_LIST: Schema = {
  type: 'array',
  items: { oneOf: [NONEMPTY_STRING, ONE_KEY_DICT] },
  uniqueItems: true,
  minItems: 1,
};
const STRING_OR_LIST: Schema = { oneOf: [NONEMPTY_STRING, UNIQUE_STRING_LIST] };

/** lang/v2/base.py BaseSpec._meta_schema properties, merged into most schemas by get_schema(). */
const META_PROPERTIES: Record<string, Schema> = {
  name: NONEMPTY_STRING,
  version: VERSION,
  description: NONEMPTY_STRING,
  tags: UNIQUE_STRING_LIST,
};

function withMeta(schema: Schema): Schema {
  return { ...schema, properties: { ...(schema.properties ?? {}), ...META_PROPERTIES, ...(schema.properties ?? {}) } };
}

export const PUBLISH_SCHEMA: Schema = withMeta({
  type: 'object',
  properties: { branch: NONEMPTY_DICT, global: NONEMPTY_DICT, atomic: NONEMPTY_DICT },
  additionalProperties: false,
});

const RETRY_DICT: Schema = {
  type: 'object',
  properties: {
    count: { oneOf: [EXPRESSION, POSITIVE_INTEGER] },
    'break-on': EXPRESSION,
    'continue-on': EXPRESSION,
    delay: { oneOf: [EXPRESSION, POSITIVE_INTEGER] },
  },
  required: ['delay', 'count'],
  additionalProperties: false,
};
export const RETRY_SCHEMA: Schema = withMeta({ oneOf: [RETRY_DICT, NONEMPTY_STRING] });

// lang/v2/on_clause.py
const NEXT_TASK_PATTERNS = ['^\\S+$', '^\\w+ \\w+=(.*)$', '^\\w+\\(\\w+=(.*)\\)$'];
const NEXT_TASK: Schema = { oneOf: NEXT_TASK_PATTERNS.map((pattern) => ({ type: 'string', pattern })) };
const TASK_WITH_EXPRESSION: Schema = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  patternProperties: Object.fromEntries(NEXT_TASK_PATTERNS.map((p) => [p, EXPRESSION])),
};
const LIST_OF_TASKS: Schema = { type: 'array', items: { oneOf: [NEXT_TASK, TASK_WITH_EXPRESSION] }, uniqueItems: true, minItems: 1 };
const ADVANCED_PUBLISHING_DICT: Schema = {
  type: 'object',
  minProperties: 1,
  properties: { publish: PUBLISH_SCHEMA, next: { oneOf: [NEXT_TASK, TASK_WITH_EXPRESSION, LIST_OF_TASKS] } },
  additionalProperties: false,
};
export const ON_CLAUSE_SCHEMA: Schema = withMeta({
  oneOf: [NEXT_TASK, TASK_WITH_EXPRESSION, LIST_OF_TASKS, ADVANCED_PUBLISHING_DICT],
});

const POLICY_PROPERTIES: Record<string, Schema> = {
  retry: RETRY_SCHEMA,
  'wait-before': EXPRESSION_OR_POSITIVE_INTEGER,
  'wait-after': EXPRESSION_OR_POSITIVE_INTEGER,
  timeout: EXPRESSION_OR_POSITIVE_INTEGER,
  'pause-before': EXPRESSION_OR_BOOLEAN,
  concurrency: EXPRESSION_OR_POSITIVE_INTEGER,
  'fail-on': EXPRESSION_OR_BOOLEAN,
};

export const POLICIES_SCHEMA: Schema = withMeta({ type: 'object', properties: POLICY_PROPERTIES, additionalProperties: false });

export const TASK_DEFAULTS_SCHEMA: Schema = withMeta({
  type: 'object',
  properties: {
    ...POLICY_PROPERTIES,
    'on-complete': ON_CLAUSE_SCHEMA,
    'on-success': ON_CLAUSE_SCHEMA,
    'on-error': ON_CLAUSE_SCHEMA,
    'on-skip': ON_CLAUSE_SCHEMA,
    'safe-rerun': EXPRESSION_OR_BOOLEAN,
    requires: STRING_OR_LIST,
  },
  additionalProperties: false,
});

// lang/v2/tasks.py TaskSpec._schema, then merged with the direct/reverse extras.
function taskSchema(type: 'direct' | 'reverse'): Schema {
  const extras: Record<string, Schema> =
    type === 'direct'
      ? {
          join: { oneOf: [{ enum: ['all', 'one'] }, POSITIVE_INTEGER] },
          'on-complete': ON_CLAUSE_SCHEMA,
          'on-success': ON_CLAUSE_SCHEMA,
          'on-error': ON_CLAUSE_SCHEMA,
          'on-skip': ON_CLAUSE_SCHEMA,
        }
      : { requires: STRING_OR_LIST };
  return withMeta({
    type: 'object',
    properties: {
      type: { enum: [type] },
      action: NONEMPTY_STRING,
      workflow: NONEMPTY_STRING,
      input: { oneOf: [NONEMPTY_DICT, NONEMPTY_STRING] },
      'with-items': { oneOf: [NONEMPTY_STRING, UNIQUE_STRING_LIST] },
      publish: NONEMPTY_DICT,
      'publish-on-error': NONEMPTY_DICT,
      'publish-on-skip': NONEMPTY_DICT,
      ...POLICY_PROPERTIES,
      target: NONEMPTY_STRING,
      'keep-result': EXPRESSION_OR_BOOLEAN,
      'safe-rerun': EXPRESSION_OR_BOOLEAN,
      ...extras,
    },
    additionalProperties: false,
    anyOf: [
      { not: { type: 'object', required: ['action', 'workflow'] } },
      { oneOf: [{ type: 'object', required: ['action'] }, { type: 'object', required: ['workflow'] }] },
    ],
    required: ['name', 'version'],
  });
}

export const DIRECT_TASK_SCHEMA = taskSchema('direct');
export const REVERSE_TASK_SCHEMA = taskSchema('reverse');

/** lang/v2/workflows.py: only `tasks` plus WorkflowSpec._meta_schema properties survive get_schema(). */
export const WORKFLOW_SCHEMA: Schema = {
  properties: {
    tasks: { type: 'object', minProperties: 1, patternProperties: { '^\\w+$': NONEMPTY_DICT } },
    type: WORKFLOW_TYPE,
    'task-defaults': NONEMPTY_DICT,
    input: UNIQUE_STRING_OR_ONE_KEY_DICT_LIST,
    output: NONEMPTY_DICT,
    'output-on-error': NONEMPTY_DICT,
    vars: NONEMPTY_DICT,
    tags: UNIQUE_STRING_LIST,
  },
  required: ['tasks'],
};

/** lang/base.py BaseListSpec (workflow lists and ad-hoc action lists). */
export const LIST_DOCUMENT_SCHEMA: Schema = {
  type: 'object',
  properties: { version: VERSION },
  additionalProperties: NONEMPTY_DICT,
  required: ['version'],
};

// lang/v2/workbook.py
const NON_VERSION_WORD = '^(?!version$)[\\w-]+$';
const VERSION_ENUM: Schema = { enum: ['2.0', 2.0] };
const WORKBOOK_SECTION: Schema = {
  type: 'object',
  minProperties: 1,
  patternProperties: { '^version$': VERSION_ENUM, [NON_VERSION_WORD]: ANY },
  additionalProperties: false,
};
export const WORKBOOK_SCHEMA: Schema = withMeta({
  type: 'object',
  properties: { version: VERSION_ENUM, actions: WORKBOOK_SECTION, workflows: WORKBOOK_SECTION },
  additionalProperties: false,
  required: ['name', 'version'],
});

// lang/v2/actions.py
export const ACTION_SCHEMA: Schema = withMeta({
  type: 'object',
  properties: { base: NONEMPTY_STRING, 'base-input': NONEMPTY_DICT, input: UNIQUE_STRING_OR_ONE_KEY_DICT_LIST, output: ANY_NULLABLE },
  required: ['base', 'name', 'version'],
  additionalProperties: false,
});
