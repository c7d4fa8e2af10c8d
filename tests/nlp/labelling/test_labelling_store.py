"""The labelling queries on both databases (the CLI tests run on SQLite only)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.store.database import Store
from core.store.models import Analysis, Item
from nlp.labelling import labelled_rows, pick_for_labelling, save_labels

T0 = datetime(2024, 11, 20, 8, tzinfo=UTC)


def _item(n: int, language: str, confidence: float, **kw: object) -> tuple[Item, Analysis]:
    item = Item(
        platform="facebook", external_id=f"c{n}", kind=kw.pop("kind", "reply"),
        is_own=kw.pop("is_own", False), text=f"balasan {n}", text_hash=f"h{n}",
        created_at=T0 + timedelta(minutes=n), deleted_at=kw.pop("deleted_at", None),
    )
    rest = (1.0 - confidence) / 2
    analysis = Analysis(
        model_version="m1", sentiment="positive", score_positive=confidence,
        score_neutral=rest, score_negative=rest, language=language,
        needs_review=confidence < 0.55,
    )
    return item, analysis


def test_pick_save_and_read_back(store: Store) -> None:
    specs = [
        (1, "id", 0.95, {}), (2, "id", 0.50, {}), (3, "id", 0.70, {}),
        (4, "jv", 0.60, {}), (5, "mad", 0.90, {}),
        (6, "id", 0.40, {"is_own": True}), (7, "id", 0.40, {"kind": "post"}),
        (8, "id", 0.40, {"deleted_at": T0}),
    ]
    with store.session() as s:
        for n, lang, conf, kw in specs:
            item, analysis = _item(n, lang, conf, **kw)
            s.add(item)
            s.flush()
            analysis.item_id = item.id
            s.add(analysis)
    with store.session() as s:
        picked = pick_for_labelling(s, 10)
        ids = {p.text: p for p in picked}
        assert set(ids) == {f"balasan {n}" for n in (1, 2, 3, 4, 5)}
        # Rarest language first, then in turns; Indonesian least certain first.
        assert [p.text for p in picked] == [
            "balasan 4", "balasan 5", "balasan 2", "balasan 3", "balasan 1"
        ]
        assert len(pick_for_labelling(s, 2)) == 2
        saved = save_labels(
            s, {ids["balasan 2"].item_id: "negative", ids["balasan 4"].item_id: "neutral",
                999_999: "positive"}, "ani",
        )
        assert (saved.new, saved.unknown_items) == (2, [999_999])
    with store.session() as s:
        rows = labelled_rows(s)
        assert [(r.text, r.label, r.language) for r in rows] == [
            ("balasan 2", "negative", "id"), ("balasan 4", "neutral", "jv"),
        ]
        assert {p.text for p in pick_for_labelling(s, 10)} == {
            "balasan 1", "balasan 3", "balasan 5"
        }
        later = pick_for_labelling(s, 10, since=T0 + timedelta(minutes=3))
        assert {p.text for p in later} == {"balasan 3", "balasan 5"}
