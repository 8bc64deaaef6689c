#!/usr/bin/python3
"""Make Heat's SQLite database hand out ids that are never reused.

Usage: sqlite-autoincrement.py HEAT_SQLITE_FILE   (run after `heat-manage db_sync`; idempotent)

Heat's migrations declare integer primary keys as `id INTEGER NOT NULL, ..., PRIMARY KEY (id)`.
On SQLite such a key is the rowid, and a new row takes max(id) + 1, so the id of the newest row
comes back after that row is deleted. MySQL and PostgreSQL never reuse ids and Heat 19 depends on
it: Resource.clear_stored_attributes() deletes its resource_properties_data row but keeps the
id, and a second call later deletes whichever row carries that id by then, on SQLite usually the
resource's new properties. The stack is then stuck in UPDATE_IN_PROGRESS and every call on it
answers 404 "ResourcePropertiesData ... not found".

The fix changes the schema only: each table keyed by a single INTEGER `id` is rebuilt with
`id INTEGER PRIMARY KEY AUTOINCREMENT`, which SQLite never reuses.
"""
import re
import sqlite3
import sys


def integer_id_tables(db):
    for name, sql in db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        if 'AUTOINCREMENT' in sql.upper():
            continue
        keys = [col for col in db.execute(f'PRAGMA table_info("{name}")') if col[5]]
        if len(keys) == 1 and keys[0][1] == 'id' and keys[0][2].upper() == 'INTEGER':
            yield name, sql


def rebuild(db, name, sql):
    new_sql = re.sub(r'\bid INTEGER NOT NULL\b', 'id INTEGER PRIMARY KEY AUTOINCREMENT', sql, count=1)
    new_sql = re.sub(r',\s*PRIMARY KEY \(id\)', '', new_sql, count=1)
    new_sql = new_sql.replace(f'CREATE TABLE {name} ', f'CREATE TABLE {name}_rebuilt ', 1)
    if new_sql == sql or f'{name}_rebuilt' not in new_sql:
        raise SystemExit(f'unexpected schema for table {name}: {sql}')
    indexes = [row[0] for row in db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (name,))]
    db.execute(new_sql)
    db.execute(f'INSERT INTO {name}_rebuilt SELECT * FROM {name}')
    db.execute(f'DROP TABLE {name}')
    db.execute(f'ALTER TABLE {name}_rebuilt RENAME TO {name}')
    for index_sql in indexes:
        db.execute(index_sql)


def main(path):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute('PRAGMA foreign_keys = OFF')
    db.execute('BEGIN IMMEDIATE')
    tables = list(integer_id_tables(db))
    for name, sql in tables:
        rebuild(db, name, sql)
    db.execute('COMMIT')
    problems = db.execute('PRAGMA foreign_key_check').fetchall()
    if problems:
        raise SystemExit(f'foreign key check failed after the rebuild: {problems}')
    print('AUTOINCREMENT ids for: ' + (', '.join(name for name, _ in tables) or 'nothing left to do'))


if __name__ == '__main__':
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
