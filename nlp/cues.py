"""Light tokenisation and cue-phrase matching for the stage, flag, area and calendar rules.

This deliberately does not depend on the sentiment normaliser: the rules must work on raw
informal text ("sdh dcoklit", "TPS NYA DMN??") and stay fast. Three ideas carry it:

* a small shorthand table (language-level, not election-specific) expands common informal
  spellings, and is applied to cue phrases too, so a cue list need not spell every variant;
* one-word cues also match after stripping common Indonesian/Javanese/Madurese affixes;
* a word written without vowels ("cklt", "kmpny") is matched by its consonant skeleton when the
  skeleton points to exactly one known word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_WORD_RE = re.compile(r"[a-z0-9]+(?:'(?![a-z0-9]))?")
_VOWELS = frozenset("aeiou")

# Informal spelling -> standard form(s). Applied token by token to texts and to cue phrases.
# fmt: off
SHORTHAND: dict[str, tuple[str, ...]] = {
    "sdh": ("sudah",), "udh": ("sudah",), "udah": ("sudah",), "dah": ("sudah",),
    "sudh": ("sudah",), "wis": ("wes",), "uwes": ("wes",), "uwis": ("wes",), "blm": ("belum",),
    "blom": ("belum",), "belom": ("belum",), "lom": ("belum",), "tdk": ("tidak",),
    "gk": ("tidak",), "ga": ("tidak",), "gak": ("tidak",), "nggak": ("tidak",), "ngga": ("tidak",),
    "enggak": ("tidak",), "ndak": ("tidak",), "gag": ("tidak",), "kagak": ("tidak",),
    "engga": ("tidak",), "tak": ("tidak",), "tgl": ("tanggal",), "tggl": ("tanggal",),
    "tangal": ("tanggal",), "tg": ("tanggal",), "brp": ("berapa",), "brapa": ("berapa",),
    "kpn": ("kapan",), "kapn": ("kapan",), "gmn": ("bagaimana",), "gmna": ("bagaimana",),
    "gimana": ("bagaimana",), "gmana": ("bagaimana",), "bgmn": ("bagaimana",),
    "gimn": ("bagaimana",), "dmn": ("di", "mana"), "dmna": ("di", "mana"),
    "dimana": ("di", "mana"), "dimn": ("di", "mana"), "kmn": ("ke", "mana"),
    "kemana": ("ke", "mana"), "yg": ("yang",), "dgn": ("dengan",), "dg": ("dengan",),
    "utk": ("untuk",), "krn": ("karena",), "jg": ("juga",), "aj": ("saja",), "aja": ("saja",),
    "sy": ("saya",), "sya": ("saya",), "bs": ("bisa",), "bsa": ("bisa",), "mhn": ("mohon",),
    "tlg": ("tolong",), "tolongin": ("tolong",), "trs": ("terus",), "nyblos": ("nyoblos",),
    "nyblo": ("nyoblos",), "nyoblosnya": ("nyoblos",), "cblos": ("coblos",), "cklt": ("coklit",),
    "dcklt": ("dicoklit",), "pntrlh": ("pantarlih",), "kmpnye": ("kampanye",),
    "kampaye": ("kampanye",), "knp": ("kenapa",), "napa": ("kenapa",),
    "np": ("kenapa",), "tps2": ("tps",),
    "nov": ("november",), "nop": ("november",), "nopember": ("november",),
    "des": ("desember",), "okt": ("oktober",), "sept": ("september",), "sep": ("september",),
    "agt": ("agustus",), "agst": ("agustus",), "ags": ("agustus",), "jul": ("juli",),
    "jun": ("juni",), "jan": ("januari",), "feb": ("februari",), "peb": ("februari",),
    "mar": ("maret",), "apr": ("april",), "pebruari": ("februari",), "ktp2": ("ktp",),
    "infonya": ("info",), "infone": ("info",),
}
# fmt: on

_DAPAT_BEFORE = frozenset(
    {"belum", "sudah", "tidak", "bisa", "mau", "akan", "harus", "blm", "wes", "durung"}
)
_PREFIXES = ("di", "ke", "ter", "ny", "e", "d")
_SUFFIXES = ("nya", "ne", "na", "kan", "ken", "an", "in", "e", "kah", "lah", "ta", "tah")

# Common words whose vowel-less spelling is frequent in replies; cue words are added to this
# skeleton vocabulary when a matcher is built.
_SKELETON_WORDS = (
    "sudah",
    "belum",
    "kapan",
    "berapa",
    "tanggal",
    "bisa",
    "mana",
    "saya",
    "tidak",
    "mohon",
    "tolong",
    "info",
    "dapat",
    "datang",
    "hasil",
    "rekap",
    "kampanye",
    "coblos",
    "nyoblos",
    "pantarlih",
    "coklit",
    "undangan",
    "terdaftar",
    "daftar",
    "pemilih",
    "golput",
    "petugas",
    "bagaimana",
    "kenapa",
    "nama",
    "masuk",
    "tanya",
    "cek",
    "dimana",
    "kemana",
    "gimana",
)


def fold(text: str) -> str:
    """Lower-case and strip diacritics (Madurese â, è) so rules compare plain ASCII letters."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _skeleton(word: str) -> str:
    return "".join(ch for ch in word if ch not in _VOWELS)


