"""Handles already in the store (rows imported from a file, or collected before masking
existed) never reach the weekly report, the alert messages or the labelling sheet: masking
happens where each output's data is built, not only when collecting."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from alerts.cycle import run_alert_cycle
from core.store.analyses import write_analyses
from core.store.database import Store
from core.store.models import Alert, Item
from nlp.labelling import pick_for_labelling
from pantau.settings import AlertSettings, PrivacySettings, Settings, SourceSettings
from reports.render_json import render_json
from reports.weekly import build_weekly_report
from tests.alerts.helpers import RecordingSender

# Tuesday 26 Nov 2024 (ISO week 48), the day before voting day.
NOW = datetime(2024, 11, 26, 5, tzinfo=UTC)
CITIZENS = ("lare_sbj_4821", "cong_klw_12")
Q_ID, M_ID = "1861000000000000011", "1861000000000000012"
ROWS = [
    (Q_ID, "@lare_sbj_4821 @kpujember_sim TPS 05 Puger pindah ke mana?", ["question"],
     "asking", None),
    (M_ID, "Kata @cong_klw_12 coblosan Puger diundur minggu depan", ["misinformation"],
     "misinformed", {"misinformation": [{"jenis": "tanggal", "tahapan": "pemungutan_suara",
                                         "disebut": "kata @cong_klw_12 diundur",
                                         "koreksi": "Pemungutan suara 27 November 2024."}]}),
]


def _fill(store: Store) -> None:
    with store.session() as s:
        for n, (ext, text, flags, awareness, evidence) in enumerate(ROWS):
            item = Item(
                platform="x", external_id=ext, kind="reply", is_own=False, text=text,
                text_hash=ext, created_at=NOW - timedelta(hours=20 + n),
                url=f"https://x.com/{CITIZENS[n]}/status/{ext}",
                author_pseudonym=f"w_{n}", author_handle=CITIZENS[n],
            )
            s.add(item)
            s.flush()
            write_analyses(s, [{
                "item_id": item.id, "model_version": "m1", "created_at": NOW,
                "sentiment": "negative", "score_positive": 0.1, "score_neutral": 0.1,
                "score_negative": 0.8, "stage": "pemungutan_suara", "secondary_stages": None,
                "awareness": awareness, "language": "id", "kecamatan": "Puger",
                "area_source": "text", "flags": flags, "is_question": "question" in flags,
                "is_misinformation": "misinformation" in flags, "is_golput_intent": False,
                "is_complaint": False, "is_violation_report": False, "needs_review": False,
                "evidence": evidence,
            }])


def _settings(*, show: bool = False) -> Settings:
    return Settings(
        sources=[SourceSettings(name="x_kpu", platform="x", account_id="1",
                                username="kpujember_sim")],
        privacy=PrivacySettings(store_author_handles=show, show_author_handles_in_reports=show),
        alerts=AlertSettings.model_validate(
            {"channels": {"tim": "json://127.0.0.1:9/x"}, "quiet_hours": {"enabled": False}}
        ),
    )


def _leaks(text: str) -> list[str]:
    return [h for h in CITIZENS if h in text]


def test_report_alerts_and_sheet_mask_handles_already_stored(store: Store) -> None:
    _fill(store)
    settings = _settings()
    report = json.loads(render_json(build_weekly_report(store, settings.for_reports(), 2024, 48,
                                                        now=NOW)))
    text = json.dumps(report, ensure_ascii=False)
    assert _leaks(text) == []
    assert "@warga @kpujember_sim TPS 05" in text and f"x.com/i/web/status/{Q_ID}" in text
    assert "kata @warga diundur" in text

    sender = RecordingSender()
    run_alert_cycle(store, settings.for_alerts(), NOW, sender=sender)
    sent = "\n".join(body for _c, _s, body in sender.sent)
    with store.session() as s:
        stored = json.dumps([a.details for a in s.scalars(select(Alert))], ensure_ascii=False)
    assert len(sender.sent) >= 2  # the unanswered question and the rumour
    assert _leaks(sent) == [] and _leaks(stored) == []
    assert "@warga @kpujember_sim" in sent and f"https://x.com/i/web/status/{Q_ID}" in sent

    with store.session() as s:
        rows = pick_for_labelling(s, 10, own_handles=settings.own_handles())
    assert _leaks(" ".join(r.text for r in rows)) == [] and len(rows) == 2


def test_the_report_shows_handles_only_when_privacy_allows_it(store: Store) -> None:
    _fill(store)
    report = build_weekly_report(store, _settings(show=True).for_reports(), 2024, 48, now=NOW)
    text = render_json(report)
    assert "@lare_sbj_4821" in text and f"x.com/lare_sbj_4821/status/{Q_ID}" in text
