"""The weekly report's SQL aggregation on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from core.store.analyses import write_analyses
from core.store.database import Store
from core.store.models import Item
from pantau.settings import Settings, load_settings
from reports.weekly import build_weekly_report, parse_week, write_weekly_report
from tests.reports.store_rows import MON, add


@pytest.fixture
def settings() -> Settings:
    return load_settings()


def test_week_totals_boundaries_answers_and_versions(store: Store, settings: Settings) -> None:
    add(
        store,
        "post1",
        MON + timedelta(hours=2),
        "Cek DPT Anda",
        own=True,
        kind="post",
        conv="post1",
    )
    q = {"awareness": "asking", "stage": "pemutakhiran_data", "flags": ["question"]}
    # 23:30 WIB on Sunday 24 Nov is the previous week; 00:30 WIB Monday is this week.
    add(store, "prev", MON - timedelta(minutes=30), analysis={"sentiment": "negative"})
    add(
        store,
        "q1",
        MON + timedelta(minutes=30),
        "Cara cek DPT?",
        conv="post1",
        parent="post1",
        analysis={**q, "kecamatan": "Sumberjambe"},
    )
    add(
        store,
        "q2",
        MON + timedelta(hours=5),
        "Nama saya tidak ada di DPT?",
        conv="post1",
        parent="post1",
        analysis={**q, "kecamatan": "Sumberjambe"},
    )
    add(
        store,
        "ans",
        MON + timedelta(hours=6),
        "Silakan cek di cekdptonline",
        own=True,
        parent="q2",
        conv="post1",
    )
    add(
        store,
        "g1",
        MON + timedelta(days=1),
        "Golput ae",
        analysis={
            "awareness": "apathetic",
            "sentiment": "negative",
            "kecamatan": "Bangsalsari",
            "flags": ["golput_intent"],
        },
    )
    evidence = {
        "misinformation": [
            {
                "jenis": "wrong_date",
                "tahapan": "pemungutan_suara",
                "disebut": "tgl 28",
                "kalender": "27 November 2024",
                "koreksi": "Pemungutan suara 27 November 2024.",
                "tautan": "https://jember.kpu.go.id",
            }
        ]
    }
    for i, kec in enumerate(["Puger", "Puger", "Ambulu"]):
        add(
            store,
            f"r{i}",
            MON + timedelta(days=2, hours=i),
            "nyoblos tgl 28",
            analysis={
                "awareness": "misinformed",
                "stage": "pemungutan_suara",
                "kecamatan": kec,
                "flags": ["misinformation"],
                "evidence": evidence,
            },
        )
    # A newer analysis version of q1 replaces the old one: counted once, with the new tags.
    with store.session() as s:
        from sqlalchemy import select

        q1_id = s.scalar(select(Item.id).where(Item.external_id == "q1"))
        newer = {
            "item_id": q1_id, "model_version": "m2", "created_at": datetime.now(UTC),
            "sentiment": "neutral", "score_positive": 0.1, "score_neutral": 0.8,
            "score_negative": 0.1, "stage": "pemutakhiran_data", "secondary_stages": None,
            "awareness": "asking", "language": "id", "kecamatan": "Kalisat",
            "area_source": "text", "flags": ["question"], "is_question": True,
            "is_misinformation": False, "is_golput_intent": False, "is_complaint": False,
            "is_violation_report": False, "needs_review": False, "evidence": None,
        }  # fmt: skip
        write_analyses(s, [newer])
    add(store, "next", MON + timedelta(days=7, minutes=1), analysis={})
    report = build_weekly_report(
        store, settings.for_reports(), 2024, 48, now=MON + timedelta(days=9)
    )
    cur = report.current
    assert (cur.replies, cur.asking, cur.apathetic, cur.misinformed) == (6, 2, 1, 3)
    assert cur.negative == 1 and cur.questions == 2 and cur.questions_unanswered == 1
    assert report.previous is not None and report.previous.replies == 1
    assert [u.quote for u in report.unanswered] == ["Cara cek DPT?"]
    assert report.unanswered[0].age_hours == pytest.approx(7 * 24 - 0.5)
    assert len(report.rumours) == 1
    rumour = report.rumours[0]
    assert rumour.occurrences == 3 and rumour.kecamatan == ["Ambulu", "Puger"]
    assert "tgl 28" in rumour.evidence and rumour.correction_url == "https://jember.kpu.go.id"
    by_day = {d.day.isoformat(): d.total for d in report.daily}
    assert by_day["2024-11-25"] == 2 and sum(by_day.values()) == 6
    assert len(report.daily) == 7
    post = report.own_posts[0]
    assert post.replies == 2 and post.hours_to_first_answer == pytest.approx(5.5)
    by_kec = {r.kecamatan: r for r in report.index}
    assert by_kec["Kalisat"].has_data and by_kec["Sumberjambe"].has_data
    assert not by_kec["Jelbuk"].has_data
    assert by_kec["Sumberjambe"].top_topics == ["Nama saya tidak ada di DPT?"]


def test_empty_week_and_bad_week(store: Store, settings: Settings, tmp_path: Path) -> None:
    report = build_weekly_report(store, settings.for_reports(), 2024, 30)
    assert report.current.replies == 0 and report.is_empty
    assert len(report.index) == 31
    result = write_weekly_report(
        store, settings.for_reports(), "2024-W30", tmp_path, ["html", "json"]
    )
    assert set(result) == {"html", "json"} and result["html"].stat().st_size > 1000
    from core.errors import PantauError

    for bad in ("2024-47", "2024-W54", "minggu lalu"):
        with pytest.raises(PantauError):
            parse_week(bad)
