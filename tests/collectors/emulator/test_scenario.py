"""The seeded scenario: determinism, planted patterns, places, mutations."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta

import pytest
from shapely.geometry import Point, shape

from collectors.emulator.builder import WIB
from collectors.emulator.scenario import Scenario, ScenarioError, build_scenario
from core.paths import config_dir


@pytest.fixture(scope="module")
def month() -> Scenario:
    return build_scenario()


def _snapshot(s: Scenario) -> list[tuple[str, str, str, str, object]]:
    return [
        (e.platform, e.external_id, e.text, e.created_at.isoformat(), e.truth)
        for e in s.all_entries()
    ]


def test_same_seed_same_scenario() -> None:
    assert _snapshot(build_scenario(seed=5, replies=300)) == _snapshot(
        build_scenario(seed=5, replies=300)
    )


def test_other_seed_other_scenario() -> None:
    a, b = build_scenario(seed=5, replies=300), build_scenario(seed=6, replies=300)
    assert [e.text for e in a.all_entries()] != [e.text for e in b.all_entries()]


def test_sizes_and_platforms(month: Scenario) -> None:
    truth = month.truth()
    assert len(truth) == 4000
    posts = [e for e in month.all_entries() if e.kind == "post"]
    assert len(posts) == 100
    assert {e.platform for e in posts} == {"x", "facebook", "instagram"}
    platforms = Counter(p for p, _ in truth)
    assert all(platforms[p] > 600 for p in ("x", "facebook", "instagram"))
    nested = [e for e in month.all_entries() if e.truth and e.parent_id != e.root_id]
    assert len(nested) > 300  # replies to replies exist
    official = [e for e in month.all_entries() if e.kind == "reply" and e.is_own]
    assert official and all(e.truth is None for e in official)


def test_window_and_order(month: Scenario) -> None:
    first = min(e.created_at for e in month.all_entries())
    last = max(e.created_at for e in month.all_entries() if e.created_at <= month.now)
    assert first.astimezone(WIB).date() == date(2024, 11, 11)
    assert last.astimezone(WIB).date() <= date(2024, 12, 10)
    for entry in month.all_entries():
        if entry.parent_id is not None:
            parent = month.get(entry.platform, entry.parent_id)
            assert parent is not None and parent.created_at < entry.created_at


def test_languages_and_informality(month: Scenario) -> None:
    truth = month.truth().values()
    langs = Counter(t.language for t in truth)
    assert {"id", "jv", "mad", "mixed"} <= set(langs)
    assert langs["jv"] > 400 and langs["mad"] > 300
    texts = [e.text for e in month.all_entries() if e.truth]
    assert sum(any(ord(c) > 0x2000 for c in t) for t in texts) > 400  # emoji
    assert sum(t == t.lower() for t in texts) > 800  # no capitals at all


def test_rumour_is_concentrated_and_spreads(month: Scenario) -> None:
    rumours = [e for e in month.all_entries() if e.truth and e.truth.pattern == "rumour_postponed"]
    assert len(rumours) == 160
    homes = Counter(e.truth.home_kecamatan for e in rumours if e.truth)
    top3 = sum(homes[k] for k in month.planted.rumour_kecamatan)
    assert top3 / len(rumours) > 0.7
    days = Counter(e.created_at.astimezone(WIB).date() for e in rumours)
    assert set(days) <= {date(2024, 11, d) for d in range(22, 28)}
    assert days[date(2024, 11, 25)] > days[date(2024, 11, 22)]  # it grows before voting day
    assert all(e.truth and e.truth.awareness == "misinformed" for e in rumours)


def test_dpt_and_golput_kecamatan(month: Scenario) -> None:
    truth = month.truth().values()
    dpt = [t for t in truth if t.pattern == "dpt_questions"]
    golput = [t for t in truth if t.pattern == "golput"]
    assert dpt and all(t.home_kecamatan == "Sumberjambe" for t in dpt)
    assert golput and all(t.home_kecamatan == "Bangsalsari" for t in golput)
    located = Counter(
        t.kecamatan
        for t in truth
        if t.stage == "pemutakhiran_data" and t.awareness == "asking" and t.kecamatan
    )
    assert located.most_common(1)[0][0] == "Sumberjambe"
    apathetic = Counter(t.kecamatan for t in truth if t.awareness == "apathetic" and t.kecamatan)
    assert apathetic.most_common(1)[0][0] == "Bangsalsari"


def test_quiet_kecamatan_has_one_negative_in_busiest_week(month: Scenario) -> None:
    planted = month.planted
    quiet = [e for e in month.all_entries() if e.truth and e.truth.home_kecamatan == "Jelbuk"]
    negatives = [e for e in quiet if e.truth and e.truth.sentiment == "negative"]
    assert len(negatives) == 1 and 3 <= len(quiet) <= 6
    assert (negatives[0].platform, negatives[0].external_id) == planted.quiet_negative
    assert negatives[0].truth and negatives[0].truth.kecamatan == "Jelbuk"
    week_start, week_end = planted.busiest_week
    assert week_start <= negatives[0].created_at.astimezone(WIB).date() <= week_end
    weeks = Counter(
        e.created_at.astimezone(WIB).date() - timedelta(days=e.created_at.astimezone(WIB).weekday())
        for e in month.all_entries()
        if e.truth
    )
    assert weeks.most_common(1)[0][0] == week_start


def test_place_sources(month: Scenario) -> None:
    truth = list(month.truth().items())
    via = Counter(t.area_via for _, t in truth)
    assert via["none"] > via["text"] > 0 and via["profile"] > 0 and via["geo"] > 0
    assert all(key[0] == "x" for key, t in truth if t.area_via in ("profile", "geo"))
    for (platform, ident), t in truth:
        entry = month.get(platform, ident)
        assert entry is not None
        if t.area_via == "text":
            names = [t.kecamatan, *_desa_of(t.kecamatan)]
            assert any(n.lower() in entry.text.lower() for n in names if n)
        if t.area_via == "profile":
            assert (
                entry.author
                and t.kecamatan
                and t.kecamatan in (entry.author.profile_location or "")
            )
        if t.pattern == "trap_place":
            assert t.kecamatan is None


def _desa_of(kecamatan: str | None) -> list[str]:
    from collectors.emulator.gazetteer import load_kecamatan

    return [d for k in load_kecamatan() if k.name == kecamatan for d in k.desa]


def test_geo_points_fall_inside_their_kecamatan(month: Scenario) -> None:
    collection = json.loads((config_dir() / "jember" / "kecamatan.geojson").read_text("utf-8"))
    polygons = {f["properties"]["kecamatan"]: shape(f["geometry"]) for f in collection["features"]}
    tagged = [e for e in month.entries("x") if e.geo and e.geo.lat is not None]
    assert len(tagged) > 10
    for entry in tagged:
        assert entry.geo and entry.geo.lng is not None and entry.geo.lat is not None
        assert polygons[entry.geo.kecamatan].contains(Point(entry.geo.lng, entry.geo.lat))


def test_authors_are_pseudonyms_and_some_return(month: Scenario) -> None:
    authors = Counter(e.author.handle for e in month.all_entries() if e.author)
    assert authors.most_common(1)[0][1] >= 5
    assert len(authors) > 500
    kpu = month.accounts["x"]
    assert "simulasi" in kpu.name and "sintetis" in kpu.description


def test_expected_items_follow_mutations(fresh: Scenario) -> None:
    before = fresh.expected_items()
    replies = [e for e in fresh.entries("x") if e.truth]
    target, gone = replies[0], replies[1]
    new_id = fresh.edit("x", target.external_id, "teks yang sudah diedit")
    assert new_id != target.external_id and [v.id for v in target.versions][-1] == new_id
    fresh.delete("x", gone.external_id)
    fb = next(e for e in fresh.entries("facebook") if e.truth and e.children)
    fresh.edit("facebook", fb.external_id, "komentar diubah")
    fresh.delete("facebook", fb.external_id)
    after = fresh.expected_items()
    assert after[("x", target.external_id)] == "teks yang sudah diedit"
    assert ("x", gone.external_id) not in after
    assert ("facebook", fb.external_id) not in after
    assert all(("facebook", c.external_id) not in after for c in fb.children)  # cascade
    assert len(after) < len(before)
    with pytest.raises(ScenarioError):
        fresh.delete("x", gone.external_id)


def test_added_replies_are_later_and_deterministic() -> None:
    a, b = build_scenario(seed=3, replies=100), build_scenario(seed=3, replies=100)
    latest = max(e.created_at for e in a.all_entries())
    new_a, new_b = a.add_replies(15), b.add_replies(15)
    assert [e.text for e in new_a] == [e.text for e in new_b]
    assert all(e.created_at > latest for e in new_a)
    assert a.now >= max(e.created_at for e in new_a)
    assert {(e.platform, e.external_id) for e in new_a} <= set(a.expected_items())


def test_clock_hides_the_future(fresh: Scenario) -> None:
    middle = fresh.now - timedelta(days=15)
    fresh.set_now(middle)
    visible = fresh.expected_items()
    entries = [fresh.get(p, i) for p, i in visible]
    assert entries and all(e is not None and e.created_at <= middle for e in entries)
    later = [e for e in fresh.all_entries() if e.created_at > middle]
    assert later and all((e.platform, e.external_id) not in visible for e in later)


def test_rejects_tiny_scenarios() -> None:
    with pytest.raises(ValueError):
        build_scenario(replies=5)


def test_one_handle_one_person(month: Scenario) -> None:
    people: dict[tuple[str, str], tuple[str, str | None]] = {}
    for entry in month.all_entries():
        if entry.author is not None:
            key = (entry.platform, entry.author.handle)
            identity = (entry.author.id, entry.author.home_kecamatan)
            assert people.setdefault(key, identity) == identity


def test_new_posts_then_replies(fresh: Scenario) -> None:
    post = fresh.add_post("facebook")
    tweet = fresh.add_post("x", "Pengumuman baru untuk uji.")
    assert post.is_own and post.kind == "post" and post.created_at <= fresh.now
    assert fresh.expected_items()[("x", tweet.external_id)] == "Pengumuman baru untuk uji."
    replies = fresh.add_replies(60)
    assert any(r.root_id == post.external_id for r in replies)
    assert any(r.root_id == tweet.external_id for r in replies)
    with pytest.raises(ScenarioError):
        fresh.add_post("tiktok")


def test_edit_is_invisible_before_it_happens(fresh: Scenario) -> None:
    comment = next(e for e in fresh.entries("facebook") if e.truth)
    original, before = comment.text, fresh.now
    fresh.edit("facebook", comment.external_id, "sudah diralat")
    assert fresh.expected_items()[("facebook", comment.external_id)] == "sudah diralat"
    fresh.set_now(before)
    assert fresh.expected_items()[("facebook", comment.external_id)] == original


def test_x_handles_are_valid(month: Scenario) -> None:
    import re

    handles = {e.author.handle for e in month.entries("x") if e.author}
    assert handles and all(re.fullmatch(r"\w{1,15}", h) for h in handles)
    assert any("." in e.author.handle for e in month.entries("instagram") if e.author)


def test_peer_answers_follow_questions_and_rumours(month: Scenario) -> None:
    peers = [e for e in month.all_entries() if e.truth and e.truth.pattern == "peer_answer"]
    assert len(peers) > 20
    for entry in peers:
        parent = month.get(entry.platform, entry.parent_id or "")
        assert parent is not None and parent.truth is not None
        assert "question" in parent.truth.flags or parent.truth.awareness == "misinformed"
    assert any("hoaks" in e.text.lower() for e in peers)