@dataclass(frozen=True, slots=True)
class Token:
    """One word: its normalised form, where it came from in the original text, its variants."""

    form: str
    start: int
    end: int
    variants: frozenset[str]


@dataclass(slots=True)
class TextView:
    """A text split into tokens, with the original kept for evidence spans."""

    original: str
    tokens: list[Token]
    has_question_mark: bool = False
    hits: dict[int, list[CueHit]] | None = None  # filled by the first CueMatcher.find
    hits_version: int = -1

    @property
    def forms(self) -> list[str]:
        """The normalised word forms, in order."""
        return [t.form for t in self.tokens]

    def span(self, start_tok: int, end_tok: int) -> str:
        """The original text covered by tokens [start_tok, end_tok)."""
        if start_tok >= end_tok or not self.tokens:
            return ""
        return self.original[self.tokens[start_tok].start : self.tokens[end_tok - 1].end]


def _variants(form: str) -> set[str]:
    out = {form}
    stems = {form}
    for prefix in _PREFIXES:
        rest = form[len(prefix) :]
        # "d" only before a consonant ("dcoklit"), and never leave fewer than 3 letters.
        if form.startswith(prefix) and len(rest) >= 3 and (prefix != "d" or rest[0] not in _VOWELS):
            stems.add(rest)
    for stem in list(stems):
        for suffix in _SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
                stems.add(stem[: -len(suffix)])
    out |= stems
    for stem in list(out):
        expanded = SHORTHAND.get(stem)
        if expanded and len(expanded) == 1:
            out.add(expanded[0])
    return out


def _split_forms(text: str) -> list[tuple[str, int, int]]:
    """Folded words with their character offsets in ``text``; shorthand expanded in place."""
    folded = fold(text)
    # NFKD can change length for a few characters; fall back to offsets in the folded text then.
    same_length = len(folded) == len(text)
    out: list[tuple[str, int, int]] = []
    for match in _WORD_RE.finditer(folded):
        word = match.group(0)
        start, end = (match.start(), match.end()) if same_length else (0, len(text))
        for piece in SHORTHAND.get(word, (word,)):
            out.append((piece, start, end))
    return out


