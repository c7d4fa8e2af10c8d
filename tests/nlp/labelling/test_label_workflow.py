"""The labelling loop through the real CLI: export a sheet, fill it, import it, use it."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.errors import InputFileError
from core.store.database import open_store
from core.store.models import Analysis, Item, Label
from pantau.cli import main
from pantau.demo import sample_export_path
from pantau.settings import load_settings


@pytest.fixture()
def analysed(workspace: Path) -> Path:
    """A workspace holding the demo export (~400 replies), analysed."""
    config = workspace / "pantau.yaml"
    assert main(["-c", str(config), "import", str(sample_export_path())]) == 0
    assert main(["-c", str(config), "analyze"]) == 0
    return config


def _sheet(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


def _fill(rows: list[dict[str, str]], path: Path, labels: list[str], delimiter: str = ",") -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        for row, label in zip(rows, labels, strict=True):
            writer.writerow({**row, "label": label})


def _said(capsys: pytest.CaptureFixture[str]) -> str:
    """What the command printed, with the terminal's line wrapping undone."""
    return " ".join(capsys.readouterr().out.split())


def _label_count(config: Path) -> int:
    store = open_store(load_settings(config).resolved_database_url())
    try:
        with store.session() as s:
            return int(s.scalar(select(func.count()).select_from(Label)) or 0)
    finally:
        store.dispose()


def test_export_picks_uncertain_public_replies_across_languages(
    analysed: Path, tmp_path: Path
) -> None:
    out = tmp_path / "lembar.csv"
    assert main(["-c", str(analysed), "label", "export", "--out", str(out), "--limit", "40"]) == 0
    rows = _sheet(out)
    assert len(rows) == 40
    assert list(rows[0]) == [
        "id_item", "platform", "tanggal", "bahasa", "teks", "tebakan_model",
        "keyakinan_model", "label",
    ]
    assert all(r["label"] == "" for r in rows)
    assert {"id", "jv", "mad"} <= {r["bahasa"] for r in rows}  # not all Indonesian
    store = open_store(load_settings(analysed).resolved_database_url())
    try:
        with store.session() as s:
            ids = [int(r["id_item"]) for r in rows]
            picked = s.scalars(select(Item).where(Item.id.in_(ids)))
            assert all(not i.is_own and i.kind != "post" for i in picked)
            query = select(Analysis.item_id, Analysis.needs_review).where(
                Analysis.item_id.in_(ids)
            )
            review = {item_id: flag for item_id, flag in s.execute(query)}
    finally:
        store.dispose()
    # Within a language the replies sent to review come first, then the least certain (a
    # reply can go to review for a reason other than its sentiment, e.g. an unsure stage, so
    # the confidence alone need not be ascending).
    javanese = [
        (not review[int(r["id_item"])], float(r["keyakinan_model"]))
        for r in rows
        if r["bahasa"] == "jv"
    ]
    assert len(javanese) >= 5 and javanese == sorted(javanese)
    assert all(r["tebakan_model"] in {"positif", "netral", "negatif"} for r in rows)


