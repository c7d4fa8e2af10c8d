"""What to socialise in a kecamatan, and the next step, drawn from its replies of the week.

Every kecamatan of the ranking gets either topics or the reason it has none, so the report never
shows an empty cell. A topic comes from what people there did in their replies: got a stage
wrong or spread a rumour about it, asked about a stage, said they will not vote, complained, or
asked and got no answer. One reply is enough to name a topic (the count is shown beside it, so
a reader sees how much rests on it); wrong information comes first because it spreads.

The next steps name the stage's usual questions (TAXONOMY.md stage ids); a stage this module
does not know (from another election's calendar) gets a generic step built from its label.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from reports.labels import BARRIER_KINDS, TURNOUT_LABELS, fmt_int, stage_label

if TYPE_CHECKING:
    from reports.outreach_index import KecamatanWeek
    from reports.turnout_answers import TurnoutAnswers

STAGE_STEPS: Mapping[str, str] = {
    "pemutakhiran_data": (
        "Jelaskan cara cek DPT (cekdptonline.kpu.go.id) dan cara melapor bila belum terdaftar, "
        "lewat PPS di {kec}."
    ),
    "pencalonan": "Jelaskan pasangan calon yang ditetapkan, dengan tautan pengumuman resmi KPU.",
    "kampanye": (
        "Jelaskan jadwal dan aturan kampanye serta debat, dan cara melapor pelanggaran ke Bawaslu."
    ),
    "masa_tenang": "Ingatkan larangan kampanye di masa tenang dan cara melapor ke Bawaslu.",
    "pemungutan_suara": (
        "Umumkan ulang hari, jam, dan lokasi TPS, dan bahwa pemilih di DPT dapat memilih dengan "
        "KTP-el, lewat PPS/KPPS di {kec}."
    ),
    "penghitungan_rekapitulasi": (
        "Jelaskan jadwal rekapitulasi di PPK {kec} dan tempat melihat hasil resmi."
    ),
    "penetapan": "Jelaskan jadwal penetapan calon terpilih dan tempat pengumumannya.",
}
GENERIC_STAGE_STEP = "Jelaskan tahapan {stage} (jadwal, syarat, tempat) lewat PPS di {kec}."
RUMOUR_STEP = (
    "Sebarkan koreksi resmi (bagian Rumor) lewat PPK/PPS {kec} dan balas unggahan yang keliru."
)
GOLPUT_STEP = "Dialog langsung lewat PPK/PPS {kec}: tanggapi alasan warga (lihat contoh)."
UNANSWERED_STEP = "Jawab dari akun resmi, mulai dari yang paling lama menunggu."
COMPLAINT_STEP = "Teruskan keluhan yang nyata ke PPK {kec} dan umumkan tindak lanjutnya."
OTHER_QUESTION_STEP = "Jawab dari akun resmi; bila berulang, buat unggahan tanya-jawab."
# Without the recommended answers (their file could not be read): generic steps.
TURNOUT_STEPS: Mapping[str, str] = {
    "golput_intent": GOLPUT_STEP,
    "cynicism": "Pesan kewargaan dan kunjungan tim sosialisasi ke {kec}.",
}
BARRIER_STEP = "Jelaskan cara mengatasi hambatan ini, dengan batas waktunya, lewat PPS di {kec}."
APATHY_STEP = "Tanggapi alasan warga (mis. politik uang: arahkan laporan ke Bawaslu)."


@dataclass(frozen=True, slots=True)
class OutreachTopic:
    """One thing to socialise in a kecamatan: what, how many replies show it, what to do next."""

    label: str
    count: int
    step: str

    @property
    def text(self) -> str:
        return f"{self.label} ({fmt_int(self.count)} balasan)"


def _stage_step(stage: str, kec: str) -> str:
    template = STAGE_STEPS.get(stage, GENERIC_STAGE_STEP)
    return template.format(kec=kec, stage=stage_label(stage))


def _by_count(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    return sorted(((s, n) for s, n in counts.items() if n > 0), key=lambda sn: (-sn[1], sn[0]))


def turnout_step(
    kind: str, kec: str, answers: TurnoutAnswers | None, as_of: date | None
) -> str:
    """The next step for a turnout signal: the recommended action in force on ``as_of``."""
    if answers is not None and as_of is not None:
        action = answers.recommend(kind, as_of, kec).action
        return action[:1].upper() + action[1:] + "."
    return TURNOUT_STEPS.get(kind, BARRIER_STEP).format(kec=kec)


def _turnout_topics(
    week: KecamatanWeek, answers: TurnoutAnswers | None, as_of: date | None
) -> list[list[OutreachTopic]]:
    """Golput intent, the barrier kinds (most replies first), cynicism, other apathy."""
    kec, t = week.kecamatan, week.turnout
    if not t.replies:  # counts without the turnout tags (an older caller): one apathy topic
        return [[OutreachTopic("Niat golput atau apatis", week.golput,
                               GOLPUT_STEP.format(kec=kec))]]
    barriers = sorted(((k, t.barriers.get(k, 0)) for k in BARRIER_KINDS), key=lambda kn: -kn[1])
    return [
        [OutreachTopic(TURNOUT_LABELS["golput_intent"], t.golput_intent,
                       turnout_step("golput_intent", kec, answers, as_of))],
        [OutreachTopic(f"Hambatan memilih: {TURNOUT_LABELS[k]}", n,
                       turnout_step(k, kec, answers, as_of)) for k, n in barriers if n],
        [OutreachTopic(TURNOUT_LABELS["cynicism"], t.cynicism,
                       turnout_step("cynicism", kec, answers, as_of))],
        [OutreachTopic("Apatis lainnya (mis. uang yang menentukan)", t.apathetic_other,
                       APATHY_STEP)],
    ]


def topics_for(
    week: KecamatanWeek,
    limit: int,
    answers: TurnoutAnswers | None = None,
    as_of: date | None = None,
) -> tuple[list[OutreachTopic], str | None]:
    """The kecamatan's topics, most urgent first (at most ``limit``), or why there are none.

    Each kind of signal gets a place before any kind gets a second one, so three stages of
    questions cannot push out the golput talk of the same kecamatan. The turnout signals
    (golput intent, each voting barrier, cynicism) take their next step from the recommended
    answers in force on ``as_of``.
    """
    kec = week.kecamatan
    rumours = [
        OutreachTopic(f"Informasi keliru soal {stage_label(stage)}" if stage != "none"
                      else "Informasi keliru di luar tahapan", n,
                      RUMOUR_STEP.format(kec=kec))
        for stage, n in _by_count(week.rumours_by_stage)
    ]
    questions = [
        OutreachTopic(f"Pertanyaan soal {stage_label(stage)}", n, _stage_step(stage, kec))
        for stage, n in _by_count({s: c for s, c in week.questions_by_stage.items()
                                   if s != "none"})
    ]
    single = [
        OutreachTopic("Pertanyaan belum dijawab", week.questions_unanswered, UNANSWERED_STEP),
        OutreachTopic("Pertanyaan di luar tahapan", week.questions_by_stage.get("none", 0),
                      OTHER_QUESTION_STEP),
        OutreachTopic("Keluhan", week.complaints, COMPLAINT_STEP.format(kec=kec)),
    ]
    turnout = [[t for t in kind if t.count > 0] for kind in _turnout_topics(week, answers, as_of)]
    kinds = [rumours, questions, *turnout[:2], *([t] for t in single[:1] if t.count > 0),
             *turnout[2:], *([t] for t in single[1:] if t.count > 0)]
    order = {id(t): i for i, t in enumerate(t for kind in kinds for t in kind)}
    chosen = [kind[0] for kind in kinds if kind] + [t for kind in kinds for t in kind[1:]]
    chosen = sorted(chosen[:limit], key=lambda t: order[id(t)])
    if chosen:
        return chosen, None
    if week.replies == 0:
        return [], ("Tidak ada balasan dari kecamatan ini minggu ini, jadi belum ada topik dari "
                    "warga.")
    return [], (
        f"{fmt_int(week.replies)} balasan minggu ini, tetapi tidak ada yang bertanya, menyebarkan "
        "rumor, menyatakan golput, menyebut hambatan memilih, bernada sinis, atau mengeluh; belum "
        "perlu topik khusus."
    )
