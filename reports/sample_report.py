"""Synthetic weekly reports for tests, rendering checks and demos.

Everything here is invented (quotes, handles, counts); the report says so on its first page.
Only the kecamatan names and the baseline are real.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta

from reports.assemble import assemble_weekly_report
from reports.baseline import Baseline, load_baseline, official_kecamatan
from reports.model import (
    WIB,
    AccuracyFigure,
    Completeness,
    DailyVolume,
    MatrixCell,
    OwnPostPerformance,
    Rumour,
    SourceRun,
    UnansweredQuestion,
    WeeklyReport,
    WeekTotals,
    week_bounds,
)
from reports.outreach_index import KecamatanWeek
from reports.turnout import TurnoutCounts, total
from reports.turnout_answers import TurnoutAnswers, load_turnout_answers

SAMPLE_YEAR, SAMPLE_WEEK = 2024, 47  # 18-24 Nov 2024: last campaign week before voting day

_STAGES = ("pemutakhiran_data", "kampanye", "masa_tenang", "pemungutan_suara",
           "penghitungan_rekapitulasi")
# Planted needs, so a reader (and the tests) can see the index doing its job.
_PLANTED: dict[str, dict[str, float | str]] = {
    "Bangsalsari": {"need": 0.42, "stage": "pemutakhiran_data", "volume": 2.0},
    "Puger": {"need": 0.36, "stage": "pemungutan_suara", "volume": 1.6},
    "Silo": {"need": 0.33, "stage": "pemutakhiran_data", "volume": 1.2},
}
_EXAMPLES = {
    "Bangsalsari": ["nama ibu belum ada di DPT", "cara cek DPT online"],
    "Puger": ["katanya coblosan diundur tanggal 28", "undangan C6 belum datang"],
    "Silo": ["pindah domisili, milih di mana?"],
}
_NO_DATA = ("Jelbuk", "Semboro", "Sukorambi")
# Planted voting barriers (kind, share of replies), so the turnout section has something to show.
_BARRIERS: dict[str, tuple[str, float]] = {
    "Silo": ("away_from_home", 0.12),
    "Bangsalsari": ("not_registered", 0.06),
    "Puger": ("no_invitation", 0.05),
}
_SYNTHETIC_NOTE = ("DATA SINTETIS: laporan ini contoh untuk uji tampilan, bukan data pemantauan "
                   "sungguhan.")

_QUESTIONS = [
    ("Min, cara cek DPT online gimana ya? Nama ibu saya belum muncul", "pemutakhiran_data"),
    ("Undangan C6 belum datang, apa tetap bisa nyoblos pakai KTP?", "pemungutan_suara"),
    ("TPS di desa kami pindah ke mana ya min? Mohon info", "pemungutan_suara"),
    ("Pindah domisili bulan lalu, bisa milih di sini nggak?", "pemutakhiran_data"),
    ("Bila coblosan e, jam piro TPS buka?", "pemungutan_suara"),
    ("Kalau sakit di rumah sakit tanggal 27 bisa nyoblos di sana?", "pemungutan_suara"),
    ("Debat terakhir disiarkan di channel apa min?", "kampanye"),
]
_HANDLES = ["warga-3f9c", "warga-a71e", "warga-0b42", "warga-c5d8", "warga-91aa", "warga-e06f",
            "warga-57b3"]


def _kecamatan_weeks(rng: random.Random, baseline: Baseline) -> list[KecamatanWeek]:
    weeks: list[KecamatanWeek] = []
    for name in official_kecamatan():
        if name in _NO_DATA:
            continue
        entry = baseline.get(name)
        dpt = entry.dpt_2024.value if entry and entry.dpt_2024 else 60_000.0
        plant = _PLANTED.get(name, {})
        volume = float(plant.get("volume", 1.0))
        urban = name in ("Kaliwates", "Sumbersari", "Patrang")
        replies = max(1, int(rng.gauss(dpt / 1400 * volume * (1.8 if urban else 1.0), 6)))
        need_rate = float(plant.get("need", rng.uniform(0.12, 0.24)))
        need = round(replies * need_rate)
        asking = round(need * 0.6)
        misinformed = round(need * 0.25)
        apathetic = max(0, need - asking - misinformed)
        negative = min(replies, round(replies * rng.uniform(0.15, 0.32)))
        main_stage = str(plant.get("stage", rng.choice(_STAGES)))
        confused = asking + misinformed
        by_stage = {main_stage: round(confused * 0.7)}
        other = rng.choice([s for s in _STAGES if s != main_stage])
        by_stage[other] = confused - by_stage[main_stage]
        repliers = min(replies, int(replies * rng.uniform(0.6, 0.95)))
        golput = apathetic // 2
        kind, rate = _BARRIERS.get(name, ("", 0.0))
        barrier = min(replies - apathetic, round(replies * rate))
        turnout = TurnoutCounts(
            replies=replies, golput_intent=golput, cynicism=apathetic - golput,
            voting_barrier=barrier, barriers={kind: barrier} if barrier else {},
            with_signal=apathetic + barrier)
        weeks.append(KecamatanWeek(
            kecamatan=name, replies=replies, asking=asking, misinformed=misinformed,
            apathetic=apathetic, negative=negative, unique_authors_reached=repliers,
            engagement=int(repliers * rng.uniform(0.05, 0.2)), confused_by_stage=by_stage,
            top_topics=list(_EXAMPLES.get(name, [])),
            questions_by_stage={main_stage: round(asking * 0.7),
                                "none": asking - round(asking * 0.7)},
            rumours_by_stage={main_stage: misinformed} if misinformed else {},
            golput=apathetic, complaints=round(negative * 0.2),
            questions_unanswered=round(asking * 0.35), turnout=turnout,
        ))
    return weeks


def _totals(weeks: list[KecamatanWeek], unmapped_factor: float) -> WeekTotals:
    # Many replies carry no place at all; regency totals include them.
    replies = round(sum(w.replies for w in weeks) * unmapped_factor)
    scale = replies / max(1, sum(w.replies for w in weeks))
    return WeekTotals(
        replies=replies,
        negative=round(sum(w.negative for w in weeks) * scale),
        asking=round(sum(w.asking for w in weeks) * scale),
        misinformed=round(sum(w.misinformed for w in weeks) * scale),
        apathetic=round(sum(w.apathetic for w in weeks) * scale),
        questions=round(sum(w.asking for w in weeks) * scale * 1.1),
        questions_unanswered=round(sum(w.asking for w in weeks) * scale * 0.35),
        repliers=round(sum(w.unique_authors_reached for w in weeks) * scale),
        # The placed replies' signals only: the sample invents none for unplaced replies.
        turnout=replace(total([w.turnout for w in weeks]), replies=replies),
    )


def _daily(rng: random.Random, start: date, total: int) -> list[DailyVolume]:
    # Volume climbs toward the end of the campaign.
    weights = [0.10, 0.11, 0.12, 0.14, 0.15, 0.18, 0.20]
    days = []
    for i, w in enumerate(weights):
        n = round(total * w)
        neg = round(n * rng.uniform(0.18, 0.30))
        pos = round(n * rng.uniform(0.15, 0.25))
        days.append(DailyVolume(start + timedelta(days=i), positive=pos, neutral=n - neg - pos,
                                negative=neg))
    return days


def _matrix(rng: random.Random) -> list[MatrixCell]:
    cells = []
    for stage in (*_STAGES, "pencalonan", "penetapan", "none"):
        for awareness in ("informed", "asking", "misinformed", "apathetic"):
            base = {"pemungutan_suara": 60, "pemutakhiran_data": 45, "kampanye": 50}.get(stage, 8)
            factor = {"informed": 1.0, "asking": 0.8, "misinformed": 0.25, "apathetic": 0.2}
            count = round(base * factor[awareness] * rng.uniform(0.6, 1.4))
            cells.append(MatrixCell(stage, awareness, max(0, count)))
    return cells


def sample_report(seed: int = 7, baseline: Baseline | None = None) -> WeeklyReport:
    """A full, realistic synthetic report for ISO week 47 of 2024 (clearly marked synthetic)."""
    rng = random.Random(seed)
    base = baseline if baseline is not None else load_baseline()
    weeks = _kecamatan_weeks(rng, base)
    start, _ = week_bounds(SAMPLE_YEAR, SAMPLE_WEEK)
    current = _totals(weeks, 1.9)
    prev_weeks = _kecamatan_weeks(random.Random(seed + 1), base)
    previous = _totals(prev_weeks, 1.7)
    # Views are measured on X only (reports/reach.py): one X post of the three.
    current.posts, current.posts_measured, current.post_views = 3, 1, 8_950
    previous.posts, previous.posts_measured, previous.post_views = 2, 1, 7_200
    generated = datetime(2024, 11, 25, 7, 0, tzinfo=WIB)
    unanswered = [
        UnansweredQuestion(
            quote=q, handle=_HANDLES[i], platform="x" if i % 2 else "facebook",
            kecamatan=rng.choice([None, *list(_PLANTED), "Kaliwates", "Ambulu"]),
            age_hours=round(rng.uniform(2, 70), 1), stage=stage,
            url=f"https://contoh.invalid/pantau/sintetis/{i + 1}",
        )
        for i, (q, stage) in enumerate(_QUESTIONS)
    ]
    rumours = [
        Rumour(quote="Katanya coblosan diundur tanggal 28, bener min?",
               evidence="menyebut tanggal 28 November; jadwal resmi pemungutan suara 27 November",
               correction="Pemungutan suara Pilkada 2024 tetap Rabu, 27 November 2024, "
                          "pukul 07.00–13.00 WIB.",
               correction_url="https://jdih.kpu.go.id/", occurrences=9,
               kecamatan=["Puger", "Wuluhan"]),
        Rumour(quote="Yang tidak dapat undangan C6 tidak boleh nyoblos",
               evidence="aturan tidak ada: pemilih terdaftar di DPT dapat memilih dengan KTP-el",
               correction="Pemilih yang terdaftar di DPT tetap dapat memilih dengan menunjukkan "
                          "KTP-el meski tidak menerima pemberitahuan.",
               correction_url=None, occurrences=4, kecamatan=["Bangsalsari"]),
    ]
    own_posts = [
        OwnPostPerformance("Cek nama Anda di DPT lewat cekdptonline.kpu.go.id …", "instagram",
                           datetime(2024, 11, 18, 9, 0, tzinfo=WIB), 214, 1890, None, 3.5),
        OwnPostPerformance("Simulasi pemungutan suara di TPS 05 Kaliwates …", "facebook",
                           datetime(2024, 11, 20, 15, 30, tzinfo=WIB), 96, 1204, None, None),
        OwnPostPerformance("Masa tenang dimulai 24 November: APK wajib diturunkan …", "x",
                           datetime(2024, 11, 23, 19, 0, tzinfo=WIB), 57, 412, 8_950, 1.2),
    ]
    completeness = Completeness(
        sources=[
            SourceRun("x_mentions", "x", runs=672, runs_failed=3, items_in_week=2_290,
                      items_new=2_310, items_skipped=41, items_failed=2,
                      rate_limit_wait_seconds=1_840.0, api_cost=12.4,
                      gaps=["20 Nov 02:00–03:15 WIB: batas kuota API"],
                      first_started=start, last_started=start + timedelta(days=7, minutes=-15)),
            SourceRun("facebook_page", "facebook", runs=672, items_in_week=1_860,
                      items_new=1_875, items_skipped=12, first_started=start,
                      last_started=start + timedelta(days=7, minutes=-15)),
            SourceRun("instagram", "instagram", runs=168, runs_failed=1, items_in_week=640,
                      items_new=640, first_started=start,
                      last_started=start + timedelta(days=7, hours=-1)),
        ],
        items_in_week=4_790,
        failures=["instagram 22 Nov 11:00 WIB: token kedaluwarsa, diperbarui 11:40 WIB"],
        needs_review=37,
        model_name="linear-2024.1 (contoh)",
        accuracy=[
            AccuracyFigure("Sentimen (macro-F1)", 0.71, 600, "set uji berlabel, contoh"),
            AccuracyFigure("Tahapan (akurasi)", 0.78, 600),
            AccuracyFigure("Kesadaran (macro-F1)", 0.64, 600, "bahasa Madura lebih lemah"),
        ],
    )
    return assemble_weekly_report(
        SAMPLE_YEAR, SAMPLE_WEEK, current=current, previous=previous, kecamatan_weeks=weeks,
        baseline=base, daily=_daily(rng, start.date(), current.replies),
        stage_awareness=_matrix(rng), unanswered=unanswered, rumours=rumours,
        own_posts=own_posts, completeness=completeness, generated_at=generated,
        extra_notes=[_SYNTHETIC_NOTE], synthetic=True, answers=_answers(),
    )


def _answers() -> TurnoutAnswers | None:
    from core.errors import PantauError

    try:
        return load_turnout_answers()
    except PantauError:
        return None


def empty_week_report(baseline: Baseline | None = None) -> WeeklyReport:
    """A week in which nothing was collected (every kecamatan ranked from the baseline)."""
    base = baseline if baseline is not None else load_baseline()
    return assemble_weekly_report(
        SAMPLE_YEAR, SAMPLE_WEEK, current=WeekTotals(), previous=None, kecamatan_weeks=[],
        baseline=base, completeness=Completeness(
            failures=["tidak ada sumber yang berjalan minggu ini"]),
        generated_at=datetime(2024, 11, 25, 7, 0, tzinfo=WIB),
        extra_notes=["DATA SINTETIS: minggu kosong untuk uji tampilan."], synthetic=True,
    )


def one_reply_report(baseline: Baseline | None = None) -> WeeklyReport:
    """A week with exactly one reply (asking about DPT, from Kaliwates)."""
    base = baseline if baseline is not None else load_baseline()
    week = KecamatanWeek("Kaliwates", replies=1, asking=1, unique_authors_reached=1,
                         confused_by_stage={"pemutakhiran_data": 1},
                         questions_by_stage={"pemutakhiran_data": 1}, questions_unanswered=1)
    start, _ = week_bounds(SAMPLE_YEAR, SAMPLE_WEEK)
    return assemble_weekly_report(
        SAMPLE_YEAR, SAMPLE_WEEK,
        current=WeekTotals(replies=1, asking=1, questions=1, questions_unanswered=1, repliers=1),
        previous=WeekTotals(), kecamatan_weeks=[week], baseline=base,
        daily=[DailyVolume((start + timedelta(days=2)).date(), neutral=1)],
        stage_awareness=[MatrixCell("pemutakhiran_data", "asking", 1)],
        unanswered=[UnansweredQuestion("Cara cek DPT gimana min?", "warga-1d2e", "x",
                                       "Kaliwates", 5.0, None, "pemutakhiran_data")],
        generated_at=datetime(2024, 11, 25, 7, 0, tzinfo=WIB),
        extra_notes=["DATA SINTETIS: satu balasan untuk uji tampilan."], synthetic=True,
    )