def test_import_stores_labels_once_and_reports_bad_lines(
    analysed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "lembar.csv"
    assert main(["-c", str(analysed), "label", "export", "--out", str(out), "--limit", "6"]) == 0
    rows = _sheet(out)
    filled = tmp_path / "terisi.csv"
    # Excel in an Indonesian locale saves with semicolons.
    _fill(rows, filled, ["positif", "Negatif", "", "netral", "mantap", "negative"], ";")
    capsys.readouterr()
    assert main(["-c", str(analysed), "label", "import", str(filled), "--by", "ani"]) == 0
    said = _said(capsys)
    assert "4 label baru" in said and "1 baris kosong" in said
    assert "baris 6" in said and "mantap" in said  # the header is line 1
    assert _label_count(analysed) == 4
    assert main(["-c", str(analysed), "label", "import", str(filled), "--by", "ani"]) == 0
    assert "4 sama seperti sebelumnya" in _said(capsys)
    assert _label_count(analysed) == 4
    # A second labeller keeps their own labels; a changed answer updates, not duplicates.
    _fill(rows, filled, ["negatif", "", "", "", "", ""])
    assert main(["-c", str(analysed), "label", "import", str(filled), "--by", "ani"]) == 0
    assert "1 diubah" in _said(capsys)
    assert main(["-c", str(analysed), "label", "import", str(filled), "--by", "budi"]) == 0
    assert _label_count(analysed) == 5
    # Labelled replies are not offered again.
    again = tmp_path / "lagi.csv"
    assert main(["-c", str(analysed), "label", "export", "--out", str(again)]) == 0
    offered = {r["id_item"] for r in _sheet(again)}
    assert offered.isdisjoint({rows[i]["id_item"] for i in (0, 1, 3, 5)})


def test_a_sheet_from_elsewhere_fails_clearly(
    analysed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("text,label\nhalo,positif\n", encoding="utf-8")
    assert main(["-c", str(analysed), "label", "import", str(wrong), "--by", "ani"]) == (
        InputFileError.exit_code
    )
    assert "id_item" in capsys.readouterr().err
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("id_item,label\n999999,positif\nabc,netral\n", encoding="utf-8")
    assert main(["-c", str(analysed), "label", "import", str(unknown), "--by", "ani"]) == 1
    said = _said(capsys)
    assert "999999" in said and "bukan angka" in said
    assert _label_count(analysed) == 0


def test_eval_on_stored_labels(
    analysed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    none_yet = main(["-c", str(analysed), "eval", "sentiment", "--labels"])
    assert none_yet == InputFileError.exit_code
    out = tmp_path / "lembar.csv"
    assert main(["-c", str(analysed), "label", "export", "--out", str(out), "--limit", "30"]) == 0
    rows = _sheet(out)
    # The team agrees with the model on every row: the figure must then be perfect.
    _fill(rows, out, [r["tebakan_model"] for r in rows])
    assert main(["-c", str(analysed), "label", "import", str(out), "--by", "ani"]) == 0
    capsys.readouterr()
    assert main(["-c", str(analysed), "eval", "sentiment", "--labels", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)["results"]["label-tim"]
    assert report["n"] == 30 and report["accuracy"] == pytest.approx(1.0)


def test_train_with_stored_labels(
    analysed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from nlp import train_sentiment
    from nlp.features import FeatureConfig
    from tests.nlp.sentiment.conftest import write_tiny_layout

    small = (train_sentiment.Candidate("tiny", FeatureConfig(word_bits=10, char_bits=10), 1.0),)
    monkeypatch.setattr(train_sentiment, "DEFAULT_CANDIDATES", small)
    monkeypatch.setattr(train_sentiment, "DEFAULT_FOLDS", 2)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    sheet = tmp_path / "lembar.csv"
    assert main(["-c", str(analysed), "label", "export", "--out", str(sheet), "--limit", "25"]) == 0
    rows = _sheet(sheet)
    _fill(rows, sheet, [("positif", "netral", "negatif")[i % 3] for i in range(len(rows))])
    assert main(["-c", str(analysed), "label", "import", str(sheet), "--by", "ani"]) == 0
    capsys.readouterr()
    data = write_tiny_layout(tmp_path / "data")
    model = tmp_path / "model.npz"
    args = ["train", "sentiment", "--data-dir", str(data), "--out", str(model), "--labels"]
    assert main(["-c", str(analysed), *args]) == 0
    said = capsys.readouterr().out
    assert "25 label tim" in said
    summary = json.loads(said[said.index("{") : said.rindex("}") + 1])
    assert summary["rows"]["user"] == 25
    assert model.is_file()
    assert list(scratch.iterdir()) == []  # the temporary training file was removed

    # The new model learnt from these 25 labels: scoring it on them would flatter it.
    evaluate = ["-c", str(analysed), "eval", "sentiment", "--labels", "--model", str(model)]
    assert main(evaluate) == InputFileError.exit_code
    refused = capsys.readouterr()
    assert "Semua label tim sudah dipakai melatih model ini" in " ".join(refused.err.split())
    more = tmp_path / "lembar2.csv"
    assert main(["-c", str(analysed), "label", "export", "--out", str(more), "--limit", "5"]) == 0
    new_rows = _sheet(more)
    _fill(new_rows, more, ["netral"] * len(new_rows))
    assert main(["-c", str(analysed), "label", "import", str(more), "--by", "budi"]) == 0
    capsys.readouterr()
    assert main([*evaluate, "--json"]) == 0
    captured = capsys.readouterr()
    from nlp.sentiment_data import text_digest

    seen = {text_digest(r["teks"]) for r in rows}
    unseen = [r for r in new_rows if text_digest(r["teks"]) not in seen]
    assert unseen
    assert json.loads(captured.out)["results"]["label-tim"]["n"] == len(unseen)
    total = len(rows) + len(new_rows)
    skipped = f"{total - len(unseen)} dari {total} label tim dilewati"
    assert skipped in " ".join(captured.err.split())
