"""Run-time access to the word lists shipped in ``nlp/resources`` (see its SOURCES.md).

Everything is read once and cached; nothing here touches ``../shared`` or the network.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources
from pathlib import Path

# Terms of the election process that slang tables get wrong (kamus-alay maps "dpt" to
# "dapat") or that a normaliser would otherwise split, stem or "correct".
ELECTION_TERMS: frozenset[str] = frozenset(
    {
        "dpt",
        "dps",
        "dptb",
        "dpk",
        "dph",
        "tps",
        "kpps",
        "ppk",
        "pps",
        "ppdp",
        "pantarlih",
        "coklit",
        "paslon",
        "bapaslon",
        "golput",
        "sirekap",
        "c1",
        "c6",
        "kpu",
        "kpud",
        "bawaslu",
        "panwascam",
        "pilkada",
        "pilbup",
        "pilgub",
        "pemilu",
        "pileg",
        "pilpres",
        "cekdptonline",
        "ektp",
        "e-ktp",
        "ktp",
        "kk",
        "jember",
        "coblos",
        "nyoblos",
        "coblosan",
        "pencoblosan",
        "rekap",
        "kampanye",
        "apk",
        "cabup",
        "cawabup",
        "cagub",
        "cawagub",
        "kotak",
        "suara",
        "surat",
        "undangan",
        "dukcapil",
        "mk",
        "quickcount",
        "qc",
    }
)

# Words that change or carry the meaning of a sentence: never dropped, never slang-mapped
# to something else.
NEGATORS: frozenset[str] = frozenset(
    {
        "tidak",
        "tak",
        "bukan",
        "belum",
        "jangan",
        "kurang",
        "tanpa",
        "enggak",
        "nggak",
        "gak",
        "ga",
        "ndak",
        "nda",
        "gk",
        "tdk",
        "blm",
        "ora",
        "ogak",
        "durung",
        "dudu",
        "ojo",
        "ta'",
        "tak'",
        "enja'",
        "bhunten",
        "lok",
        "tadha'",
        "tadhe'",
        "jhek",
        "ngga",
        "engga",
        "kagak",
        "gaada",
        "ngak",
    }
)
QUESTION_WORDS: frozenset[str] = frozenset(
    {
        "apa",
        "apakah",
        "kapan",
        "bagaimana",
        "gimana",
        "kenapa",
        "mengapa",
        "siapa",
        "berapa",
        "dimana",
        "mana",
        "kemana",
        "opo",
        "piye",
        "pripun",
        "sopo",
        "endi",
        "ngendi",
        "nandi",
        "bila",
        "kademma",
        "sapa",
        "bilen",
        "berempa",
        "dhimma",
        "dimma",
        "ponapa",
        "napa",
        "arapa",
        "kenging",
        "gmn",
        "knp",
        "brp",
        "kpn",
        "knapa",
    }
)

_RESOURCE_PACKAGE = "nlp.resources"


def _resource_text(name: str) -> str:
    return resources.files(_RESOURCE_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def _rows(name: str) -> list[list[str]]:
    lines = [ln for ln in _resource_text(name).splitlines() if ln and not ln.startswith("#")]
    return list(csv.reader(io.StringIO("\n".join(lines))))


def resource_path(name: str) -> Path:
    """Filesystem path of a shipped resource (used by tests and the builder)."""
    return Path(str(resources.files(_RESOURCE_PACKAGE).joinpath(name)))


@cache
def kecamatan_names() -> frozenset[str]:
    """Lower-cased names of the 31 Jember kecamatan from the shipped gazetteer."""
    try:
        text = resources.files("config.jember").joinpath("kecamatan.csv").read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError):  # pragma: no cover - packaging error
        return frozenset()
    return frozenset(rec["kecamatan"].strip().lower() for rec in csv.DictReader(io.StringIO(text)))


@cache
def protected_terms() -> frozenset[str]:
    """Tokens the normaliser must leave exactly as they are (after lower-casing).

    Negators and question words are not in here: they may be normalised, but only to another
    negator or question word (see ``nlp.normalize``), so their meaning always survives.
    """
    return ELECTION_TERMS | kecamatan_names()


@cache
def slang_table() -> dict[str, str]:
    """Slang or misspelling -> standard Indonesian (may be several words)."""
    table: dict[str, str] = {}
    for row in _rows("slang.csv"):
        if len(row) >= 2 and row[0] and row[0] != "slang":
            table[row[0]] = row[1]
    for row in _rows("slang_overrides.csv"):
        if len(row) >= 2 and row[0] and row[0] != "slang":
            if row[1] == "-":
                table.pop(row[0], None)
            else:
                table[row[0]] = row[1]
    return table


@cache
def polarity_lexicon() -> dict[str, float]:
    """Word -> polarity weight in [-5, 5] (Indonesian, Javanese and Madurese words, emoji)."""
    lexicon: dict[str, float] = {}
    for name in ("polarity.csv", "polarity_extra.csv"):
        for row in _rows(name):
            if len(row) >= 2 and row[0] and row[0] != "word":
                try:
                    lexicon[row[0]] = float(row[1])
                except ValueError:
                    continue
    return lexicon


@cache
def known_vocabulary() -> frozenset[str]:
    """Words known to be real (used to undo elongation and leetspeak safely)."""
    words = {ln.strip() for ln in _resource_text("vocabulary.txt").splitlines()}
    words.discard("")
    return frozenset(words) | frozenset(slang_table()) | frozenset(slang_table().values())


@cache
def regional_translation() -> dict[str, str]:
    """Javanese/Madurese sentiment word -> Indonesian equivalent (NusaX lexicon)."""
    return {
        row[0]: row[1]
        for row in _rows("regional_to_id.csv")
        if len(row) >= 2 and row[0] and row[0] != "regional"
    }