class Tokenizer:
    """Turns raw text into a :class:`TextView`; knows a skeleton vocabulary for vowel-less words."""

    def __init__(self, vocabulary: Iterable[str] = ()) -> None:
        by_skeleton: dict[str, set[str]] = {}
        for word in (*_SKELETON_WORDS, *vocabulary):
            skel = _skeleton(word)
            if len(skel) >= 3 and skel != word:
                by_skeleton.setdefault(skel, set()).add(word)
        self._skeletons = {k: next(iter(v)) for k, v in by_skeleton.items() if len(v) == 1}
        self._cache: dict[str, frozenset[str]] = {}
        self.registry = CueRegistry()

    def variants(self, form: str) -> frozenset[str]:
        """All forms a word may stand for (itself, affix-stripped stems, expansions)."""
        cached = self._cache.get(form)
        if cached is not None:
            return cached
        found = _variants(form)
        vowels = sum(ch in _VOWELS for ch in form)
        if not form.isdigit() and (
            (len(form) >= 3 and vowels == 0) or (len(form) >= 5 and vowels == 1)
        ):
            for candidate in (form, form[1:] if form[0] == "d" else form):
                word = self._skeletons.get(_skeleton(candidate))
                if word:
                    found |= _variants(word)
        result = frozenset(found)
        if len(self._cache) < 200_000:
            self._cache[form] = result
        return result

    def view(self, text: str) -> TextView:
        """Tokenise ``text`` (never raises on odd input)."""
        pieces = _split_forms(text)
        for k in range(1, len(pieces)):
            # "blm dpt undangan": after a verb-like word, "dpt" is "dapat", not the voter list.
            if pieces[k][0] == "dpt" and pieces[k - 1][0] in _DAPAT_BEFORE:
                pieces[k] = ("dapat", pieces[k][1], pieces[k][2])
        tokens = [Token(f, s, e, self.variants(f)) for f, s, e in pieces]
        return TextView(text, tokens, "?" in text)

    def phrase(self, phrase: str) -> tuple[str, ...]:
        """A cue phrase as the tuple of forms it must match."""
        return tuple(f for f, _, _ in _split_forms(phrase))


@dataclass(frozen=True, slots=True)
class CueHit:
    """One cue found in a text: which cue, which tokens, and the original words."""

    cue: str
    start: int
    end: int
    text: str
    label: str = ""
    weight: float = 1.0


_Entry = tuple[int, tuple[str, ...], str, int, str, float]  # seq, forms, cue, ns, label, weight


class CueRegistry:
    """Every cue list of every rule, indexed by its first words, matched in one pass per text.

    Each :class:`CueMatcher` is a namespace in its tokenizer's registry; the first ``find`` on
    a view matches all namespaces at once and caches the hits on the view, so the stage,
    flag, calendar and turnout rules share a single pass over the tokens. Phrases are indexed
    by their first two words, so a common first word ("tidak", "ora") does not make every
    occurrence try every phrase that starts with it.
    """

    def __init__(self) -> None:
        self.single: dict[str, list[_Entry]] = {}
        self.pairs: dict[str, dict[str, list[_Entry]]] = {}
        self.version = 0
        self.namespaces = 0

    def new_namespace(self) -> int:
        """A fresh namespace id for one CueMatcher."""
        self.namespaces += 1
        return self.namespaces

    def add(
        self, forms: tuple[str, ...], cue: str, namespace: int, label: str, weight: float
    ) -> None:
        """Index one cue phrase (already split into forms)."""
        entry = (self.version, forms, cue, namespace, label, weight)
        if len(forms) == 1:
            self.single.setdefault(forms[0], []).append(entry)
        else:
            self.pairs.setdefault(forms[0], {}).setdefault(forms[1], []).append(entry)
        self.version += 1

    def match(self, view: TextView) -> dict[int, list[CueHit]]:
        """All cue occurrences in ``view``, grouped by namespace (in text order, then in the
        order the phrases were registered)."""
        out: dict[int, list[CueHit]] = {}
        tokens = view.tokens
        n = len(tokens)
        single, pairs = self.single, self.pairs
        for i, token in enumerate(tokens):
            found: dict[int, _Entry] = {}
            nxt = tokens[i + 1].variants if i + 1 < n else None
            for variant in token.variants:
                for entry in single.get(variant, ()):
                    found[entry[0]] = entry
                if nxt is None:
                    continue
                second = pairs.get(variant)
                if not second:
                    continue
                for variant2 in nxt:
                    for entry in second.get(variant2, ()):
                        forms = entry[1]
                        size = len(forms)
                        if i + size <= n and all(
                            forms[k] in tokens[i + k].variants for k in range(2, size)
                        ):
                            found[entry[0]] = entry
            if not found:
                continue
            seen: set[tuple[str, int, str]] = set()
            for _seq, forms, cue, namespace, label, weight in sorted(found.values()):
                key = (cue, namespace, label)
                if key in seen:
                    continue
                seen.add(key)
                size = len(forms)
                hit = CueHit(cue, i, i + size, view.span(i, i + size), label, weight)
                out.setdefault(namespace, []).append(hit)
        return out


