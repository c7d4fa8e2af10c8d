"""Writing an import's rows in batches, with the ledger moving in the same transactions.

Two guarantees live here:

- The run's counts in the ledger are updated in the transaction that stores each batch, so
  they always equal what was committed: when two imports of one file race, each counts only
  the rows it inserted (the item writer tells), and a killed import's row holds the counts of
  what it stored before it died.
- A value the database refuses costs its row, not the run. The importer checks the values it
  knows the store refuses (lengths, dates, NUL, lone surrogates) before they get here; if a
  batch is still refused for a value, it is split in halves until the refused rows are alone,
  and each is reported by row number. A database that is down, locked or full is no row's
  fault: that stops the import with a message naming neither SQL nor values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.errors import StoreError
from core.records import ItemRecord
from core.store.database import Store
from core.store.items import BatchResult, ItemWriter, describe_db_error, is_row_value_error
from core.store.runs import RunStats, record_progress


@dataclass
class RefusedRow:
    line: int
    reason: str


@dataclass
class BatchWriter:
    """Collects mapped rows and writes them ``batch_size`` at a time (see the module doc)."""

    store: Store
    writer: ItemWriter
    run_id: int
    stats: RunStats
    owner: dict[str, Any] | None = None
    records: list[ItemRecord] = field(default_factory=list)
    refs: list[str | None] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)
    committed_through: int = 1  # the last row number of the last batch committed

    def add(self, record: ItemRecord, ref: str, line: int) -> None:
        self.records.append(record)
        self.refs.append(ref)
        self.lines.append(line)

    def flush(self, skipped: int) -> None:
        """Write what was added; ``skipped`` is how many rows the importer skipped so far."""
        if not self.records:
            return
        try:
            self._write(self.records, self.refs, self.lines, skipped)
        finally:
            self.records.clear()
            self.refs.clear()
            self.lines.clear()

    def _write(
        self, records: list[ItemRecord], refs: list[str | None], lines: list[int], skipped: int
    ) -> None:
        try:
            with self.store.session() as session:
                result: BatchResult = self.writer.write(session, records, refs)
                totals = self._totals(result, skipped + len(self.refused))
                record_progress(session, self.run_id, totals, self.owner)
        except Exception as exc:
            if not is_row_value_error(exc):
                raise StoreError(
                    f"Impor berhenti: basis data gagal menyimpan ({describe_db_error(exc)}). "
                    f"Baris sampai baris {self.committed_through} sudah tersimpan.",
                    "Periksa koneksi dan ruang disk basis data, lalu jalankan ulang impor yang "
                    "sama: baris yang sudah tersimpan tidak akan tersimpan dua kali.",
                ) from exc
            if len(records) == 1:
                self.refused.append(
                    RefusedRow(
                        lines[0],
                        f"nilai di baris ini ditolak basis data ({describe_db_error(exc)}); "
                        "baris ini dilewati",
                    )
                )
                return
            half = len(records) // 2
            self._write(records[:half], refs[:half], lines[:half], skipped)
            self._write(records[half:], refs[half:], lines[half:], skipped)
            return
        self.stats = totals
        self.committed_through = max(self.committed_through, lines[-1])

    def _totals(self, result: BatchResult, failed: int) -> RunStats:
        """The run's counts once this batch is committed (applied only after the commit)."""
        before = self.stats
        return RunStats(
            items_new=before.items_new + result.new,
            items_updated=before.items_updated + result.updated + result.deleted,
            items_skipped=before.items_skipped + result.unchanged,
            items_failed=failed,
            details=before.details,
        )
