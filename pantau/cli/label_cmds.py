"""``pantau label export|import``: the media team labels replies the model is unsure of."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import typer
from rich.console import Console

from core.errors import InputFileError
from pantau.cli.context import state

console = Console()
label_app = typer.Typer(
    help="Pelabelan oleh tim: ekspor balasan yang perlu dicek, impor label yang sudah diisi.",
    no_args_is_help=True,
)


def _day(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputFileError(
            f"{option} '{value}' bukan tanggal.", hint="Tulis tanggal sebagai TTTT-BB-HH."
        ) from exc


@label_app.command("export")
def export_cmd(
    out: Path = typer.Option(
        Path("label-sentimen.csv"), "--out", "-o", help="Lembar CSV yang akan diisi tim."
    ),
    limit: int = typer.Option(200, "--limit", min=1, max=20_000, help="Jumlah balasan."),
    since: str | None = typer.Option(None, "--since", help="Dari tanggal (TTTT-BB-HH)."),
    until: str | None = typer.Option(None, "--until", help="Sampai sebelum tanggal ini."),
) -> None:
    """Tulis lembar berisi balasan yang paling tidak yakin ditebak model, siap diberi label."""
    from nlp.labelling import pick_for_labelling, write_sheet

    settings = state.settings()
    tz = settings.tz
    start, end = _day(since, "--since"), _day(until, "--until")
    with state.store().session() as s:
        rows = pick_for_labelling(
            s,
            limit,
            datetime.combine(start, time(), tz) if start else None,
            datetime.combine(end, time(), tz) if end else None,
            own_handles=settings.own_handles(),
        )
    if not rows:
        console.print(
            "Tidak ada balasan yang bisa dilabeli: semua sudah berlabel, atau belum dianalisis "
            "(jalankan `pantau analyze` dulu).",
            highlight=False,
        )
        return
    write_sheet(out, rows, tz)
    languages: dict[str, int] = {}
    for r in rows:
        languages[r.language] = languages.get(r.language, 0) + 1
    spread = ", ".join(f"{k} {v}" for k, v in sorted(languages.items()))
    console.print(f"{len(rows)} balasan ditulis ke {out} ({spread}).", highlight=False)
    console.print(
        "Isi kolom 'label' dengan positif, netral atau negatif (kosongkan bila ragu): sikap "
        "terhadap pemilu, KPU atau prosesnya; pertanyaan biasa = netral; keluhan, ketidakpercayaan "
        "atau ejekan = negatif. Lalu: pantau label import "
        f"{out} --by NAMA. Lembar ini berisi balasan warga: jangan disebarkan.",
        highlight=False,
    )


@label_app.command("import")
def import_cmd(
    sheet: Path = typer.Argument(..., help="Lembar CSV yang sudah diisi."),
    by: str = typer.Option(
        ..., "--by", help="Nama atau inisial pelabel (disimpan bersama label)."
    ),
) -> None:
    """Simpan label dari lembar yang sudah diisi (mengimpor ulang tidak menggandakan)."""
    from nlp.labelling import read_sheet, save_labels

    labeller = by.strip()[:64]
    if not labeller:
        raise InputFileError("--by tidak boleh kosong.", hint="Contoh: --by tim-media-ani")
    parsed = read_sheet(sheet)
    with state.store().session() as s:
        saved = save_labels(s, parsed.labels, labeller)
    console.print(
        f"{sheet}: {saved.new} label baru, {saved.changed} diubah, {saved.unchanged} sama seperti "
        f"sebelumnya, {parsed.blank} baris kosong dilewati, {len(parsed.problems)} baris "
        f"bermasalah, {len(saved.unknown_items)} id tidak ada di basis data.",
        highlight=False,
    )
    for problem in parsed.problems[:20]:
        console.print(f"  {problem}", highlight=False)
    if saved.unknown_items:
        shown = ", ".join(str(i) for i in saved.unknown_items[:10])
        console.print(
            f"  id tidak dikenal: {shown} (lembar dari basis data lain?)", highlight=False
        )
    if (parsed.problems or saved.unknown_items) and not (
        saved.new or saved.changed or saved.unchanged
    ):
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    app.add_typer(label_app, name="label")