class CueMatcher:
    """Finds cue phrases (with labels and weights) in a :class:`TextView`.

    A thin handle on one namespace of the tokenizer's :class:`CueRegistry`.
    """

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.namespace = tokenizer.registry.new_namespace()

    def add(self, cues: Iterable[str], label: str = "", weight: float = 1.0) -> None:
        """Register cue phrases under ``label`` (e.g. a stage id) with ``weight``."""
        for cue in cues:
            forms = self.tokenizer.phrase(cue)
            if forms:
                self.tokenizer.registry.add(forms, cue, self.namespace, label, weight)

    def find(self, view: TextView) -> list[CueHit]:
        """All cue occurrences of this matcher's cues, in text order."""
        registry = self.tokenizer.registry
        if view.hits_version != registry.version or view.hits is None:
            view.hits = registry.match(view)
            view.hits_version = registry.version
        return view.hits.get(self.namespace, [])


def labels_of(hits: Sequence[CueHit]) -> set[str]:
    """The distinct labels among ``hits``."""
    return {h.label for h in hits}


# --- date mentions -------------------------------------------------------------------------

MONTHS: dict[str, int] = {
    name: i + 1
    for i, names in enumerate(
        (
            ("januari", "january"),
            ("februari", "february"),
            ("maret", "march"),
            ("april",),
            ("mei", "may"),
            ("juni", "june"),
            ("juli", "july"),
            ("agustus", "august"),
            ("september",),
            ("oktober", "october"),
            ("november",),
            ("desember", "december"),
        )
    )
    for name in names
}
WEEKDAYS: dict[str, int] = {
    "senin": 0,
    "senen": 0,
    "sennen": 0,
    "selasa": 1,
    "seloso": 1,
    "salasa": 1,
    "rabu": 2,
    "rebo": 2,
    "rebbu": 2,
    "kamis": 3,
    "kemis": 3,
    "kemmes": 3,
    "jumat": 4,
    "jemuah": 4,
    "jumuah": 4,
    "sabtu": 5,
    "setu": 5,
    "minggu": 6,
    "ahad": 6,
}
# (words, unit, amount): "besok" is one day after the post, "minggu depan" the next week.
RELATIVE: tuple[tuple[tuple[str, ...], str, int], ...] = (
    (("minggu", "depan"), "week", 1),
    (("minggu", "ngarep"), "week", 1),
    (("pekan", "depan"), "week", 1),
    (("minggu", "ngarepe"), "week", 1),
    (("bulan", "depan"), "month", 1),
    (("wulan", "ngarep"), "month", 1),
    (("sasi", "ngarep"), "month", 1),
    (("bulan", "ngarep"), "month", 1),
    (("hari", "ini"), "day", 0),
    (("dino", "iki"), "day", 0),
    (("saiki",), "day", 0),
    (("besok",), "day", 1),
    (("besuk",), "day", 1),
    (("sesuk",), "day", 1),
    (("lagghu",), "day", 1),
    (("lusa",), "day", 2),
    (("sesuk", "emben"), "day", 2),
)
_DATE_WORDS = frozenset({*WEEKDAYS, *(w for words, _, _ in RELATIVE for w in words[:1])})
_TIME_WORDS = frozenset({"jam", "pukul", "pkl", "jm"})
_WEEK_WORDS = frozenset({"depan", "ngarep", "ngarepe", "lalu", "kemarin", "ini", "iki", "wingi"})


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date written in a text, unresolved: the checker resolves it against a stage."""

    kind: str  # date | day | weekday | relative | year
    start: int
    end: int
    text: str
    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None
    unit: str | None = None
    amount: int = 0


def _number(token: Token) -> int | None:
    return int(token.form) if token.form.isdigit() and len(token.form) <= 4 else None


def _month_of(token: Token) -> int | None:
    for variant in token.variants:
        if variant in MONTHS:
            return MONTHS[variant]
    return None


def _year_after(tokens: list[Token], i: int) -> int | None:
    if i < len(tokens):
        value = _number(tokens[i])
        if value is not None and len(tokens[i].form) in (2, 4):
            return value if value >= 1000 else 2000 + value
    return None


def extract_dates(view: TextView) -> list[DateMention]:
    """Date mentions: "tgl 28", "28/11", "rabu 27 november 2024", "besok", "minggu depan"."""
    tokens = view.tokens
    out: list[DateMention] = []
    if not any(t.form[0].isdigit() or t.form in _DATE_WORDS for t in tokens):
        return out
    used: set[int] = set()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        value = _number(token)
        prev = tokens[i - 1].form if i else ""
        if value is not None and len(token.form) <= 2 and prev not in _TIME_WORDS:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            sep = view.original[token.end : nxt.start].strip() if nxt else ""
            month = _month_of(nxt) if nxt else None
            if nxt is not None and month is not None:
                year = _year_after(tokens, i + 2) if i + 2 < len(tokens) else None
                end = i + (3 if year is not None and len(tokens[i + 2].form) == 4 else 2)
                year = year if end == i + 3 else None
                out.append(DateMention("date", i, end, view.span(i, end), value, month, year))
                used.update(range(i, end))
                i = end
                continue
            if (
                nxt is not None
                and sep in ("/", "-", ".")
                and nxt.form.isdigit()
                and len(nxt.form) <= 2
            ):
                end, year = i + 2, None
                if i + 2 < len(tokens):
                    sep2 = view.original[nxt.end : tokens[i + 2].start].strip()
                    if sep2 in ("/", "-", "."):
                        year = _year_after(tokens, i + 2)
                        end = i + 3 if year is not None else end
                out.append(
                    DateMention("date", i, end, view.span(i, end), value, int(nxt.form), year)
                )
                used.update(range(i, end))
                i = end
                continue
            if prev == "tanggal":
                out.append(DateMention("day", i - 1, i + 1, view.span(i - 1, i + 1), value))
                used.add(i)
        i += 1
    for i, token in enumerate(tokens):
        if i in used or token.form not in _DATE_WORDS:
            continue
        forms = [t.form for t in tokens[i : i + 2]]
        for words, unit, amount in RELATIVE:
            if tuple(forms[: len(words)]) == words:
                end = i + len(words)
                out.append(
                    DateMention("relative", i, end, view.span(i, end), unit=unit, amount=amount)
                )
                break
        else:
            weekday = WEEKDAYS.get(token.form)
            if weekday is None:
                continue
            nxt_form = tokens[i + 1].form if i + 1 < len(tokens) else ""
            prev_form = tokens[i - 1].form if i else ""
            if token.form == "minggu" and (nxt_form in _WEEK_WORDS or prev_form != "hari"):
                continue
            out.append(DateMention("weekday", i, i + 1, token.form, weekday=weekday))
            continue
    for i, token in enumerate(tokens):
        value = _number(token)
        if i not in used and value is not None and len(token.form) == 4 and 1900 <= value <= 2099:
            out.append(DateMention("year", i, i + 1, token.form, year=value))
    return out
