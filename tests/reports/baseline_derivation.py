"""How `config/jember/baseline.csv` is derived from the reference data in ../shared/jember.

Used once to write the shipped file and again by a `shared` test that checks the shipped file
still matches its derivation. The product never runs this (users do not have ../shared).
"""

from __future__ import annotations

import csv
from pathlib import Path

DPT_2024_REGENCY = 1_955_219  # KPU Jember, set 20 Sep 2024
DPT_2024_URL = (
    "http://k-radiojember.com/artikel/kpu-tetapkan-1955219-pemilih-di-kabupaten-jember-untuk-pilkada-november"
)
DPT_2020_REGENCY = 1_825_386
DPT_PEMILU_2024_REGENCY = 1_972_216
KPU_STATEMENT_URL = (
    "https://krsumsel.com/2024/12/08/tingkat-partisipasi-pemilih-pilkada-di-jember-rendah-hanya-5883-persen"
)

HEADER = [
    "kecamatan_code", "kecamatan", "dpt_2024", "dpt_source", "dpt_is_estimate",
    "turnout_2020", "turnout_2020_source", "turnout_2020_is_estimate",
    "turnout_2024", "turnout_2024_source", "turnout_2024_is_estimate", "note",
]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def derive_rows(shared_jember: Path) -> list[dict[str, str]]:
    """Rows of the baseline, in Kemendagri code order."""
    kec = _read(shared_jember / "kecamatan_jember.csv")
    population_rows = _read(shared_jember / "kecamatan_population.csv")
    pop = {r["kecamatan"]: int(r["population"]) for r in population_rows if r["year"] == "2010"}
    voters = _read(shared_jember / "kecamatan_voters.csv")
    turnout = _read(shared_jember / "kecamatan_turnout_2024_partial.csv")

    # Real Pilkada 2024 DPT figures (Frensia quoting KPU data).
    dpt: dict[str, tuple[int, str, bool, str]] = {}
    for r in voters:
        if r["election"] == "pilkada2024" and r["metric"] == "dpt":
            dpt[r["kecamatan"]] = (int(r["value"]), r["source_url"], False,
                                   "DPT Pilkada 2024 (Frensia Institute, data KPU)")
    # Estimates anchored on a real per-kecamatan figure from another election, scaled by the
    # regency-wide ratio: closer to reality than a 2010 population share.
    for r in voters:
        name = r["kecamatan"]
        if name in dpt:
            continue
        if r["election"] == "pemilu2024" and r["metric"] == "dpt":
            value = round(int(r["value"]) * DPT_2024_REGENCY / DPT_PEMILU_2024_REGENCY)
            dpt[name] = (value, r["source_url"], True,
                         "DPT estimasi: DPT Pemilu 2024 x rasio DPT kabupaten Pilkada/Pemilu 2024")
        elif r["election"] == "pilkada2020" and r["metric"] == "dpt":
            value = round(int(r["value"]) * DPT_2024_REGENCY / DPT_2020_REGENCY)
            dpt[name] = (value, r["source_url"], True,
                         "DPT estimasi: DPT Pilkada 2020 x rasio DPT kabupaten 2024/2020")
    # The rest: what is left of the regency DPT, spread by 2010 census population share.
    rest_names = [r["kecamatan"] for r in kec if r["kecamatan"] not in dpt]
    remainder = DPT_2024_REGENCY - sum(v[0] for v in dpt.values())
    rest_pop = sum(pop[n] for n in rest_names)
    shares = {n: remainder * pop[n] / rest_pop for n in rest_names}
    floors = {n: int(v) for n, v in shares.items()}
    # Largest-remainder rounding so the 31 rows add up to the regency DPT exactly.
    leftover = remainder - sum(floors.values())
    for n in sorted(rest_names, key=lambda n: shares[n] - floors[n], reverse=True)[:leftover]:
        floors[n] += 1
    pop_url = next(r["source_url"] for r in _read(shared_jember / "kecamatan_population.csv")
                   if r["year"] == "2010" and r["kecamatan"] == "Ajung")
    for n in rest_names:
        dpt[n] = (floors[n], f"{DPT_2024_URL} ; {pop_url}", True,
                  "DPT estimasi: sisa DPT kabupaten 2024 dibagi menurut porsi penduduk SP2010")

    # Turnout 2024: KPU Jember statements first, then exact Frensia figures.
    best: dict[str, tuple[float, str, bool]] = {}
    for r in turnout:
        pct = r["turnout_pct"].strip()
        if not pct.replace(".", "", 1).isdigit():
            continue  # ">60" and "~58.2" are not exact figures
        name = r["kecamatan"]
        official = r["source_org"] == "kpu_jember"
        if name not in best or (official and best[name][2] is True):
            best[name] = (float(pct), r["source_url"], not official)
    for r in voters:  # Mumbulsari: 100 - Frensia golput share
        is_turnout = r["election"] == "pilkada2024" and r["metric"] == "turnout_pct"
        if is_turnout and r["kecamatan"] not in best:
            best[r["kecamatan"]] = (float(r["value"]), r["source_url"], True)

    rows: list[dict[str, str]] = []
    for r in kec:
        name = r["kecamatan"]
        value, src, est, note = dpt[name]
        t24 = best.get(name)
        notes = [note]
        if t24 is not None:
            notes.append("partisipasi 2024 resmi KPU Jember" if not t24[2]
                         else "partisipasi 2024 dari Frensia Institute (bisa hanya suara sah)")
        rows.append({
            "kecamatan_code": r["kecamatan_code"], "kecamatan": name,
            "dpt_2024": str(value), "dpt_source": src, "dpt_is_estimate": str(est).lower(),
            "turnout_2020": "", "turnout_2020_source": "", "turnout_2020_is_estimate": "",
            "turnout_2024": f"{t24[0]:.2f}" if t24 else "",
            "turnout_2024_source": t24[1] if t24 else "",
            "turnout_2024_is_estimate": (str(t24[2]).lower() if t24 else ""),
            "note": "; ".join(notes),
        })
    return rows


def write_csv(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":  # pragma: no cover - run by a developer with ../shared present
    import sys

    write_csv(derive_rows(Path(sys.argv[1])), Path(sys.argv[2]))
