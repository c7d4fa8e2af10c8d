"""The ground floor: what every area stands on, importing no area and not the shell.

It holds the store (SQLAlchemy models, sessions, Alembic migrations, item and analysis access,
cursors, the runs ledger, pseudonyms, the retention purge), the records the areas exchange
(``ItemRecord``, ``RawPage``), the typed errors, YAML reading with ``${VAR}`` expansion (and
what in a config value looks like a secret), the neutralising of untrusted text shown to
readers (direction controls), the masking of citizens' handles in what people read
(``privacy``), the owner-only creation of files holding citizens' data, the database lock and
the paths of the shipped defaults. It may import only the standard library and third-party
packages.
"""
