/**
 * Numbered migrations, applied in order, each in its own transaction, never edited once released:
 * a change of schema is a new entry at the end.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'lifecycle core',
    sql: `
      CREATE TABLE signals (
        id TEXT PRIMARY KEY,
        stack_id TEXT NOT NULL,
        request_id TEXT NOT NULL,
        request_type TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        logical_id TEXT NOT NULL,
        physical_id TEXT,
        resource_id TEXT,
        new_resource_id TEXT,
        state TEXT NOT NULL,
        step TEXT,
        decision TEXT,
        outcome TEXT,
        request TEXT NOT NULL,
        callback_urls TEXT NOT NULL,
        deadline_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (stack_id, request_id)
      );
      CREATE TABLE resources (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        stack_id TEXT NOT NULL,
        logical_id TEXT NOT NULL,
        physical_id TEXT NOT NULL,
        properties TEXT NOT NULL,
        attributes TEXT NOT NULL,
        status TEXT NOT NULL,
        status_reason TEXT,
        replaced_by TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX resources_by_physical_id ON resources (type, physical_id, created_at);
      CREATE INDEX resources_by_stack ON resources (stack_id, created_at);
      CREATE TABLE executions (
        id TEXT PRIMARY KEY,
        workflow_name TEXT NOT NULL,
        definition TEXT NOT NULL,
        state TEXT NOT NULL,
        state_info TEXT,
        input TEXT NOT NULL,
        output TEXT,
        env TEXT NOT NULL,
        context TEXT NOT NULL,
        signal_id TEXT,
        step TEXT,
        resource_type TEXT,
        stack_id TEXT,
        version INTEGER NOT NULL,
        deadline_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        finished_at INTEGER
      );
      CREATE INDEX executions_by_signal ON executions (signal_id);
      CREATE INDEX executions_by_stack ON executions (stack_id, created_at);
      CREATE TABLE tasks (
        id TEXT PRIMARY KEY,
        execution_id TEXT NOT NULL,
        name TEXT NOT NULL,
        state TEXT NOT NULL,
        state_info TEXT,
        in_context TEXT NOT NULL,
        published TEXT NOT NULL,
        result TEXT,
        next_tasks TEXT NOT NULL,
        error_handled INTEGER NOT NULL,
        runtime TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER
      );
      CREATE INDEX tasks_by_execution ON tasks (execution_id, created_at);
      CREATE TABLE actions (
        id TEXT PRIMARY KEY,
        task_id TEXT NOT NULL,
        execution_id TEXT NOT NULL,
        name TEXT NOT NULL,
        input TEXT NOT NULL,
        state TEXT NOT NULL,
        output TEXT,
        attempt INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX actions_by_execution ON actions (execution_id, created_at);
      -- Keyed by what the job is about, without a rowid: one b-tree plus the due index, so a job
      -- costs few page writes on the hot path; delete_jobs by ref reads the key's prefix.
      CREATE TABLE jobs (
        ref TEXT NOT NULL,
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        run_at INTEGER NOT NULL,
        locked_until INTEGER,
        PRIMARY KEY (ref, kind, id)
      ) WITHOUT ROWID;
      CREATE INDEX jobs_due ON jobs (locked_until, run_at);
      CREATE TABLE reports (
        id TEXT PRIMARY KEY,
        signal_id TEXT NOT NULL,
        url TEXT NOT NULL,
        body TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        next_attempt_at INTEGER NOT NULL,
        give_up_at INTEGER NOT NULL,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        delivered_at INTEGER
      );
      CREATE INDEX reports_due ON reports (state, next_attempt_at);
      CREATE INDEX reports_by_signal ON reports (signal_id);
    `,
  },
  {
    version: 2,
    name: 'mistral v2 api: definitions, environments, api executions, action runs',
    sql: `
      CREATE TABLE mistral_workbooks (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        namespace TEXT NOT NULL,
        definition TEXT NOT NULL,
        tags TEXT NOT NULL,
        scope TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER,
        UNIQUE (name, namespace)
      );
      CREATE TABLE mistral_workflows (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        namespace TEXT NOT NULL,
        workbook_name TEXT,
        definition TEXT NOT NULL,
        body TEXT NOT NULL,
        input TEXT NOT NULL,
        interface TEXT NOT NULL,
        tags TEXT NOT NULL,
        scope TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER,
        UNIQUE (name, namespace)
      );
      CREATE INDEX mistral_workflows_by_workbook ON mistral_workflows (workbook_name, namespace);
      CREATE TABLE mistral_actions (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        namespace TEXT NOT NULL,
        workbook_name TEXT,
        definition TEXT NOT NULL,
        body TEXT NOT NULL,
        input TEXT NOT NULL,
        description TEXT,
        tags TEXT NOT NULL,
        scope TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER,
        UNIQUE (name, namespace)
      );
      CREATE INDEX mistral_actions_by_workbook ON mistral_actions (workbook_name, namespace);
      CREATE TABLE mistral_environments (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT,
        variables TEXT NOT NULL,
        scope TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER
      );
      CREATE TABLE mistral_executions (
        id TEXT PRIMARY KEY,
        signal_id TEXT,
        workflow_id TEXT NOT NULL,
        workflow_name TEXT NOT NULL,
        namespace TEXT NOT NULL,
        description TEXT NOT NULL,
        params TEXT NOT NULL,
        input TEXT NOT NULL,
        tags TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX mistral_executions_by_signal ON mistral_executions (signal_id);
      CREATE TABLE mistral_action_runs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        namespace TEXT NOT NULL,
        description TEXT NOT NULL,
        input TEXT NOT NULL,
        state TEXT NOT NULL,
        state_info TEXT,
        output TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER
      );
    `,
  },
  {
    version: 3,
    name: 'workflow engine: sub-executions, execution params and runtime, with-items and retried actions',
    sql: `
      ALTER TABLE executions ADD COLUMN parent_execution_id TEXT;
      ALTER TABLE executions ADD COLUMN parent_task_id TEXT;
      ALTER TABLE executions ADD COLUMN root_execution_id TEXT;
      ALTER TABLE executions ADD COLUMN params TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE executions ADD COLUMN runtime TEXT NOT NULL DEFAULT '{}';
      CREATE INDEX executions_by_parent ON executions (parent_execution_id);
      ALTER TABLE actions ADD COLUMN item_index INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE actions ADD COLUMN accepted INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE actions ADD COLUMN child_execution_id TEXT;
    `,
  },
];
