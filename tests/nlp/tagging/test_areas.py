"""Kecamatan from text, profile and geotag: risky names, ambiguous desa, precision rules."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from core.errors import ConfigError
from nlp.areas import AreaResolver, AreaResult, load_gazetteer
from nlp.cues import Tokenizer
from nlp.geo import KecamatanLocator

TWO_KECAMATAN_DESA = {
    "Karangrejo": {"Gumukmas", "Sumbersari"}, "Sukoreno": {"Umbulsari", "Kalisat"},
    "Patemon": {"Tanggul", "Pakusari"}, "Sidomulyo": {"Semboro", "Silo"},
    "Jambearum": {"Puger", "Sumberjambe"}, "Sukorejo": {"Bangsalsari", "Sukowono"},
    "Tamansari": {"Wuluhan", "Mumbulsari"}, "Glagahwero": {"Panti", "Kalisat"},
    "Ajung": {"Ajung", "Kalisat"}, "Arjasa": {"Arjasa", "Sukowono"},
}  # fmt: skip


@pytest.fixture(scope="module")
def resolver(tokenizer: Tokenizer) -> AreaResolver:
    return AreaResolver(load_gazetteer(), tokenizer, KecamatanLocator.from_geojson())


def _area(resolver: AreaResolver, tokenizer: Tokenizer, text: str, **kw) -> AreaResult:
    return resolver.resolve(tokenizer.view(text), **kw)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mohon info TPS saya di Kaliwates", "Kaliwates"),
        ("SUDAH NYOBLOS DI TPS 4 KALIWATES", "Kaliwates"),
        ("TPS di Panti kok belum buka", "Panti"),
        ("Warga Kec. Panti siap nyoblos", "Panti"),
        ("Banjir lagi di Tanggul, kali Tanggul meluap", "Tanggul"),
        ("Pakde ku di Jombang Jember wes nyoblos", "Jombang"),
        ("Warga kecamatan Jombang mohon info", "Jombang"),
        ("Saya dari Arjasa, TPS pindah", "Arjasa"),
        ("Silo banyak TPS di perkebunan", "Silo"),
        ("mohon info lokasi tps desa wonojati", "Jenggawah"),
        ("Glagahwero Panti undangan belum dibagi", "Panti"),
        ("Desa Sukoreno Kalisat belum dapat undangan", "Kalisat"),
        ("Desa Ajung Kalisat, TPS 2 buka telat", "Kalisat"),
        ("Warga Ajung nyoblos di mana?", "Ajung"),
        ("Di Bandealit ada TPS gak?", "Tempurejo"),
        ("Kaliwtes tps 8 antrian panjang", "Kaliwates"),
        ("Saya pindah dari Patrang ke Kaliwates", "Patrang"),
    ],
)
def test_text_mentions(resolver, tokenizer, text: str, expected: str) -> None:
    result = _area(resolver, tokenizer, text)
    assert (result.kecamatan, result.source) == (expected, "text"), result.evidence
    assert result.evidence


@pytest.mark.parametrize(
    "text",
    [
        "Donasi untuk panti asuhan di Jember bisa lewat mana?",
        "Panti pijat di pinggir jalan kok rame",
        "Tanggul sungai Bedadung jebol, warga mengungsi",
        "Saya asli Kabupaten Jombang, salam kenal",
        "Coblosan nang Jombang jam piro",
        "Libur ke Arjasa Sumenep naik kapal",
        "Silo jagung punya pak kades penuh tikus",
        "balung e loro kabeh",
        "Mobil e kencang banget",
        "Jember Selatan banyak TPS",
        "Terima kasih min",
    ],
)
def test_common_words_and_other_regions_are_not_kecamatan(resolver, tokenizer, text: str) -> None:
    result = _area(resolver, tokenizer, text)
    assert result.kecamatan == "", result.evidence


@pytest.mark.parametrize(("desa", "kecamatan"), sorted(TWO_KECAMATAN_DESA.items()))
def test_desa_in_two_kecamatan_needs_disambiguation(resolver, tokenizer, desa, kecamatan) -> None:
    plain = _area(resolver, tokenizer, f"Saya di Desa {desa}, TPS nya di mana?")
    assert plain.kecamatan == "" and plain.unsure, plain.evidence
    assert desa in " ".join(plain.evidence)
    for kec in sorted(kecamatan):
        resolved = _area(resolver, tokenizer, f"Saya di Desa {desa} kecamatan {kec}")
        assert resolved.kecamatan == kec, resolved.evidence
    hinted = _area(
        resolver,
        tokenizer,
        f"Saya di Desa {desa}",
        author_location=f"{sorted(kecamatan)[0]}, Jember",
    )
    assert hinted.kecamatan == sorted(kecamatan)[0]


def test_three_kecamatan_picks_none_and_says_why(resolver, tokenizer) -> None:
    result = _area(resolver, tokenizer, "Kaliwates, Patrang, Sumbersari rawan golput")
    assert result.kecamatan == "" and result.unsure
    assert "3 kecamatan" in result.evidence[-1]
    two = _area(resolver, tokenizer, "Mumbulsari sama Ajung hasil e wes metu?")
    assert two.kecamatan == "" and two.unsure


def test_profile_location(resolver, tokenizer) -> None:
    result = _area(resolver, tokenizer, "TPS saya di mana?", author_location="Kaliwates, Jember")
    assert (result.kecamatan, result.source) == ("Kaliwates", "profile")
    for location in (
        "Jombang, Jawa Timur",
        "panti asuhan kasih ibu",
        "Jember, Jawa Timur",
        "Indonesia",
    ):
        assert _area(resolver, tokenizer, "TPS saya?", author_location=location).kecamatan == ""
    # the text wins over the profile
    text_first = _area(
        resolver, tokenizer, "Di Tanggul TPS 5 sudah buka", author_location="Kaliwates"
    )
    assert (text_first.kecamatan, text_first.source) == ("Tanggul", "text")


def test_geotag_inside_nearest_and_outside(resolver, tokenizer) -> None:
    inside = _area(resolver, tokenizer, "Antri", lat=-8.1849, lon=113.6769)
    assert (inside.kecamatan, inside.source) == ("Kaliwates", "geo")
    coast = _area(resolver, tokenizer, "Antri", lat=-8.40, lon=113.47)
    assert coast.kecamatan == "Wuluhan" and "km" in coast.evidence[-1]
    surabaya = _area(resolver, tokenizer, "Antri", lat=-7.2575, lon=112.7521)
    assert surabaya.kecamatan == "" and "luar" in surabaya.evidence[-1]
    geo_over_profile = _area(
        resolver,
        tokenizer,
        "Undangan belum sampai",
        author_location="Patrang",
        lat=-8.178,
        lon=113.728,
    )
    assert (geo_over_profile.kecamatan, geo_over_profile.source) == ("Sumbersari", "geo")


def test_locator_handles_bad_coordinates() -> None:
    locator = KecamatanLocator.from_geojson()
    assert locator.locate(float("nan"), 113.7) is None
    assert locator.locate(200.0, 113.7) is None


def test_gazetteer_errors_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text(
        "alias,kecamatan,entity_type,desa,ambiguity,needs,block_before,block_after,trust,source,note\n"
        "Panti,Panti,kecamatan,,high,sometimes,,,high,x,\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_gazetteer(path)
    assert str(path) in info.value.message and "baris 2" in info.value.message
    with pytest.raises(ConfigError):
        load_gazetteer(tmp_path / "missing.csv")


def test_shipped_gazetteer_covers_every_kecamatan_and_desa() -> None:
    rows = load_gazetteer()
    config = Path(__file__).resolve().parents[3] / "config" / "jember"
    with (config / "wilayah.csv").open(encoding="utf-8") as handle:
        wilayah = list(csv.DictReader(handle))
    kecamatan = {r["kecamatan"] for r in wilayah}
    assert len(kecamatan) == 31
    assert kecamatan == {k for r in rows if r.entity_type == "kecamatan" for k in r.kecamatan}
    have = {(r.alias, r.kecamatan) for r in rows if r.entity_type in ("desa", "kelurahan")}
    for w in wilayah:
        assert (w["desa"], (w["kecamatan"],)) in have, w["desa"]


@pytest.mark.shared
def test_gazetteer_keeps_every_reference_alias(shared_dir: Path) -> None:
    with (shared_dir / "jember" / "jember_gazetteer.csv").open(encoding="utf-8") as handle:
        reference = [r for r in csv.DictReader(handle) if r["alias_type"] != "official_prefixed"]
    shipped = {r.alias for r in load_gazetteer()}
    assert {r["alias"] for r in reference} <= shipped


@pytest.mark.shared
def test_shipped_gazetteer_equals_its_derivation(shared_dir: Path) -> None:
    from tests.nlp.tagging.gazetteer_derivation import derive

    with (Path(__file__).resolve().parents[3] / "config" / "jember" / "gazetteer.csv").open(
        encoding="utf-8", newline=""
    ) as handle:
        shipped = list(csv.DictReader(handle))
    assert derive(shared_dir / "jember") == shipped
