import type { SqliteDatabase } from './database.js';
import { toColumn, type TableMap } from '../tables.js';

type Statement = ReturnType<SqliteDatabase['prepare']>;

/**
 * Builds and caches the INSERT and UPDATE statements of a table from its field map. An UPDATE is
 * cached per set of patched fields, so a hot path reuses a handful of prepared statements.
 */
export class TableStatements {
  private readonly insertStatement: Statement;
  private readonly updates = new Map<string, Statement>();
  private readonly fields: string[];

  constructor(private readonly db: SqliteDatabase, private readonly table: string, private readonly map: TableMap) {
    this.fields = Object.keys(map);
    const columns = this.fields.map((f) => map[f]![0]);
    this.insertStatement = db.prepare(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
  }

  insert(record: object): void {
    const values = this.fields.map((f) => toColumn(this.map[f]![1], (record as Record<string, unknown>)[f]));
    this.insertStatement.run(values);
  }

  /** Returns the number of rows changed; `extraWhere` adds a guard such as a version check. */
  update(id: string, patch: object, extraWhere?: { sql: string; value: unknown }): number {
    const fields = Object.keys(patch).filter((f) => (patch as Record<string, unknown>)[f] !== undefined);
    if (fields.length === 0 && !extraWhere) return 1;
    const key = `${fields.join(',')}|${extraWhere?.sql ?? ''}`;
    let statement = this.updates.get(key);
    if (!statement) {
      const sets = fields.map((f) => `${this.column(f)} = ?`);
      if (this.map.version) sets.push('version = version + 1');
      statement = this.db.prepare(
        `UPDATE ${this.table} SET ${sets.join(', ')} WHERE id = ?${extraWhere ? ` AND ${extraWhere.sql}` : ''}`,
      );
      this.updates.set(key, statement);
    }
    const values = fields.map((f) => toColumn(this.map[f]![1], (patch as Record<string, unknown>)[f]));
    values.push(id);
    if (extraWhere) values.push(extraWhere.value);
    return statement.run(values).changes;
  }

  private column(field: string): string {
    const entry = this.map[field];
    if (!entry) throw new Error(`${this.table} has no field ${field}`);
    return entry[0];
  }
}
