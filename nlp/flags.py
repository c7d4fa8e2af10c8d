"""Flags: question, complaint, violation_report (misinformation comes from the calendar check,
needs_review from the pipeline, golput_intent, cynicism and voting_barrier from
:mod:`nlp.turnout`).

The cue lists below are about how people write in any Indonesian election, not about one
election, so they live here; stage words and dates live in the calendar file. Each rule is a
small, explainable combination of cue hits; every flag carries the words that raised it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from nlp.cues import CueHit, CueMatcher, TextView, Tokenizer

# fmt: off
# An explicit request for information: a question even without "?".
REQUEST_CUES = (
    "mohon info", "minta info", "mohon informasi", "minta informasi", "tolong info", "info dong",
    "infokan", "mau tanya", "numpang tanya", "izin tanya", "ijin tanya", "izin bertanya",
    "mohon dibantu", "tolong dibantu", "mohon pencerahan", "mohon penjelasan", "nyuwun pirsa",
    "nyuwun informasi", "nyuwun sewu", "tanya min", "bagaimana caranya", "gimana caranya",
    "caranya bagaimana", "piye carane", "carane piye", "kakdimma carana", "kadhimma carana",
    "minta tolong", "tolong jelaskan", "mnt info",
)
# Interrogative words (Indonesian, Javanese, Madurese); shorthand such as "kpn" is expanded.
QUESTION_WORDS = (
    "apa", "apakah", "kapan", "bila", "mana", "bagaimana", "berapa", "siapa", "kenapa", "mengapa",
    "bisakah", "bolehkah", "piye", "pripun", "opo", "endi", "pundi", "piro", "sopo", "kapan",
    "dimma", "kadhimma", "kakdimma", "ponapa", "berempa", "arapa", "sapa", "nopo", "napa", "gmn",
)
# Words that make a question ask about a rule rather than assert it ("Apa golput didenda?").
ASKING_WORDS = frozenset({
    "apa", "apakah", "bagaimana", "benarkah", "bisakah", "bolehkah", "piye", "pripun", "ponapa",
    "opo", "nopo", "gmn",
})
# Tags that turn a statement into a yes/no question when a "?" follows.
TAG_WORDS = ("kan", "ya", "yah", "to", "ta", "toh", "ghi", "gak", "tidak", "ora", "belum", "durung")
# Rhetorical forms: a "?" here expects no answer from the commission.
RHETORICAL_CUES = (
    "kok bisa", "kok iso", "masa sih", "masak sih", "apa gunanya", "buat apa", "untuk apa",
    "ngapain", "siapa peduli", "piye to iki", "yok opo iki", "bisa tidak sih", "bisa gak sih",
    "emang ngaruh", "yang bener saja", "apa kabar", "siapa pun", "siapapun", "apa pun", "apapun",
    "dimana-mana", "sapa bhai", "kenapa harus", "yok opo kabare", "piye kabare", "opo kabare",
    "wani piro", "wani pira", "sopo ae", "sopo wae",
)
RUMOUR_MARKERS = (
    "katanya", "kata orang", "jare", "jarene", "kabarnya", "dengar-dengar", "denger-denger",
    "isunya", "infonya", "beredar", "viral", "cek ombak", "ca'na", "ca'na oreng", "kabare",
)
COMPLAINT_CUES = (
    "belum dapat", "belum datang", "belum sampai", "belum dibagi", "belum didatangi",
    "belum dicoklit", "belum didata", "belum cair", "belum buka", "belum ada petugas",
    "durung teko", "durung cair", "durung oleh", "durung dicoklit", "tidak ada di dpt",
    "tidak terdaftar", "tidak ada di daftar", "ora ono nang dpt", "tidak pernah dateng",
    "tidak pernah datang", "hilang dari dpt", "tada' e dpt", "ta' olle undangan", "gi' ta' eda'te",
    "kurang", "telat", "terlambat", "error", "dipindah", "pindah tanpa", "tanpa pemberitahuan",
    "antri panjang", "antrian panjang", "antre panjang", "ditolak", "salah ketik",
    "masih ada di dpt", "masih tercatat", "ganda", "jauh", "adoh", "sulit dijangkau", "susah",
    "macet", "beda", "tercoblos", "digelembungkan", "penggelembungan", "nutupi", "menutupi",
    "belum dicopot", "lambat", "amburadul", "tidak ditempel", "sampai tengah malam", "sampe isuk",
    "kebanjiran", "rusak", "sobek", "tanpa pengawalan", "h+1", "gak pernah",
    "tidak ada sosialisasi", "belum ada sosialisasi", "ta' bisa ka tps", "baru buka",
    "belum ditempel", "molor", "roboh", "ambruk", "dereng pikantuk", "dereng nampi",
    "dereng angsal", "dipotong",
)
VIOLATION_CUES = (
    "serangan fajar", "politik uang", "money politic", "money politik", "bagi amplop", "amplop",
    "bagi uang", "bagi duit", "abagi pesse", "sogok", "nyogok", "suap", "intimidasi", "diancam",
    "ancam", "nawarin", "menawarkan uang", "asal coblos", "ikut kampanye", "ikut konvoi",
    "kampanye di sekolah", "kampanye di masjid", "kampanye di masa tenang", "masih ada kampanye",
    "masih ada baliho", "dipasang di pohon", "nutupi rambu", "menutupi rambu", "belum dicopot",
    "digelembungkan", "penggelembungan", "tercoblos duluan", "sudah tercoblos", "foto surat suara",
    "bukti ke timses", "ngajak milih", "mengajak memilih", "tanpa pengawalan",
    "kampanye terselubung", "bagi-bagi amplop", "lapor ke bawaslu", "bagi sembako",
    "bagi-bagi sembako", "diusir dari tps", "surat suara sisa",
)
VIOLATION_BLOCKERS = ("jangan", "ojo", "tolak", "hindari", "lawan", "stop", "tidak ada", "gak ada")
# Advice about violations anywhere in the text ("harus dilaporkan, jangan diterima"): no report.
VIOLATION_ADVICE = (
    "harus dilaporkan", "jangan diterima", "laporkan jika", "laporkan kalau", "tolak politik uang",
    "stop politik uang", "jangan mau", "ojo gelem",
)
# fmt: on


@dataclass(slots=True)
class FlagResult:
    """Flags raised by the text rules, with the words that raised each one."""

    flags: set[str] = field(default_factory=set)
    evidence: dict[str, list[str]] = field(default_factory=dict)
    rhetorical: bool = False
    yes_no_interrogative: bool = False
    rumour: bool = False
    weak_question: bool = False  # only the short-text rule fired (no "?", no request)
    asking_word: bool = False  # "apa", "gimana", "piye"...: the text asks rather than asserts
    # Words behind an apathetic reading, filled from the turnout signals by the pipeline.
    apathy: list[str] = field(default_factory=list)

    def add(self, flag: str, words: Iterable[str]) -> None:
        """Raise ``flag`` and remember the words that raised it."""
        self.flags.add(flag)
        bucket = self.evidence.setdefault(flag, [])
        bucket.extend(w for w in words if w not in bucket)


class FlagTagger:
    """Raises the text-level flags; stateless after construction, cheap per call."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self._m = CueMatcher(tokenizer)
        for label, cues in (
            ("request", REQUEST_CUES),
            ("qword", QUESTION_WORDS),
            ("tag", TAG_WORDS),
            ("rhetorical", RHETORICAL_CUES),
            ("rumour", RUMOUR_MARKERS),
            ("complaint", COMPLAINT_CUES),
            ("violation", VIOLATION_CUES),
            ("violation_block", VIOLATION_BLOCKERS),
            ("advice", VIOLATION_ADVICE),
        ):
            self._m.add(cues, label)

    def tag(self, view: TextView, election_related: bool) -> FlagResult:
        """Flags for one text; ``election_related``: a stage or an election word is present."""
        hits = self._m.find(view)
        by: dict[str, list[CueHit]] = {}
        for hit in hits:
            by.setdefault(hit.label, []).append(hit)
        result = FlagResult()
        result.rumour = "rumour" in by
        result.rhetorical = "rhetorical" in by
        self._question(view, by, result)
        # These flags need a stage or an election word in the text ("jalan rusak" is not a
        # complaint for the commission).
        if election_related:
            if "complaint" in by:
                result.add("complaint", (h.text for h in by["complaint"]))
            self._violation(by, result)
        return result

    @staticmethod
    def _question(view: TextView, by: dict[str, list[CueHit]], result: FlagResult) -> None:
        qwords = [h for h in by.get("qword", []) if not _inside(h, by.get("rhetorical", []))]
        first_q = min((h.start for h in qwords), default=None)
        result.asking_word = any(h.cue in ASKING_WORDS for h in qwords)
        result.yes_no_interrogative = bool(
            view.has_question_mark
            and view.tokens
            and view.tokens[0].form in ("apa", "apakah", "boleh", "bisa", "bisakah", "bolehkah")
        )
        if "request" in by:
            result.add("question", (h.text for h in by["request"]))
            return
        if result.rhetorical:
            result.evidence["rhetorical"] = [h.text for h in by["rhetorical"]]
            return
        if view.has_question_mark:
            words = [h.text for h in qwords] or [h.text for h in by.get("tag", [])] or ["?"]
            result.add("question", words)
            return
        # No "?": a short text built around an interrogative ("kpn nyblos min") still asks.
        if first_q is not None and len(view.tokens) <= 12:
            result.add("question", (h.text for h in qwords))
            result.weak_question = True

    @staticmethod
    def _violation(by: dict[str, list[CueHit]], result: FlagResult) -> None:
        if "advice" in by:
            return
        blockers = by.get("violation_block", [])
        kept = [
            h
            for h in by.get("violation", [])
            if not any(0 <= h.start - b.end <= 2 for b in blockers)
        ]
        if kept:
            result.add("violation_report", (h.text for h in kept))


def _inside(hit: CueHit, spans: list[CueHit]) -> bool:
    return any(s.start <= hit.start and hit.end <= s.end for s in spans)
