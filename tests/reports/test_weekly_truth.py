"""Every figure of the weekly report says what it measures (store on SQLite and PostgreSQL).

Reach is the views of the commission's own posts, shown only where a platform measures them;
completeness describes the runs that brought the week's data in, whenever they ran; every
ranked kecamatan has topics and next steps or the reason it has none; a kecamatan without
replies is not ranked; a reply without its own link is never given one made from its id.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.store.database import Store
from core.store.models import RawPayload, Run
from pantau.settings import Settings, load_settings
from reports.render_html import render_html
from reports.weekly import build_weekly_report
from tests.reports.store_rows import MON, add

DAY = timedelta(days=1)
QUESTION = {"awareness": "asking", "flags": ["question"]}


@pytest.fixture
def settings() -> Settings:
    return load_settings()


def _report(store: Store, settings: Settings, week: int = 48):  # type: ignore[no-untyped-def]
    return build_weekly_report(store, settings.for_reports(), 2024, week, now=MON + 9 * DAY)


def test_reach_is_the_views_of_own_posts_shown_only_where_measured(
    store: Store, settings: Settings
) -> None:
    add(store, "x1", MON + DAY, "Cek DPT", own=True, kind="post", conv="x1", platform="x",
        metrics={"impression_count": 500, "like_count": 7, "reply_count": 3})
    add(store, "fb1", MON + DAY, "Lokasi TPS", own=True, kind="post", conv="fb1",
        metrics={"comment_count": 4, "share_count": 2}, url="https://www.facebook.com/kpu/posts/1")
    for i, author in enumerate(["a", "a", "b", "c", "c"]):
        add(store, f"r{i}", MON + DAY + timedelta(hours=i), "kapan coblosan?", conv="fb1",
            parent="fb1", author=author, analysis={})
    # The week before: replies, but no own post at all.
    add(store, "old", MON - 2 * DAY, "halo", analysis={})

    report = _report(store, settings)
    cur = report.current
    assert (cur.replies, cur.repliers) == (5, 3)
    assert (cur.posts, cur.posts_measured, cur.post_views) == (2, 1, 500)
    heads = {h.key: h for h in report.headline}
    assert heads["post_views"].value == 500 and heads["post_views"].label == "Tayangan unggahan KPU"
    assert heads["repliers"].value == 3 and heads["repliers"].label == "Warga yang membalas"
    posts = {p.platform: p for p in report.own_posts}
    assert posts["x"].views == 500 and posts["x"].engagement == 10  # views are not interactions
    assert posts["facebook"].views is None and posts["facebook"].engagement == 6
    html = render_html(report)
    assert "jangkauan" not in html.lower()  # the word once meant replies; it means nothing now
    assert "impression_count" in html and "bukan jumlah orang" in html
    assert "tidak diukur" in html  # the Facebook post's views

    quiet = _report(store, settings, week=47)
    assert quiet.current.post_views is None and quiet.current.repliers == 1
    assert "post_views" not in {h.key for h in quiet.headline}
    html = render_html(quiet)
    assert "Tidak ada unggahan KPU Jember yang tercatat minggu ini" in html
    assert "Tayangan unggahan KPU tidak ditampilkan" in html


def test_completeness_describes_the_runs_that_brought_the_weeks_data(
    store: Store, settings: Settings
) -> None:
    later = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)  # an old export imported much later
    with store.session() as s:
        imp = Run(kind="import", source_name="file:ekspor.csv", status="ok", started_at=later,
                  items_new=3)
        collect = Run(kind="collect", source_name="x_kpu", status="ok", started_at=later,
                      items_new=1, cost_usd=0.5)
        failed = Run(kind="collect", source_name="x_kpu", status="failed",
                     started_at=MON + DAY, message="HTTP 503", gaps=["mentions: 25 Nov 02:00"])
        s.add_all([imp, collect, failed])
        s.flush()
        page = RawPayload(run_id=collect.id, source_name="x_kpu", platform="x",
                          endpoint="/2/tweets/search/recent", url="https://api.x.com/2/x",
                          api_version="2", payload={})
        s.add(page)
        s.flush()
        imp_id, page_id = imp.id, page.id
    for row in (2, 3):
        add(store, f"imp{row}", MON + row * DAY, "dari ekspor", analysis={},
            raw_ref=f"import:{imp_id}:ekspor.csv:{row}")
    add(store, "imp4", MON - 3 * DAY, "minggu lalu", analysis={},
        raw_ref=f"import:{imp_id}:ekspor.csv:4")
    add(store, "col1", MON + DAY, "dari X", platform="x", analysis={},
        raw_ref=f"raw_payloads:{page_id}")
    add(store, "loose", MON + DAY, "tanpa catatan", analysis={})

    report = _report(store, settings)
    c = report.completeness
    by_source = {(s.kind, s.source): s for s in c.sources}
    assert set(by_source) == {("import", "file:ekspor.csv"), ("collect", "x_kpu")}
    imported = by_source[("import", "file:ekspor.csv")]
    assert (imported.runs, imported.items_in_week, imported.items_new) == (1, 2, 3)
    assert imported.platform == "facebook"
    collected = by_source[("collect", "x_kpu")]
    assert (collected.runs, collected.runs_failed, collected.items_in_week) == (2, 1, 1)
    assert collected.gaps == ["mentions: 25 Nov 02:00"] and collected.platform == "x"
    assert (c.items_in_week, c.items_untraced) == (4, 1)
    assert any("HTTP 503" in f for f in c.failures)
    assert "3 proses" in c.summary and "3 dari 4 item" in c.summary
    assert "1 item minggu ini tidak dapat ditelusuri" in c.summary
    html = render_html(report)
    assert "Tidak ada catatan pengumpulan data" not in html and c.summary in html

    # A week nothing was collected for, and no run ran in: said as such.
    empty = _report(store, settings, week=30).completeness
    assert empty.sources == [] and empty.summary.startswith("Tidak ada data untuk minggu ini")


def test_every_ranked_kecamatan_has_topics_and_steps_or_says_why_not(
    store: Store, settings: Settings
) -> None:
    add(store, "dpt", MON + DAY, "nama saya tidak ada di DPT?", analysis={
        **QUESTION, "stage": "pemutakhiran_data", "kecamatan": "Sumberjambe"})
    add(store, "tgl", MON + DAY, "nyoblos tgl 28", analysis={
        "awareness": "misinformed", "stage": "pemungutan_suara", "kecamatan": "Puger",
        "flags": ["misinformation"]})
    add(store, "gol", MON + DAY, "golput ae", analysis={
        "awareness": "apathetic", "kecamatan": "Bangsalsari", "flags": ["golput_intent"]})
    add(store, "ok", MON + DAY, "terima kasih min", analysis={"kecamatan": "Kalisat"})

    report = _report(store, settings)
    rows = {r.kecamatan: r for r in report.ranked}
    assert set(rows) == {"Sumberjambe", "Puger", "Bangsalsari", "Kalisat"}
    dpt = rows["Sumberjambe"].topics
    assert [t.text for t in dpt] == ["Pertanyaan soal Pemutakhiran data pemilih (DPT) (1 balasan)",
                                     "Pertanyaan belum dijawab (1 balasan)"]
    assert "cekdptonline" in dpt[0].step and "Sumberjambe" in dpt[0].step
    assert rows["Puger"].topics[0].label == "Informasi keliru soal Pemungutan suara"
    assert "koreksi resmi" in rows["Puger"].topics[0].step
    # Golput intent is its own topic (issue 17), its step the recommended answer in force.
    golput = rows["Bangsalsari"].topics[0]
    assert golput.label == "Niat golput" and "Bangsalsari" in golput.step
    assert rows["Kalisat"].topics == [] and "1 balasan minggu ini" in str(
        rows["Kalisat"].no_topic_reason)
    html = render_html(report)
    ranking = html[html.index('<table class="responsive ranking">'):]
    ranking = ranking[: ranking.index("</table>")]
    assert '<span class="muted">–</span>' not in ranking
    for row in rows.values():
        assert all(t.step in html for t in row.topics)
        assert row.topics or str(row.no_topic_reason) in ranking


def test_a_kecamatan_without_replies_is_not_ranked_on_its_baseline(
    store: Store, settings: Settings
) -> None:
    # Sukowono has the regency's best turnout, Bangsalsari the worst; only Sukowono speaks.
    add(store, "s1", MON + DAY, "kapan debat?", analysis={**QUESTION, "kecamatan": "Sukowono"})
    report = _report(store, settings)
    assert [r.kecamatan for r in report.ranked] == ["Sukowono"]
    assert report.ranked[0].rank == 1
    quiet = {r.kecamatan: r for r in report.without_signal}
    assert len(quiet) == 30 and quiet["Bangsalsari"].rank is None
    assert report.without_signal[0].kecamatan == "Bangsalsari"  # lowest turnout listed first
    assert report.map_values["Bangsalsari"] is None
    html = render_html(report)
    ranking = html[html.index('<table class="responsive ranking">'):]
    ranking = ranking[: ranking.index("</table>")]
    assert "Sukowono" in ranking and "Bangsalsari" not in ranking
    listed = html[html.index("Tanpa sinyal minggu ini"):]
    assert "<strong>Bangsalsari</strong>" in listed[: listed.index("</ul>")]


def test_replies_without_their_own_link_get_their_posts_link_or_none(
    store: Store, settings: Settings
) -> None:
    post = "https://www.facebook.com/100064123400001/posts/122001/"
    add(store, "100064123400001_122001", MON, "Info TPS", own=True, kind="post",
        conv="100064123400001_122001", url=post)
    # An imported Facebook comment: its id is not a page address and it has no permalink.
    add(store, "122001_1001", MON + DAY, "TPS pindah ke mana?", conv="100064123400001_122001",
        parent="100064123400001_122001", analysis=QUESTION)
    # An Instagram comment whose post Pantau never stored.
    add(store, "18001", MON + DAY + timedelta(hours=1), "bisa pakai KTP?", platform="instagram",
        conv="17901", parent="17901", analysis=QUESTION)

    report = _report(store, settings)
    links = {q.quote: (q.url, q.post_url) for q in report.unanswered}
    assert links == {"TPS pindah ke mana?": (None, post), "bisa pakai KTP?": (None, None)}
    html = render_html(report)
    assert f'<a href="{post}">buka unggahannya</a>' in html
    assert "facebook.com/122001_1001" not in html and "tidak ada tautan" in html
