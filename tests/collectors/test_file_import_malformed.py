"""`pantau import` over a corpus of malformed exports, on SQLite and PostgreSQL.

Every row is either stored exactly or reported by its row number; a file that is no export is
refused with exit 4 and a message saying what it is; nothing ends in exit 70. The corpus is in
``import_corpus.py``: each case names its exit code, words of its message, the ids stored
(with exact texts where quoting is at stake), the rows reported, and whether the ledger may
call the file complete.

One workspace per database for the whole module (each case's ids carry their own prefix), so
the 50 cases cost one migration per backend rather than fifty.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from collectors.source_rows import display_name
from core.store.database import open_store
from core.store.models import Item, Run
from tests.collectors.import_corpus import CASES, PREFIX_LEN, Case
from tests.conftest import drop_schema, postgres_schema_url, skip_unless_ci
from tests.pantau.cli_helpers import run_cli

_PROBLEM = re.compile(r"baris (\d+): (.*?) \((dilewati|peringatan)\)")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def corpus_ws(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, str]]:
    from pantau.workspace import init_workspace

    os.environ.setdefault("PANTAU_PSEUDONYM_KEY", "test-key-0123456789abcdef")
    ws = tmp_path_factory.mktemp(f"corpus-{request.param}")
    init_workspace(ws)
    url = f"sqlite:///{ws / 'pantau.db'}"
    schema = None
    base = os.environ.get("PANTAU_TEST_DATABASE_URL")
    if request.param == "postgresql":
        if not base:
            skip_unless_ci("PostgreSQL tests skipped: set PANTAU_TEST_DATABASE_URL")
        url, schema = postgres_schema_url(base)
        cfg = ws / "pantau.yaml"
        text = cfg.read_text(encoding="utf-8")
        assert "database_url: sqlite:///pantau.db" in text
        cfg.write_text(text.replace("sqlite:///pantau.db", url), encoding="utf-8")
    try:
        yield ws, url
    finally:
        if schema and base:
            drop_schema(base, schema)


def _stored(url: str, prefix: str) -> dict[str, str]:
    store = open_store(url)
    try:
        with store.session() as s:
            rows = s.execute(select(Item.external_id, Item.text)).all()
    finally:
        store.dispose()
    return {ext[len(prefix) :]: text for ext, text in rows if ext.startswith(prefix)}


def _last_run(url: str, file_name: str) -> Run | None:
    store = open_store(url)
    try:
        with store.session() as s:
            runs = list(s.scalars(select(Run).where(Run.kind == "import").order_by(Run.id.desc())))
    finally:
        store.dispose()
    return next(
        (r for r in runs if r.details and r.details.get("file", "").endswith(file_name[-40:])),
        None,
    )


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_malformed_file(
    case: Case, corpus_ws: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    ws, url = corpus_ws
    index = CASES.index(case)
    prefix = f"{index:02d}{'p' if url.startswith('postgresql') else 's'}-"
    assert len(prefix) == PREFIX_LEN
    folder = ws / f"case-{case.name}"
    folder.mkdir()
    path = case.build(folder, prefix)
    code, out = run_cli(
        capsys,
        "--config",
        str(ws / "pantau.yaml"),
        "import",
        str(path),
        *case.args,
        "--show-problems",
        "100",
    )
    assert code == case.code, out
    assert "Galat tak terduga" not in out and "SQL" not in out, out
    for words in case.says:
        assert words in out, (words, out)
    # Nothing of a file's bytes is echoed: no control characters, no replacement of binary.
    assert not re.search(r"[\x00-\x08\x0e-\x1f]", out), out

    reported = {int(m[1]): (m[2], m[3]) for m in _PROBLEM.finditer(out)}
    fatal = {line: reason for line, (reason, kind) in reported.items() if kind == "dilewati"}
    warned = {line: reason for line, (reason, kind) in reported.items() if kind == "peringatan"}
    assert set(fatal) == set(case.problems), out
    assert set(warned) == set(case.warnings), out
    for line, words in {**case.problems, **case.warnings}.items():
        assert words in reported[line][0], (line, words, out)

    stored = _stored(url, prefix)
    assert set(stored) == case.stored, out
    for suffix, text in case.texts.items():
        assert stored[suffix] == text

    run = _last_run(url, display_name(Path(path.name)))
    if case.complete is None:
        assert run is None or run.status == "failed"
        return
    assert run is not None
    assert run.details is not None and run.details.get("complete") is case.complete
    assert run.items_new == len(case.stored)
    assert run.items_failed == len(case.problems)
    assert run.status == ("partial" if case.problems else "ok")
    # The SHA-256 shortcut applies to a file recorded complete, and only to such a file.
    code, again = run_cli(
        capsys, "--config", str(ws / "pantau.yaml"), "import", str(path), *case.args
    )
    assert code == 0, again
    assert ("sudah diimpor lengkap" in again) is case.complete, again
    assert _stored(url, prefix) == stored
