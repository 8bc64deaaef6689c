import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

export type SqliteDatabase = Database.Database;

/**
 * Opens (creating if needed) the embedded database in WAL mode and brings its schema up to date.
 * synchronous=NORMAL in WAL mode keeps every commit atomic and durable across a process crash;
 * only an operating-system crash can lose the last transactions.
 */
export function openSqliteDatabase(file: string, options: { autoCheckpoint: boolean } = { autoCheckpoint: true }): SqliteDatabase {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // With a Checkpointer running, commits on this connection never checkpoint themselves.
  if (!options.autoCheckpoint) db.pragma('wal_autocheckpoint = 0');
  migrate(db);
  return db;
}

function migrate(db: SqliteDatabase): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
        .run(migration.version, migration.name, Date.now());
    })();
  }
}
