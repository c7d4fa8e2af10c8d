"""`pantau analyze` on the store: pending items, one analysis per item per version, backlog."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from core.records import ItemRecord
from core.store.analyses import current_analyses
from core.store.database import Store
from core.store.items import ItemWriter
from core.store.models import Analysis, AnalysisFailure, Item, Run
from core.store.pseudonym import Pseudonymizer
from nlp.analyze import (
    analyze_pending,
    count_failed,
    count_pending,
    forget_failures,
    geo_point,
)
from nlp.pipeline import TaggingPipeline
from nlp.sentiment_scores import SentimentPrediction


@dataclass
class KeywordSentiment:
    """A transparent stand-in for the sentiment model: tests the store side, not the model."""

    version: str

    def predict(
        self, texts: Sequence[str], languages: Sequence[str] | None = None
    ) -> list[SentimentPrediction]:
        out = []
        for t in texts:
            label = "negative" if "percuma" in t.lower() else "neutral"
            scores = {"positive": 0.1, "neutral": 0.1, "negative": 0.1}
            scores[label] = 0.8
            out.append(SentimentPrediction(label=label, scores=scores, needs_review=False))
        return out


TEXTS = [
    "Min, cara cek DPT gimana? saya di Kalisat",
    "Golput ae, percuma milih",
    "Katanya pilkada diundur ke tanggal 28 ya?",
    "Terima kasih infonya min",
    "",
]


def seed(store: Store, n_extra: int = 0) -> None:
    recs = [
        ItemRecord(
            platform="facebook",
            external_id=str(i),
            text=t or " ",
            created_at=datetime(2024, 11, 20, 3, 0, tzinfo=UTC),
            author_id=f"a{i}",
        )
        for i, t in enumerate(TEXTS + [f"Siap nyoblos {k}" for k in range(n_extra)])
    ]
    with store.session() as s:
        ItemWriter(Pseudonymizer("k" * 20)).write(s, recs)


def pipeline(version: str) -> TaggingPipeline:
    return TaggingPipeline(sentiment_model=KeywordSentiment(version))  # type: ignore[arg-type]


def test_analyze_then_nothing_pending(store: Store) -> None:
    seed(store, n_extra=40)
    p = pipeline("fake-1")
    assert count_pending(store, p.version) == 45
    report = analyze_pending(store, p, batch_size=7)
    assert (report.analysed, report.new_items, report.remaining, report.failed) == (45, 45, 0, 0)
    assert analyze_pending(store, p).analysed == 0
    with store.session() as s:
        rows = {
            r.item_id: r
            for r in s.scalars(select(Analysis).where(Analysis.model_version == p.version))
        }
        assert len(rows) == 45
        golput = rows[2]
        assert golput.sentiment == "negative" and golput.is_golput_intent
        assert golput.awareness == "apathetic"
        dpt = rows[1]
        assert dpt.is_question and dpt.stage == "pemutakhiran_data"
        assert dpt.kecamatan == "Kalisat" and dpt.area_source == "text"
        assert "question" in (dpt.flags or [])


def test_new_version_reanalyses_backlog_in_chunks(store: Store) -> None:
    seed(store, n_extra=20)
    analyze_pending(store, pipeline("fake-1"))
    p2 = pipeline("fake-2")
    first = analyze_pending(store, p2, limit=10)
    assert (first.analysed, first.reanalysed, first.remaining) == (10, 10, 15)
    rest = analyze_pending(store, p2)
    assert rest.analysed == 15 and rest.remaining == 0
    with store.session() as s:
        total = s.scalar(select(func.count()).select_from(Analysis))
        current = current_analyses()
        versions = set(s.scalars(select(current.model_version)))
        n_current = s.scalar(select(func.count()).select_from(current))
    assert total == 50 and n_current == 25 and versions == {p2.version}


def test_fresh_items_come_before_backlog(store: Store) -> None:
    seed(store)
    analyze_pending(store, pipeline("fake-1"))
    with store.session() as s:
        ItemWriter(Pseudonymizer("k" * 20)).write(
            s,
            [
                ItemRecord(
                    platform="x",
                    external_id="new",
                    text="Bila coblosan?",
                    created_at=datetime(2024, 11, 25, tzinfo=UTC),
                )
            ],
        )
    report = analyze_pending(store, pipeline("fake-2"), limit=1)
    assert (report.new_items, report.reanalysed) == (1, 0)


def test_geo_shapes() -> None:
    assert geo_point({"lat": -8.1, "lon": 113.7}) == (-8.1, 113.7)
    assert geo_point({"coordinates": {"type": "Point", "coordinates": [113.7, -8.1]}}) == (
        -8.1,
        113.7,
    )
    lat, lon = geo_point({"place": {"bbox": [113.6, -8.2, 113.8, -8.0]}})
    assert lat is not None and lon is not None
    assert abs(lat + 8.1) < 1e-9 and abs(lon - 113.7) < 1e-9
    assert geo_point(None) == (None, None)


@dataclass
class BreaksOn(KeywordSentiment):
    """The stand-in, failing on any text that holds ``poison`` (a bad item in a batch)."""

    poison: str = "RUSAK"

    def predict(
        self, texts: Sequence[str], languages: Sequence[str] | None = None
    ) -> list[SentimentPrediction]:
        if any(self.poison in t for t in texts):
            raise ValueError("cannot read this text")
        return super().predict(texts, languages)


def test_one_bad_item_costs_one_item_is_stored_and_not_retried_every_cycle(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    seed(store, n_extra=30)
    with store.session() as s:
        ItemWriter(Pseudonymizer("k" * 20)).write(
            s,
            [
                ItemRecord(
                    platform="x",
                    external_id="bad",
                    text="Teks RUSAK ini",
                    created_at=datetime(2024, 11, 20, 3, 0, tzinfo=UTC),
                )
            ],
        )
    p = TaggingPipeline(sentiment_model=BreaksOn("fake-1"))  # type: ignore[arg-type]
    with caplog.at_level("ERROR", logger="nlp.analyze"):
        report = analyze_pending(store, p, batch_size=1000)
    assert (report.analysed, report.failed, report.remaining) == (35, 1, 0)
    assert "ValueError" in caplog.text and "Traceback" in caplog.text
    with store.session() as s:
        (failure,) = s.scalars(select(AnalysisFailure))
        bad_id = s.scalar(select(Item.id).where(Item.external_id == "bad"))
        run = s.scalars(select(Run).where(Run.kind == "analyze")).one()
    assert failure.item_id == bad_id and failure.model_version == p.version
    assert failure.error.startswith("ValueError: cannot read this text")
    assert run.status == "partial" and run.items_failed == 1
    again = analyze_pending(store, p)  # the next cycle does not fail on it again
    assert (again.analysed, again.failed) == (0, 0)
    assert count_failed(store, p.version) == 1
    assert forget_failures(store, p.version) == 1
    retried = analyze_pending(store, p)
    assert (retried.analysed, retried.failed) == (0, 1)


def test_turnout_flags_and_barrier_are_stored(store: Store) -> None:
    from types import SimpleNamespace

    from core.store.analyses import write_analyses
    from nlp.analyze import analysis_row

    seed(store)
    # What analysis_row reads from a TagResult (the pipeline fills `barrier` per TAXONOMY).
    result = SimpleNamespace(
        sentiment="neutral",
        sentiment_scores={"positive": 0.1, "neutral": 0.8, "negative": 0.1},
        stage="pemungutan_suara",
        secondary_stages=[],
        awareness="apathetic",
        flags=["cynicism", "voting_barrier"],
        kecamatan="",
        area_source="",
        language="id",
        barrier="away_from_home",
        evidence={},
        model="fake-1+tag-x",
    )
    with store.session() as s:
        write_analyses(s, [analysis_row(1, result, datetime(2024, 11, 20, tzinfo=UTC))])  # type: ignore[arg-type]
    with store.session() as s:
        row = s.scalars(select(Analysis)).one()
    assert (row.is_cynicism, row.is_voting_barrier, row.barrier) == (True, True, "away_from_home")
