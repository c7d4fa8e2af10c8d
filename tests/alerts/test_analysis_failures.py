"""The analysis-failure alert (issue 11): how many, since when, which error kinds, what to do,
and never the text of a reply (an exception message may quote it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select

from alerts.messages import render_alert
from alerts.rules import RULES, RuleContext
from core.records import ItemRecord
from core.store.database import Store
from core.store.items import ItemWriter
from core.store.models import AnalysisFailure, Item, Run
from core.store.pseudonym import Pseudonymizer
from tests.alerts.helpers import Row, at, insert_rows, settings_with

SECRET_REPLY = "Nama saya tidak ada di DPT, rumah di Dusun Krajan RT 02"


def run(store: Store, now: datetime, **alerts: Any) -> list:
    settings = settings_with(**alerts)
    with store.session() as s:
        ctx = RuleContext(session=s, now=now, settings=settings.alerts, tz=settings.tz)
        return RULES["analysis_failures"](ctx)


def body(detection: Any) -> str:
    text = render_alert(detection.rule, detection.severity, detection.facts, settings_with().tz)
    return text.title + "\n" + text.body


def ledger(store: Store, version: str, status: str, started: datetime,
           message: str | None = None) -> None:
    with store.session() as s:
        s.execute(insert(Run), [{"kind": "analyze", "source_name": version, "status": status,
                                 "started_at": started, "finished_at": started,
                                 "message": message}])


def failures(store: Store, version: str, when: datetime, errors: Sequence[str]) -> None:
    insert_rows(store, [Row(f"f{version}{i}", when, text=SECRET_REPLY) for i in
                        range(len(errors))], model_version="old")
    with store.session() as s:
        ids = list(s.scalars(select(Item.id).where(Item.external_id.like(f"f{version}%"))
                             .order_by(Item.id)))
        s.execute(insert(AnalysisFailure), [
            {"item_id": item, "model_version": version, "error": error, "failed_at": when}
            for item, error in zip(ids, errors, strict=True)])


def test_failures_of_the_current_version_raise_one_alert_without_reply_text(
    store: Store,
) -> None:
    t = at("2024-11-20 10:00")
    errors = [f"ValueError: cannot read '{SECRET_REPLY}'"] * 3 + [f"KeyError: '{SECRET_REPLY}'"]
    failures(store, "v2", t, errors)
    ledger(store, "v2", "partial", t, "4 item gagal")
    (found,) = run(store, t + timedelta(hours=1))
    assert found.dedup_key == "analysis_failures:v2" and found.severity == "warning"
    facts = found.facts
    assert facts["count"] == 4 and facts["error_kinds"] == [("ValueError", 3), ("KeyError", 1)]
    assert facts["since"] == "20 Nov 2024 10:00 WIB" and facts["runs_partial"] == 1
    text = body(found)
    assert "Krajan" not in text and "DPT" not in text and "cannot read" not in text
    for part in ("4 item tidak dapat dianalisis", "sejak 20 Nov 2024 10:00 WIB",
                 "ValueError (3), KeyError (1)", "pantau --verbose analyze",
                 "pantau analyze --retry-failed", "Seberapa yakin", "Di mana"):
        assert part in text, part


def test_only_the_current_version_counts_and_retry_clears_it(store: Store) -> None:
    t = at("2024-11-20 10:00")
    failures(store, "v1", t, ["RuntimeError: x"] * 2)
    ledger(store, "v1", "partial", t)
    ledger(store, "v2", "ok", t + timedelta(hours=2))  # a new version retries them itself
    assert run(store, t + timedelta(hours=3)) == []
    failures(store, "v2", t + timedelta(hours=2), ["RuntimeError: y"])
    assert [d.facts["count"] for d in run(store, t + timedelta(hours=3))] == [1]
    from nlp.analyze import forget_failures

    assert forget_failures(store, "v2") == 1  # what `pantau analyze --retry-failed` does
    assert run(store, t + timedelta(hours=3)) == []


def test_a_failed_run_is_critical_even_without_failure_rows(store: Store) -> None:
    t = at("2024-11-20 10:00")
    ledger(store, "v3", "ok", t)
    ledger(store, "v3", "failed", t + timedelta(hours=1),
           f"OperationalError: database is locked near '{SECRET_REPLY}'")
    (found,) = run(store, t + timedelta(hours=2))
    assert found.severity == "critical" and found.facts["count"] == 0
    assert found.facts["last_run"]["error_kind"] == "OperationalError"
    text = body(found)
    assert "gagal seluruhnya (OperationalError)" in text and "Krajan" not in text
    ledger(store, "v3", "ok", t + timedelta(hours=3))  # the next run works again
    assert run(store, t + timedelta(hours=4)) == []


def test_failures_after_the_check_time_are_not_counted(store: Store) -> None:
    """A replay over past data must not see failures stored later (they are real time)."""
    t = at("2024-11-20 10:00")
    failures(store, "v4", t, ["ValueError: z"])
    ledger(store, "v4", "partial", t)
    assert run(store, t - timedelta(hours=1)) == []


@dataclass
class _Breaks:
    """A sentiment stand-in that fails on one text, quoting it in the error like real code."""

    version: str = "fake-1"

    def predict(self, texts: Sequence[str], languages: Sequence[str] | None = None) -> list:
        from nlp.sentiment_scores import SentimentPrediction

        for t in texts:
            if "RUSAK" in t:
                raise ValueError(f"tidak terbaca: {t!r}")
        scores = {"positive": 0.1, "neutral": 0.8, "negative": 0.1}
        return [SentimentPrediction(label="neutral", scores=scores, needs_review=False)
                for _ in texts]


def test_a_partial_analyze_run_raises_the_alert_end_to_end(store: Store) -> None:
    from nlp.analyze import analyze_pending
    from nlp.pipeline import TaggingPipeline

    made = datetime(2024, 11, 20, 3, 0, tzinfo=UTC)
    with store.session() as s:
        ItemWriter(Pseudonymizer("k" * 20)).write(s, [
            ItemRecord(platform="facebook", external_id=str(i), created_at=made,
                       text="RUSAK " + SECRET_REPLY if i == 0 else f"Siap nyoblos {i}")
            for i in range(5)])
    pipeline = TaggingPipeline(sentiment_model=_Breaks())  # type: ignore[arg-type]
    report = analyze_pending(store, pipeline)
    assert report.failed == 1
    (found,) = run(store, datetime.now(UTC) + timedelta(minutes=1))
    assert found.facts["version"] == pipeline.version and found.facts["count"] == 1
    assert found.facts["error_kinds"] == [("ValueError", 1)]
    assert "Krajan" not in body(found)
