"""How ``config/jember/gazetteer.csv`` was derived from the reference gazetteer (developer tool).

Run ``python -m tests.nlp.tagging.gazetteer_derivation ../shared/jember`` to rebuild the file; the
``shared`` test checks that the shipped file still equals the derivation.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

# Context rules decided for Pantau (precision first).
KEC_NEEDS = {
    "Jombang": "jember",
    "Panti": "prep",
    "Tanggul": "prep",
    "Balung": "context",
    "Silo": "context",
    "Mayang": "context",
    "Arjasa": "context",
    "Sumbersari": "context",
    "Kencong": "context",
    "Sumberbaru": "context",
    "Ajung": "context",
    "Umbulsari": "context",
}
BLOCK_AFTER = {
    "Panti": "asuhan|jompo|pijat|pijet|werdha|wreda|sosial|rehabilitasi|rehab|yatim|sehat",
    "Tanggul": "sungai|kali|laut|jebol|penahan|banjir|irigasi|sawah|bendungan|ambrol|longsor",
    "Silo": "jagung|pakan|gabah|padi|semen|beras|gandum",
    "Arjasa": "sumenep|situbondo|kangean|madura",
    "Jombang": "jatim|jawa|kota|regency|santri",
    "Balung": "e|ku|mu|ne|sapi|ayam|iga|sumsum",
    "Mayang": "sari|mayang|pinang|jambe|pinangan",
}
BLOCK_BEFORE_ALL = "kabupaten|kab|pemkab|bupati"
BLOCK_BEFORE = {
    "Jombang": "kota|pemkot|unwaha|undar",
    "Tanggul": "kali|sungai|tanggul|tebing|pinggir",
    "Balung": "loro|patah|sakit",
    "Panti": "anak|pengasuh|pengurus",
}
# Desa names that are common words: need a place word ("desa", "di", "warga") before them.
COMMON_DESA = {
    "Ampel",
    "Badean",
    "Bagon",
    "Banjarsari",
    "Bedadung",
    "Biting",
    "Cangkring",
    "Gambiran",
    "Gebang",
    "Gelang",
    "Gumelar",
    "Gunungsari",
    "Jambesari",
    "Jatian",
    "Jatimulyo",
    "Jatiroto",
    "Jatisari",
    "Kamal",
    "Karang",
    "Karanganyar",
    "Kebonagung",
    "Kebonsari",
    "Kemiri",
    "Kemuning",
    "Kepanjen",
    "Kepatihan",
    "Kertosari",
    "Keting",
    "Klungkung",
    "Kramat",
    "Kraton",
    "Langkap",
    "Lengkong",
    "Lor",
    "Mayangan",
    "Mojosari",
    "Mulyorejo",
    "Nogosari",
    "Pace",
    "Pakis",
    "Paseban",
    "Petung",
    "Pontang",
    "Purwoasri",
    "Rejoagung",
    "Rowosari",
    "Sabrang",
    "Sari",
    "Seputih",
    "Serut",
    "Sidodadi",
    "Sidomekar",
    "Sidomukti",
    "Sidorejo",
    "Slawu",
    "Sruni",
    "Subo",
    "Suci",
    "Suco",
    "Sukamakmur",
    "Sukoharjo",
    "Sukosari",
    "Sumber Agung",
    "Sumberagung",
    "Sumberejo",
    "Sumberjati",
    "Suren",
    "Tanjungrejo",
    "Tanjungsari",
    "Tegalrejo",
    "Tegalsari",
    "Tutul",
    "Wonorejo",
    "Wonosari",
}


FIELDS = ["alias", "kecamatan", "entity_type", "desa", "ambiguity", "needs", "block_before",
          "block_after", "trust", "source", "note"]  # fmt: skip


def derive(shared_jember: Path) -> list[dict[str, str]]:
    """The gazetteer rows, in the order they are shipped."""
    with (shared_jember / "jember_gazetteer.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with (shared_jember / "wilayah_jember.csv").open(encoding="utf-8") as handle:
        wil = list(csv.DictReader(handle))
    desa_by_code = {w["desa_code"]: w["desa"] for w in wil}
    out: list[dict[str, str]] = []

    def add(alias, kec, etype, desa, amb, needs, block_after, block_before, trust, source, note):
        out.append(
            dict(
                zip(
                    FIELDS,
                    (
                        alias,
                        kec,
                        etype,
                        desa,
                        amb,
                        needs,
                        block_before,
                        block_after,
                        trust,
                        source,
                        note,
                    ),
                    strict=True,
                )
            )
        )

    for r in rows:
        if r["alias_type"] == "official_prefixed":
            continue  # "Kec. X" is handled as context by nlp/areas.py
        et, kec, amb = r["entity_type"], r["kecamatan"], r["ambiguity"]
        trust = "low" if "verify" in (r["source"] + r["note"]).lower() else "high"
        needs = ba = bb = ""
        if et == "kecamatan":
            needs = KEC_NEEDS.get(kec, "")
            if kec == "Sumbersari":
                amb = "medium"
            ba = BLOCK_AFTER.get(kec, "")
            bb = BLOCK_BEFORE_ALL + ("|" + BLOCK_BEFORE[kec] if kec in BLOCK_BEFORE else "")
        elif et in ("desa", "kelurahan"):
            common = r["canonical"] in COMMON_DESA or r["alias"] in COMMON_DESA
            needs = "prep" if (common or amb != "low") else "context"
            bb = BLOCK_BEFORE_ALL + "|sungai|kali|jalan|jl|gang|gg|pt"
        note = r["note"]
        if et == "kecamatan" and kec == "Sumbersari":
            note += "; Pantau: treated as medium (replies to KPU Jember)"
        desa = desa_by_code.get(r["desa_code"], "") if r["desa_code"] else ""
        add(r["alias"], kec, et, desa, amb, needs, ba, bb, trust, r["source"], note)
    have = {(o["desa"], o["kecamatan"]) for o in out if o["entity_type"] in ("desa", "kelurahan")}
    for w in wil:
        if (w["desa"], w["kecamatan"]) not in have:
            needs = "prep" if w["desa"] in COMMON_DESA else "context"
            add(
                w["desa"],
                w["kecamatan"],
                "desa",
                w["desa"],
                "low",
                needs,
                "",
                BLOCK_BEFORE_ALL,
                "high",
                "cahyadsn/wilayah db/wilayah.sql via config/jember/wilayah.csv",
                "added by Pantau from wilayah",
            )
    return out


def write(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    target = Path(__file__).resolve().parents[3] / "config" / "jember" / "gazetteer.csv"
    write(derive(Path(sys.argv[1])), target)
    print(f"wrote {target}")
