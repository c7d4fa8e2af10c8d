"""Kecamatan from what a text says, from the author's profile location, or from a geotag.

Precision before recall. Every gazetteer row says what context a name needs (``needs``):
``""`` always; ``context`` a capital letter or a place word before it ("di", "desa", "warga"...);
``prep`` a place word before it (common words: Panti, Tanggul, Kemiri); ``jember`` Jember named
in the text or "Kec."/"Jember" around it (Jombang, also a regency). ``block_before`` /
``block_after`` veto a match ("panti asuhan", "tanggul sungai", "Kabupaten Jombang", "Arjasa
Sumenep"). A desa found in two kecamatan is used only when the text, the profile or the geotag
names one of the two. A desa directly followed by its own kecamatan confirms both. With two
kecamatan the first one after "di/dari/nang" wins; with three or more none does. Every decision
is written to the evidence.
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from core.errors import ConfigError
from nlp.cues import TextView, Tokenizer
from nlp.geo import KecamatanLocator

PLACE_WORDS = frozenset(
    {
        "di",
        "dari",
        "ke",
        "warga",
        "wong",
        "orang",
        "oreng",
        "reng",
        "arek",
        "asal",
        "daerah",
        "wilayah",
        "sekitar",
        "nang",
        "neng",
        "ning",
        "e",
        "ka",
        "dhari",
        "deri",
        "tinggal",
        "area",
        "kampung",
        "kampong",
        "dekat",
        "deket",
        "sampai",
        "lewat",
        "wetan",
        "kulon",
    }
)
KEC_WORDS = frozenset({"kec", "kecamatan", "camat", "ppk", "panwascam", "kcm"})
DESA_WORDS = frozenset({"desa", "ds", "kel", "kelurahan", "dusun", "dsn", "pps", "kades", "lurah"})
ANCHOR_WORDS = frozenset(
    {
        "di",
        "dari",
        "nang",
        "neng",
        "ning",
        "e",
        "asal",
        "warga",
        "tinggal",
        "dhari",
        "deri",
        "wong",
        "oreng",
    }
)
JEMBER_WORDS = frozenset({"jember", "jbr"})
FUZZY_MIN_LENGTH = 8
_PLACE_TYPES = ("kecamatan", "desa", "kelurahan", "landmark")


@dataclass(frozen=True, slots=True)
class GazetteerRow:
    """One alias of a place, as shipped in ``config/jember/gazetteer.csv``."""

    alias: str
    kecamatan: tuple[str, ...]
    entity_type: str
    desa: str
    needs: str
    block_before: frozenset[str]
    block_after: frozenset[str]
    trust: str


def default_gazetteer_path() -> Path:
    """The shipped gazetteer inside the ``config`` package."""
    return Path(str(resources.files("config") / "jember" / "gazetteer.csv"))


def load_gazetteer(path: Path | None = None) -> list[GazetteerRow]:
    """Read and check the gazetteer; ConfigError names the file, the line and the column."""
    source = path or default_gazetteer_path()
    rows: list[GazetteerRow] = []
    try:
        with Path(source).open(encoding="utf-8", newline="") as handle:
            for line_no, raw in enumerate(csv.DictReader(handle), start=2):
                try:
                    needs = raw["needs"] or ""
                    if needs not in ("", "context", "prep", "jember"):
                        raise ValueError(f"needs={needs!r} (harus kosong/context/prep/jember)")
                    rows.append(
                        GazetteerRow(
                            alias=raw["alias"],
                            kecamatan=tuple(k for k in (raw["kecamatan"] or "").split("|") if k),
                            entity_type=raw["entity_type"],
                            desa=raw["desa"] or "",
                            needs=needs,
                            block_before=frozenset(_split(raw["block_before"])),
                            block_after=frozenset(_split(raw["block_after"])),
                            trust=raw["trust"] or "high",
                        )
                    )
                except (KeyError, ValueError, AttributeError) as exc:
                    raise ConfigError(
                        f"Gazetteer {source} baris {line_no} tidak valid: {exc}",
                        hint="Kolom wajib: alias, kecamatan, entity_type, desa, needs, "
                        "block_before, block_after, trust.",
                    ) from exc
    except OSError as exc:
        raise ConfigError(f"Gazetteer {source} tidak bisa dibaca: {exc}") from exc
    return rows


def _split(value: str | None) -> list[str]:
    return [v.strip().lower() for v in (value or "").split("|") if v.strip()]


@dataclass(slots=True)
class AreaResult:
    """The chosen kecamatan ("" when none), where it came from, and why."""

    kecamatan: str = ""
    source: str = ""
    evidence: list[str] = field(default_factory=list)
    unsure: bool = False


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    text: str
    candidates: set[str]
    kind: str  # kecamatan | desa | landmark | region | kabupaten
    ok: bool
    anchored: bool
    low_trust: bool = False
    note: str = ""


class AreaResolver:
    """Resolves a text, a profile location and a geotag to one Jember kecamatan (or none)."""

    def __init__(
        self,
        gazetteer: list[GazetteerRow],
        tokenizer: Tokenizer,
        locator: KecamatanLocator | None = None,
    ) -> None:
        self._tokenizer = tokenizer
        self._locator = locator
        self._index: dict[tuple[str, ...], list[GazetteerRow]] = {}
        for row in gazetteer:
            key = tokenizer.phrase(row.alias)
            if key:
                self._index.setdefault(key, []).append(row)
        self._max_len = max((len(k) for k in self._index), default=1)
        self._lengths: dict[str, list[int]] = {}
        for key in self._index:
            self._lengths.setdefault(key[0], []).append(len(key))
        for lengths in self._lengths.values():
            lengths.sort(reverse=True)
        # Deletion index for edit-distance-1 lookups: every alias and its one-letter deletions.
        self._fuzzy: dict[str, list[GazetteerRow]] = {}
        self._deletions: dict[str, set[str]] = {}
        self._fuzzy_cache: dict[str, tuple[str, list[GazetteerRow]] | None] = {}
        for key, rows in self._index.items():
            if (
                len(key) == 1
                and len(key[0]) >= FUZZY_MIN_LENGTH
                and any(r.entity_type in _PLACE_TYPES and r.needs in ("", "context") for r in rows)
            ):
                alias = key[0]
                self._fuzzy[alias] = rows
                for variant in {alias, *(alias[:k] + alias[k + 1 :] for k in range(len(alias)))}:
                    self._deletions.setdefault(variant, set()).add(alias)

    # public ------------------------------------------------------------------------------
    def resolve(
        self,
        view: TextView,
        author_location: str | None = None,
        lat: float | None = None,
        lon: float | None = None,
    ) -> AreaResult:
        """Text first, then the geotag, then the profile location (see module docstring)."""
        text = self._from_view(view, profile=False)
        if text.kecamatan or text.unsure:
            if text.unsure and not text.kecamatan:
                hint = self._hint(author_location, lat, lon)
                if hint:
                    return self._from_view(view, profile=False, hint=hint)
            return text
        if lat is not None and lon is not None and self._locator is not None:
            match = self._locator.locate(lat, lon)
            if match is not None:
                where = (
                    "di dalam poligon"
                    if match.distance_km == 0
                    else (f"{match.distance_km} km dari poligon terdekat")
                )
                return AreaResult(match.kecamatan, "geo", [*text.evidence, f"geotag: {where}"])
            text.evidence.append("geotag di luar Kabupaten Jember")
        if author_location:
            profile = self._from_view(self._tokenizer.view(author_location), profile=True)
            if profile.kecamatan:
                profile.source = "profile"
                profile.evidence = [*text.evidence, *(f"profil: {e}" for e in profile.evidence)]
                return profile
            text.evidence.extend(f"profil: {e}" for e in profile.evidence)
        return text

    # internals ---------------------------------------------------------------------------
    def _hint(self, author_location: str | None, lat: float | None, lon: float | None) -> str:
        if lat is not None and lon is not None and self._locator is not None:
            match = self._locator.locate(lat, lon)
            if match:
                return match.kecamatan
        if author_location:
            return self._from_view(self._tokenizer.view(author_location), profile=True).kecamatan
        return ""

    def _from_view(self, view: TextView, profile: bool, hint: str = "") -> AreaResult:
        mentions = self._mentions(view, profile)
        result = AreaResult(source="profile" if profile else "text")
        # The word "Jember" alone is common in replies to the commission (and from people of
        # other regencies living there); only another Jember place confirms a "jember" name.
        jember_context = any(
            m.ok and m.kind in ("kecamatan", "desa") and len(m.candidates) == 1 for m in mentions
        )
        places = [m for m in mentions if m.kind not in ("kabupaten", "region")]
        for m in mentions:
            if m.kind == "region":
                result.evidence.append(f"{m.text}: wilayah informal, bukan satu kecamatan")
        self._confirm_pairs(places)
        for m in places:
            if not m.ok and m.note == "jember" and jember_context:
                m.ok = True
            if not m.ok:
                result.evidence.append(f"{m.text}: diabaikan ({_why(m.note)})")
                # An unconfirmed name of a desa found in two kecamatan deserves a human look.
                result.unsure = result.unsure or len(m.candidates) > 1
        accepted = [m for m in places if m.ok]
        named = {k for m in accepted if len(m.candidates) == 1 for k in m.candidates}
        resolved: list[tuple[_Mention, str]] = []
        for m in accepted:
            if len(m.candidates) == 1:
                resolved.append((m, next(iter(m.candidates))))
                continue
            pick = m.candidates & named or ({hint} & m.candidates if hint else set())
            if len(pick) == 1:
                chosen = next(iter(pick))
                resolved.append((m, chosen))
                via = "kecamatan yang disebut" if m.candidates & named else "lokasi profil/geotag"
                result.evidence.append(
                    f"{m.text}: ada di {_names(m.candidates)}, dipilih {chosen} ({via})"
                )
            else:
                result.unsure = True
                result.evidence.append(
                    f"{m.text}: nama desa ada di {_names(m.candidates)}, tidak bisa dipastikan"
                )
        distinct = list(dict.fromkeys(k for _, k in resolved))
        if len(distinct) == 1:
            mention = next(m for m, _ in resolved)
            result.kecamatan = distinct[0]
            result.evidence.append(_describe(resolved, distinct[0]))
            result.unsure = result.unsure and not any(len(m.candidates) == 1 for m, _ in resolved)
            if mention.low_trust and all(m.low_trust for m, _ in resolved):
                result.unsure = True
                result.evidence.append(f"{mention.text}: landmark belum terverifikasi")
        elif len(distinct) == 2:
            anchored = [(m, k) for m, k in resolved if m.anchored]
            if anchored:
                result.kecamatan = anchored[0][1]
                result.evidence.append(
                    f"dua kecamatan disebut ({', '.join(distinct)}); dipilih {anchored[0][1]} "
                    f"(pertama dengan 'di/dari/nang')"
                )
            else:
                result.unsure = True
                result.evidence.append(
                    f"dua kecamatan disebut ({', '.join(distinct)}) tanpa penanda lokasi"
                )
        elif len(distinct) >= 3:
            result.unsure = True
            result.evidence.append(
                f"{len(distinct)} kecamatan disebut ({', '.join(distinct)}): tidak dipilih"
            )
        return result

    def _mentions(self, view: TextView, profile: bool) -> list[_Mention]:
        tokens = view.tokens
        forms = [t.form for t in tokens]
        out: list[_Mention] = []
        i = 0
        while i < len(tokens):
            found = None
            for n in self._lengths.get(forms[i], ()):
                rows = self._index.get(tuple(forms[i : i + n])) if i + n <= len(tokens) else None
                if rows:
                    found = (n, rows, "")
                    break
            if found is None:
                fuzzy = self._fuzzy_rows(forms[i])
                if fuzzy is not None:
                    found = (1, fuzzy[1], fuzzy[0])
            if found is None:
                i += 1
                continue
            n, rows, fuzzy_of = found
            out.append(self._mention(view, forms, i, i + n, rows, profile, fuzzy_of))
            i += n
        return out

    def _fuzzy_rows(self, form: str) -> tuple[str, list[GazetteerRow]] | None:
        if len(form) < FUZZY_MIN_LENGTH or form.isdigit():
            return None
        if form in self._fuzzy_cache:
            return self._fuzzy_cache[form]
        found = self._fuzzy_lookup(form)
        if len(self._fuzzy_cache) < 100_000:
            self._fuzzy_cache[form] = found
        return found

    def _fuzzy_lookup(self, form: str) -> tuple[str, list[GazetteerRow]] | None:
        near: set[str] = set()
        for variant in {form, *(form[:k] + form[k + 1 :] for k in range(len(form)))}:
            near |= self._deletions.get(variant, set())
        matches = [(a, self._fuzzy[a]) for a in sorted(near) if _within_one(form, a)]
        kecs = {k for _, rows in matches for r in rows for k in r.kecamatan}
        return (matches[0][0], matches[0][1]) if len(matches) == 1 and len(kecs) == 1 else None

    def _mention(
        self,
        view: TextView,
        forms: list[str],
        start: int,
        end: int,
        rows: list[GazetteerRow],
        profile: bool,
        fuzzy_of: str,
    ) -> _Mention:
        # Punctuation ends the context ("di Tanggul, kali Tanggul"), except after "Kec." / "Ds.".
        prev = forms[start - 1] if start and not _punct(view, start - 1, start) else ""
        nxt = forms[end] if end < len(forms) and not _punct(view, end - 1, end) else ""
        text = view.span(start, end)
        kec_rows = [r for r in rows if r.entity_type == "kecamatan"]
        desa_rows = [r for r in rows if r.entity_type in ("desa", "kelurahan")]
        if prev in DESA_WORDS and desa_rows:
            rows = desa_rows
        elif kec_rows:
            rows = kec_rows
        kind = _kind(rows[0].entity_type)
        candidates = {k for r in rows for k in r.kecamatan} if kind != "region" else set()
        mention = _Mention(start, end, text, candidates, kind, True, prev in ANCHOR_WORDS)
        if fuzzy_of:
            mention.text = f"{text} (~{fuzzy_of})"
        blocked = [r for r in rows if prev in r.block_before or nxt in r.block_after]
        if blocked and len(blocked) == len(rows):
            mention.ok, mention.note = (
                False,
                f"blocked:{prev if prev in blocked[0].block_before else nxt}",
            )
            return mention
        needs = max((r.needs for r in rows), key=_NEEDS_ORDER.index)
        if fuzzy_of and needs == "":
            needs = "context"
        place_word = prev in PLACE_WORDS or prev in KEC_WORDS or prev in DESA_WORDS
        # "TPS 12 Kebonsari", "RT 3 Suci": a numbered unit before the name places it.
        if prev.isdigit() and start >= 2 and forms[start - 2] in ("tps", "rt", "rw", "dusun"):
            place_word = True
        capital = view.original[view.tokens[start].start : view.tokens[start].start + 1].isupper()
        jember_next = nxt in JEMBER_WORDS
        if needs == "jember":
            mention.ok = prev in KEC_WORDS or jember_next
        elif needs == "prep":
            mention.ok = profile or place_word or jember_next
        elif needs == "context":
            mention.ok = profile or place_word or jember_next or (capital and not _shouting(view))
        if not mention.ok:
            mention.note = needs
        mention.low_trust = any(r.trust == "low" for r in rows)
        return mention

    @staticmethod
    def _confirm_pairs(places: list[_Mention]) -> None:
        # "Glagahwero Panti", "Patemon Tanggul": a desa directly followed by its own kecamatan.
        for a, b in itertools.pairwise(places):
            adjacent = a.end == b.start and a.kind == "desa" and b.kind == "kecamatan"
            blocked = a.note.startswith("blocked") or b.note.startswith("blocked")
            if adjacent and not blocked and b.candidates <= a.candidates:
                a.ok = b.ok = True
                a.candidates = set(b.candidates)


_NEEDS_ORDER = ["", "context", "prep", "jember"]


def _kind(entity_type: str) -> str:
    if entity_type in ("desa", "kelurahan"):
        return "desa"
    if entity_type == "informal_region":
        return "region"
    return entity_type


def _names(kecamatan: set[str]) -> str:
    return " dan ".join(sorted(kecamatan))


def _why(note: str) -> str:
    if note.startswith("blocked:"):
        return f"konteks '{note.split(':', 1)[1]}' menunjukkan bukan nama kecamatan Jember"
    return {
        "jember": "nama ini juga kabupaten/daerah lain; perlu konteks Jember atau 'Kec.'",
        "prep": "kata umum; perlu kata tempat seperti 'di', 'desa', 'warga'",
        "context": "perlu huruf kapital atau kata tempat",
    }.get(note, note or "tidak cocok")


def _describe(resolved: list[tuple[_Mention, str]], kecamatan: str) -> str:
    words = ", ".join(dict.fromkeys(m.text for m, _ in resolved))
    return f"{words} -> {kecamatan}"


def _shouting(view: TextView) -> bool:
    """All-caps text: a capital letter then says nothing about a name."""
    letters = [c for c in view.original if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def _punct(view: TextView, left: int, right: int) -> bool:
    between = view.original[view.tokens[left].end : view.tokens[right].start]
    if view.tokens[left].form in KEC_WORDS or view.tokens[left].form in DESA_WORDS:
        between = between.replace(".", "")
    return any(ch in ",.;:!?()\n" for ch in between)


def _within_one(a: str, b: str) -> bool:
    """Levenshtein distance of at most 1 (one insertion, deletion or substitution)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]
