"""Maintainer tool: derive the shipped word lists in ``nlp/resources`` from the training data.

Run by ``pantau train sentiment`` (with ``--rebuild-resources``) or directly::

    python -m nlp.sentiment_resources --data-dir ../shared/data

It writes derived tables only (counts, polarity weights, slang pairs), never copies of the
source files; ``nlp/resources/SOURCES.md`` cites where each fact comes from.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from nlp.lexicons import ELECTION_TERMS, NEGATORS, QUESTION_WORDS, kecamatan_names
from nlp.sentiment_data import (
    LabelledText,
    load_nusatranslation,
    load_nusax,
    load_smsa,
    read_text_file,
)

RESOURCES_DIR = Path(__file__).resolve().parent / "resources"
_WORD = re.compile(r"[a-z][a-z'\-]*[a-z']|[a-z]")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def build_slang(data_dir: Path) -> list[tuple[str, str]]:
    """Most frequent formal form per slang key of kamus-alay, minus entries that would hurt.

    Dropped: protected election terms and place names, identity mappings, and any mapping that
    turns a negator or question word into something that is not one.
    """
    path = data_dir / "lexicon" / "kamus-alay" / "colloquial-indonesian-lexicon.csv"
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for rec in csv.DictReader(io.StringIO(read_text_file(path))):
        slang = rec["slang"].strip().lower()
        formal = rec["formal"].strip().lower()
        if slang and formal and " " not in slang:
            votes[slang][formal] += 1
    protected = ELECTION_TERMS | kecamatan_names()
    pairs: list[tuple[str, str]] = []
    for slang, counter in sorted(votes.items()):
        formal = counter.most_common(1)[0][0]
        if slang in protected or formal == slang:
            continue
        if slang in NEGATORS and formal.split()[0] not in NEGATORS:
            continue
        if slang in QUESTION_WORDS and formal not in QUESTION_WORDS:
            continue
        pairs.append((slang, formal))
    return pairs


def build_polarity(data_dir: Path) -> dict[str, float]:
    """InSet single-word weights, extended to Javanese/Madurese through the NusaX lexicon.

    A regional word inherits the weight of its Indonesian source word; when several sources
    disagree, the mean is used. Regional words that are also Indonesian words keep the
    Indonesian weight.
    """
    inset: dict[str, float] = {}
    for name in ("positive.tsv", "negative.tsv"):
        text = read_text_file(data_dir / "lexicon" / "inset" / name)
        for line in text.splitlines()[1:]:
            word, _, weight = line.rpartition("\t")
            word = word.strip().lower()
            if word and " " not in word:
                try:
                    inset[word] = inset.get(word, 0.0) + float(weight)
                except ValueError:
                    continue
    regional: dict[str, list[float]] = defaultdict(list)
    for lang in ("javanese", "madurese"):
        text = read_text_file(data_dir / "lexicon" / "nusax-lexicon" / f"{lang}.csv")
        for rec in csv.DictReader(io.StringIO(text)):
            source = (rec.get("indonesian") or "").strip().lower()
            target = (rec.get(lang) or "").strip().lower()
            if source in inset and target and " " not in target:
                regional[target].append(inset[source])
    merged = dict(inset)
    for word, weights in regional.items():
        if word not in merged:
            merged[word] = sum(weights) / len(weights)
    protected = ELECTION_TERMS | kecamatan_names()
    return {w: max(-5.0, min(5.0, v)) for w, v in merged.items() if v and w not in protected}


def build_regional_map(data_dir: Path) -> list[tuple[str, str]]:
    """Javanese/Madurese word -> Indonesian word from the NusaX lexicon (identity pairs and
    multi-word entries dropped; the first Indonesian source wins when there are several)."""
    mapping: dict[str, str] = {}
    for lang in ("javanese", "madurese"):
        text = read_text_file(data_dir / "lexicon" / "nusax-lexicon" / f"{lang}.csv")
        for rec in csv.DictReader(io.StringIO(text)):
            source = (rec.get("indonesian") or "").strip().lower()
            target = (rec.get(lang) or "").strip().lower()
            if source and target and source != target and " " not in target + source:
                mapping.setdefault(target, source)
    for word, source in sorted(align_parallel(data_dir).items()):
        mapping.setdefault(word, source)
    return sorted(mapping.items())


def align_parallel(
    data_dir: Path,
    min_count: int = 2,
    min_dice: float = 0.6,
    langs: tuple[str, ...] = ("jv", "mad"),
) -> dict[str, str]:
    """Word translations regional -> Indonesian learnt from the parallel NusaX *train* split.

    Dice co-occurrence over aligned sentence pairs; a regional word that also occurs in the
    Indonesian side of its own pair is kept as is (it is a shared word, not a translation).
    """
    rows = load_nusax(data_dir, "train")
    indonesian = {r.group: set(_words(r.text)) for r in rows if r.language == "id"}
    result: dict[str, str] = {}
    for lang in langs:
        pair_counts: Counter[tuple[str, str]] = Counter()
        reg_counts: Counter[str] = Counter()
        id_counts: Counter[str] = Counter()
        for r in rows:
            if r.language != lang or r.group not in indonesian:
                continue
            ind = indonesian[r.group]
            reg = set(_words(r.text)) - ind
            reg_counts.update(reg)
            id_counts.update(ind)
            pair_counts.update((a, b) for a in reg for b in ind)
        # Sorted iteration and an explicit tie-break: set and dict order depend on the
        # per-process string hash seed, and training must be reproducible.
        best: dict[str, tuple[float, str]] = {}
        for (a, b), c in sorted(pair_counts.items()):
            if reg_counts[a] < min_count or c < min_count:
                continue
            dice = 2 * c / (reg_counts[a] + id_counts[b])
            if dice >= min_dice and dice > best.get(a, (0.0, ""))[0]:
                best[a] = (dice, b)
        for word, (_, source) in sorted(best.items()):
            result.setdefault(word, source)
    return result


def indonesian_to_regional(data_dir: Path, lang: str) -> dict[str, str]:
    """Indonesian word -> Javanese ("jv") or Madurese ("mad") word, for pseudo-regional
    training text: NusaX lexicon first, then alignments on the parallel train split."""
    folder = {"jv": "javanese", "mad": "madurese"}[lang]
    mapping: dict[str, str] = {}
    lexicon = data_dir / "lexicon" / "nusax-lexicon" / f"{folder}.csv"
    text = read_text_file(lexicon) if lexicon.exists() else ""
    for rec in csv.DictReader(io.StringIO(text)):
        source = (rec.get("indonesian") or "").strip().lower()
        target = (rec.get(folder) or "").strip().lower()
        if source and target and source != target and " " not in target + source:
            mapping.setdefault(source, target)
    for regional, source in sorted(align_parallel(data_dir, langs=(lang,)).items()):
        mapping.setdefault(source, regional)
    return mapping


def corpora(data_dir: Path) -> dict[str, list[LabelledText]]:
    """Training-split texts per language for word and character statistics."""
    by_lang: dict[str, list[LabelledText]] = defaultdict(list)
    for row in load_nusax(data_dir, "train") + load_smsa(data_dir, "train"):
        by_lang[row.language].append(row)
    for row in load_nusatranslation(data_dir, "train"):
        by_lang[row.language].append(row)
    # Colloquial Indonesian (tweets and the slang keys of kamus-alay): without it, informal
    # Indonesian ("sy gak tau") looks East-Javanese to the language model.
    emot = data_dir / "emotion" / "emot" / "train_preprocess.csv"
    if emot.exists():
        for i, rec in enumerate(csv.DictReader(io.StringIO(read_text_file(emot)))):
            by_lang["id"].append(
                LabelledText(rec.get("tweet", ""), "neutral", "id", "emot", f"emot:{i}")
            )
    slang_keys = " ".join(slang for slang, _ in build_slang(data_dir))
    by_lang["id"].append(LabelledText(slang_keys, "neutral", "id", "kamus-alay", "alay"))
    return dict(by_lang)


def build_vocabulary(data_dir: Path, min_count: int = 3) -> list[str]:
    """Words seen at least ``min_count`` times in the training corpora (all languages)."""
    counts: Counter[str] = Counter()
    for rows in corpora(data_dir).values():
        for row in rows:
            counts.update(_words(row.text))
    return sorted(w for w, c in counts.items() if c >= min_count and len(w) > 1)


def _write_csv(path: Path, header: list[str], rows: Sequence[tuple[str, ...]], note: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(f"# {note}\n")
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def build_all(data_dir: Path, out_dir: Path = RESOURCES_DIR) -> dict[str, int]:
    """Write slang.csv, polarity.csv, vocabulary.txt and the language tables; return counts."""
    from nlp.language import build_language_tables

    out_dir.mkdir(parents=True, exist_ok=True)
    slang = build_slang(data_dir)
    _write_csv(
        out_dir / "slang.csv",
        ["slang", "formal"],
        slang,
        "derived from kamus-alay (Salsabila et al., IALP 2018); see SOURCES.md",
    )
    polarity = build_polarity(data_dir)
    _write_csv(
        out_dir / "polarity.csv",
        ["word", "weight"],
        [(w, f"{v:g}") for w, v in sorted(polarity.items())],
        "derived from InSet (Koto & Rahmaningtyas, IALP 2017) and the NusaX lexicon; "
        "see SOURCES.md",
    )
    regional = build_regional_map(data_dir)
    _write_csv(
        out_dir / "regional_to_id.csv",
        ["regional", "indonesian"],
        regional,
        "derived from the NusaX lexicon (Winata et al., EACL 2023, CC BY-SA 4.0)",
    )
    vocab = build_vocabulary(data_dir)
    (out_dir / "vocabulary.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    n_lang = build_language_tables(corpora(data_dir))
    return {
        "slang": len(slang),
        "regional": len(regional),
        "polarity": len(polarity),
        "vocabulary": len(vocab),
        "language_words": n_lang,
    }


def main(argv: list[str] | None = None) -> None:  # pragma: no cover - maintainer entry point
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args(argv)
    print(build_all(args.data_dir))


if __name__ == "__main__":  # pragma: no cover
    main()
