"""Another election or kabupaten needs only files: the calendar and gazetteer come from the
config, and the tagger's version follows everything that shapes a tag."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from alerts.cycle import calendar_at
from nlp.areas import default_gazetteer_path
from nlp.calendar import default_calendar_path
from nlp.pipeline import TaggingPipeline, TagInput
from nlp.settings import NLPSettings
from pantau.settings import load_settings
from tests.nlp.tagging.conftest import RecordingSentiment, fixed_language

NEW_CUE = "gelar bilik rakyat"


def _shifted(value: Any, days: int) -> Any:
    if isinstance(value, date):
        return value + timedelta(days=days)
    if isinstance(value, dict):
        return {k: _shifted(v, days) for k, v in value.items()}
    if isinstance(value, list):
        return [_shifted(v, days) for v in value]
    return value


def _second_calendar(folder: Path) -> Path:
    """A hypothetical Pilkada 2029: every date moved, and one more strong cue for voting day."""
    shipped = yaml.safe_load(default_calendar_path().read_text(encoding="utf-8"))
    data = _shifted(shipped, (date(2029, 11, 28) - date(2024, 11, 27)).days)
    data["election"]["id"] = "pilkada2029_jember"
    data["election"]["year"] = 2029
    voting = next(s for s in data["stages"] if s["id"] == "pemungutan_suara")
    voting["cues"]["strong"].append(NEW_CUE)
    path = folder / "pilkada2029.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _second_gazetteer(folder: Path) -> Path:
    """The shipped gazetteer plus one alias a new kabupaten file might carry."""
    with default_gazetteer_path().open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    extra = dict(rows[0])
    extra.update(alias="kampung sinar harapan", kecamatan="Kaliwates", entity_type="landmark")
    extra.update(desa="", needs="", block_before="", block_after="", trust="high")
    path = folder / "gazetteer_lain.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([*rows, extra])
    return path


def _pipeline(settings: NLPSettings | None = None) -> TaggingPipeline:
    return TaggingPipeline(
        sentiment_model=RecordingSentiment(), language_detector=fixed_language, settings=settings
    )


def test_the_config_chooses_calendar_and_gazetteer_for_tags_and_alerts(tmp_path: Path) -> None:
    _second_calendar(tmp_path)
    _second_gazetteer(tmp_path)
    config = tmp_path / "pantau.yaml"
    config.write_text(
        "nlp:\n  calendar_path: pilkada2029.yaml\n  gazetteer_path: gazetteer_lain.csv\n",
        encoding="utf-8",
    )
    settings = load_settings(config)
    assert settings.nlp.calendar_path == (tmp_path / "pilkada2029.yaml").resolve()
    text = f"Besok {NEW_CUE} ya min, di kampung sinar harapan"

    shipped = _pipeline().tag([TagInput("a", text)])[0]
    other = _pipeline(settings.nlp).tag([TagInput("a", text)])[0]
    assert shipped.stage != "pemungutan_suara"
    assert other.stage == "pemungutan_suara"
    assert NEW_CUE in " ".join(other.evidence["stage"])
    assert (shipped.kecamatan, other.kecamatan) == ("", "Kaliwates")

    alerts = settings.for_alerts()
    assert alerts.calendar_path == settings.nlp.calendar_path
    assert str(calendar_at(alerts.calendar_path).election.voting_day) == "2029-11-28"
    assert str(calendar_at(None).election.voting_day) == "2024-11-27"


def test_the_tagger_version_follows_what_shapes_a_tag(tmp_path: Path) -> None:
    base = _pipeline()
    assert base.tagger_version == _pipeline().tagger_version  # deterministic
    assert base.version == f"fake-1+{base.tagger_version}"
    new_calendar = _pipeline(NLPSettings(calendar_path=_second_calendar(tmp_path)))
    new_gazetteer = _pipeline(NLPSettings(gazetteer_path=_second_gazetteer(tmp_path)))
    stricter = _pipeline(NLPSettings(review_threshold=0.7))
    assert _pipeline(NLPSettings()).tagger_version == base.tagger_version  # same defaults
    versions = {p.tagger_version for p in (base, new_calendar, new_gazetteer, stricter)}
    assert len(versions) == 4


def test_a_changed_cue_list_changes_the_version_a_comment_does_not(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import nlp.tagger_version as tv

    before = tv.rules_digest()
    source = Path(tv.__file__).parent / "flags.py"
    text = source.read_text(encoding="utf-8")
    commented = tmp_path / "flags_commented.py"
    commented.write_text("# a reworded comment\n" + text, encoding="utf-8")
    changed = tmp_path / "flags_changed.py"
    extra_cue = 'COMPLAINT_CUES = (\n    "durung teko blas",'
    changed.write_text(text.replace("COMPLAINT_CUES = (", extra_cue, 1), encoding="utf-8")
    assert changed.read_text(encoding="utf-8") != text

    def digest_with(flags_file: Path) -> str:
        real = tv.find_spec

        def fake(name: str):  # type: ignore[no-untyped-def]
            spec = real(name)
            if name == "nlp.flags" and spec is not None:
                spec.origin = str(flags_file)
            return spec

        monkeypatch.setattr(tv, "find_spec", fake)
        tv.rules_digest.cache_clear()
        try:
            return tv.rules_digest()
        finally:
            monkeypatch.setattr(tv, "find_spec", real)
            tv.rules_digest.cache_clear()

    assert digest_with(commented) == before
    assert digest_with(changed) != before


def test_a_calendar_with_a_duplicate_key_is_refused_naming_both_lines(tmp_path: Path) -> None:
    import pytest

    from core.errors import ConfigError
    from nlp.calendar import load_calendar

    text = default_calendar_path().read_text(encoding="utf-8")
    doubled = text.replace(
        "  short_name: Pilkada 2024\n", "  short_name: Pilkada 2024\n  short_name: X\n", 1
    )
    assert doubled != text
    path = tmp_path / "ganda.yaml"
    path.write_text(doubled, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_calendar(path)
    assert "short_name" in err.value.message and "ditulis lagi" in err.value.message
