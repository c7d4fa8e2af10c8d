"""The ground floor: what every area stands on, importing no area and not the shell.

It holds the store (SQLAlchemy models, sessions, Alembic migrations, item and analysis access,
cursors, the runs ledger, pseudonyms), the records the areas exchange (``ItemRecord``,
``RawPage``), the typed errors, YAML reading with ``${VAR}`` expansion, the database lock and the
paths of the shipped defaults. It may import only the standard library and third-party packages.
"""
