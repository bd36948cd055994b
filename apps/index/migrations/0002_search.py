"""Substring search on each table's `search` column, by the database's own means.

PostgreSQL: `pg_trgm` and a GIN trigram index, which serves `LIKE '%term%'`.
SQLite: an FTS5 table with the trigram tokenizer beside each table, kept in step by
triggers (`apps.index.search` queries it).
"""

from django.db import migrations

TABLES = ("index_user", "index_order", "index_enrollment", "index_instructor", "index_name")


def _sqlite(table: str) -> list[str]:
    fts = f"{table}_fts"
    remove = f"INSERT INTO {fts}({fts}, rowid, search) VALUES ('delete', old.row_id, old.search);"
    add = f"INSERT INTO {fts}(rowid, search) VALUES (new.row_id, new.search);"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(search, content='{table}', "
        "content_rowid='row_id', tokenize='trigram')",
        f"CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {table}_fts_update AFTER UPDATE OF search ON {table} "
        f"BEGIN {remove} {add} END",
    ]


def _sqlite_undo(table: str) -> list[str]:
    return [
        *(f"DROP TRIGGER IF EXISTS {table}_fts_{op}" for op in ("insert", "delete", "update")),
        f"DROP TABLE IF EXISTS {table}_fts",
    ]


def _postgresql(table: str) -> list[str]:
    return [
        f"CREATE INDEX IF NOT EXISTS {table}_search_trgm ON {table} "
        "USING gin (search gin_trgm_ops)"
    ]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    build = {"postgresql": _postgresql, "sqlite": _sqlite}.get(vendor)
    if build is None:
        return  # another database searches with plain LIKE (see apps.index.search)
    if vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        for sql in build(table):
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "sqlite":
            for sql in _sqlite_undo(table):
                schema_editor.execute(sql)
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("index", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
