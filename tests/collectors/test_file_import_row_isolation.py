"""A value the database refuses costs its row, not the run; a failing database stops the
import with a message that holds neither SQL nor citizens' texts."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

import collectors.file_formats as file_formats
from collectors.file_import import import_file
from core.store.database import Store
from core.store.items import ItemWriter
from core.store.models import Item, Run
from pantau.settings import load_settings
from tests.pantau.cli_helpers import run_cli

DATE = "2024-11-20 10:00:00"


def _ids(store: Store) -> set[str]:
    with store.session() as s:
        return set(s.scalars(select(Item.external_id)))


def test_a_refused_value_no_check_foresaw_costs_one_row(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "rows.jsonl"
    lines = [
        json.dumps({"id": f"j{i}", "text": f"teks {i}", "created_at": DATE}) for i in range(2500)
    ]
    lines[1699] = '{"id": "j1699", "text": "rusak \\udc80", "created_at": "' + DATE + '"}'
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # Let the lone surrogate past the reader's check, as a value of a kind no check knows.
    monkeypatch.setattr(file_formats, "unstorable", lambda values: None)
    report = import_file(store, load_settings().for_collectors(), f, platform="x", batch_size=500)
    assert (report.new, report.skipped) == (2499, 1)
    assert [p.line for p in report.problems] == [1700]
    assert "ditolak basis data" in report.problems[0].reason
    assert "rusak" not in report.problems[0].reason
    assert _ids(store) == {f"j{i}" for i in range(2500)} - {"j1699"}
    with store.session() as s:
        run = s.get(Run, report.run_id)
        assert run is not None and run.status == "partial"
        assert (run.items_new, run.items_failed) == (2499, 1)
        assert run.errors and run.errors[0].startswith("baris 1700:")


def test_a_failing_database_stops_without_sql_or_texts(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    f = workspace / "ekspor.csv"
    rows = [f"c{i},rahasia warga nomor {i},{DATE}" for i in range(30)]
    f.write_text("id,text,created_at\n" + "\n".join(rows) + "\n", encoding="utf-8")
    real_write = ItemWriter.write
    calls: list[int] = []

    def write_then_fail(self, session, records, raw_refs=None):  # type: ignore[no-untyped-def]
        calls.append(len(records))
        if len(calls) == 2:
            raise OperationalError(
                "INSERT INTO items (text) VALUES (?)",
                [(r.text,) for r in records],
                Exception("disk I/O error: rahasia warga"),
            )
        return real_write(self, session, records, raw_refs)

    monkeypatch.setattr(ItemWriter, "write", write_then_fail)
    code, out = run_cli(
        capsys,
        "--config",
        str(workspace / "pantau.yaml"),
        "import",
        str(f),
        "-p",
        "facebook",
        "--batch-size",
        "10",
    )
    assert code == 3, out
    assert "Impor berhenti" in out and "baris 11 sudah tersimpan" in out
    assert "rahasia" not in out and "INSERT" not in out and "SQL" not in out, out
    from core.store.database import open_store

    store = open_store(f"sqlite:///{workspace / 'pantau.db'}")
    try:
        assert _ids(store) == {f"c{i}" for i in range(10)}
        with store.session() as s:
            run = s.scalars(select(Run)).one()
        assert run.status == "failed" and run.items_new == 10
        assert run.message and "rahasia" not in run.message and "INSERT" not in run.message
        assert not (run.details or {}).get("complete")
    finally:
        store.dispose()


def test_long_handle_is_dropped_only_when_handles_are_kept(store: Store, tmp_path: Path) -> None:
    f = tmp_path / "handles.csv"
    f.write_text(
        f"id,text,created_at,author\nh1,satu,{DATE},{'a' * 129}\nh2,dua,{DATE},budi\n",
        encoding="utf-8",
    )
    settings = load_settings().for_collectors()
    kept = dataclasses.replace(settings, keep_author_handles=True)
    report = import_file(store, kept, f, platform="facebook")
    assert report.new == 2 and [p.line for p in report.warnings] == [2]
    assert "nama akun terlalu panjang" in report.warnings[0].reason
    with store.session() as s:
        rows = {i.external_id: i for i in s.scalars(select(Item))}
    assert rows["h1"].author_handle is None and rows["h1"].author_pseudonym
    assert rows["h2"].author_handle == "budi"
    again = import_file(store, settings, f, platform="instagram")
    assert again.new == 2 and not again.warnings


def test_imported_x_links_name_no_citizen_unless_handles_are_kept(tmp_path: Path) -> None:
    from collectors.settings import CollectorSettings, SourceSettings
    from core.store.database import open_store
    from pantau.settings import Settings

    export = tmp_path / "ekspor.csv"
    export.write_text(
        "id,text,created_at,url\n"
        "11,Kapan coblosan?,2024-11-20 10:00,https://x.com/warga_asli/status/11\n"
        "12,Siap min,2024-11-20 10:05,https://x.com/kpujember/status/12\n",
        encoding="utf-8",
    )
    composed = Settings(
        sources=[SourceSettings(name="x_kpu", platform="x", account_id="1", username="kpujember")]
    )
    for keep, expected in (
        (False, "https://x.com/i/web/status/11"),
        (True, "https://x.com/warga_asli/status/11"),
    ):
        store = open_store(f"sqlite:///{tmp_path / f'keep{keep}.db'}")
        view: CollectorSettings = composed.for_collectors()
        settings = CollectorSettings(view.sources, view.api, view.import_profiles, keep)
        import_file(store, settings, export, platform="x")
        with store.session() as s:
            urls = {e: u for e, u in s.execute(select(Item.external_id, Item.url))}
        store.dispose()
        assert urls == {"11": expected, "12": "https://x.com/kpujember/status/12"}


def test_map_applies_before_the_profile_is_chosen_and_refuses_unknown_fields(
    tmp_path: Path,
) -> None:
    from collectors.file_import import resolve_profile
    from core.errors import InputFileError
    from pantau.settings import Settings

    settings = Settings().for_collectors()
    header = ["Comment ID", "Isi", "Published time"]  # Meta layout, text column renamed
    chosen = resolve_profile(settings, None, {"text": "Isi"}, header)
    assert (chosen.id, chosen.text, chosen.created_at) == ("Comment ID", "Isi", "Published time")
    with pytest.raises(InputFileError, match="teks"):
        resolve_profile(settings, None, {"teks": "Isi"}, header)
