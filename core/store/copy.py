"""Copying a whole store into another database (a team moving from SQLite to PostgreSQL).

The target must be empty and is migrated to the same schema first, so every table has the same
columns on both sides; rows go over table by table in foreign-key order, in primary-key pages,
each page in its own transaction. Afterwards PostgreSQL's id sequences are moved past the
copied ids (or the next insert would collide) and every table's row count is compared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Table, func, select, text

from core.errors import StoreError
from core.store.database import Store
from core.store.models import Base

# The run lock belongs to a running process of the source database, not to its data.
SKIPPED_TABLES = frozenset({"locks"})


@dataclass
class CopyReport:
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name not in SKIPPED_TABLES]


def _count(store: Store, table: Table) -> int:
    with store.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def copy_store(
    source: Store,
    target: Store,
    *,
    page_size: int = 5000,
    progress: Callable[[str, int], None] | None = None,
) -> CopyReport:
    """Copy every row of ``source`` into the empty ``target``; returns rows per table."""
    tables = _tables()
    filled = [t.name for t in tables if _count(target, t)]
    if filled:
        raise StoreError(
            f"Basis data tujuan tidak kosong (tabel {', '.join(filled)} sudah berisi)",
            "Salin hanya ke basis data baru yang kosong; data di tujuan tidak ditimpa.",
        )
    report = CopyReport()
    for table in tables:
        key = list(table.primary_key.columns)
        copied = 0
        last: tuple[object, ...] | None = None
        while True:
            query = select(table).order_by(*key).limit(page_size)
            if last is not None:
                if len(key) == 1:
                    query = query.where(key[0] > last[0])
                else:
                    from sqlalchemy import tuple_

                    query = query.where(tuple_(*key) > tuple_(*last))
            with source.engine.connect() as conn:
                rows = [dict(r._mapping) for r in conn.execute(query)]
            if not rows:
                break
            with target.engine.begin() as conn:
                conn.execute(table.insert(), rows)
            copied += len(rows)
            last = tuple(rows[-1][c.name] for c in key)
            if progress is not None:
                progress(table.name, len(rows))
        report.rows[table.name] = copied
    if target.dialect == "postgresql":
        _advance_sequences(target, tables)
    for table in tables:
        if _count(target, table) != report.rows[table.name]:
            raise StoreError(
                f"Salinan tabel {table.name} tidak lengkap",
                "Hapus basis data tujuan dan ulangi penyalinan.",
            )
    return report


def _advance_sequences(target: Store, tables: list[Table]) -> None:
    with target.engine.begin() as conn:
        for table in tables:
            key = list(table.primary_key.columns)
            if len(key) != 1 or not key[0].autoincrement or key[0].type.python_type is not int:
                continue
            seq = conn.scalar(
                text("SELECT pg_get_serial_sequence(:t, :c)"),
                {"t": table.name, "c": key[0].name},
            )
            if seq is None:
                continue
            highest = conn.scalar(select(func.max(key[0])))
            if highest is not None:
                conn.execute(text("SELECT setval(:s, :v)"), {"s": seq, "v": int(highest)})
