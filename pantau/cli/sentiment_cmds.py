"""CLI: ``pantau train sentiment`` and ``pantau eval sentiment`` (thin shell over ``nlp``)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from core.errors import InputFileError

REPO_ROOT = Path(__file__).resolve().parents[2]
console = Console()

train_app = typer.Typer(
    help="Melatih model NLP (tindakan pengembang/pemelihara).", no_args_is_help=True
)
eval_app = typer.Typer(help="Mengevaluasi model NLP pada data berlabel.", no_args_is_help=True)


class Backend(StrEnum):
    linear = "linear"
    transformers = "transformers"


@train_app.command("sentiment")
def train_sentiment(
    backend: Backend = typer.Option(Backend.linear, "--backend", help="linear atau transformers"),
    data_dir: Path | None = typer.Option(
        None,
        "--data-dir",
        help="Folder data latih bertata letak shared (bawaan: $PANTAU_TRAIN_DATA, lalu "
        "../shared/data di samping repo).",
    ),
    data: list[Path] = typer.Option(
        [], "--data", help="Berkas CSV/JSONL berlabel tambahan (boleh diulang)."
    ),
    base_model: Path | None = typer.Option(
        None, "--base-model", help="Folder model dasar lokal untuk backend transformers."
    ),
    out: Path | None = typer.Option(None, "--out", help="Lokasi model hasil latihan."),
    seed: int = typer.Option(13, "--seed", help="Benih acak (hasil dapat diulang)."),
    epochs: int = typer.Option(3, "--epochs", help="Jumlah epoch (transformers)."),
    rebuild_resources: bool = typer.Option(
        False,
        "--rebuild-resources",
        help="Bangun ulang daftar kata di nlp/resources dari folder data latih.",
    ),
    labels: bool = typer.Option(
        False,
        "--labels",
        help="Tambahkan label tim dari basis data (pantau label import) sebagai data latih.",
    ),
) -> None:
    """Latih model sentimen: linear (bawaan) atau fine-tuning model transformers."""
    stored = _labels_as_file() if labels else None
    if stored is not None:
        data = [*data, stored]
    try:
        if backend is Backend.transformers:
            _train_transformers(data, data_dir, base_model, out, seed, epochs)
        else:
            _train_linear(data, data_dir, out, seed, rebuild_resources)
    finally:
        if stored is not None:
            stored.unlink(missing_ok=True)


def _train_linear(
    data: list[Path], data_dir: Path | None, out: Path | None, seed: int, rebuild: bool
) -> None:
    from nlp.sentiment_data import resolve_data_dir
    from nlp.sentiment_linear import DEFAULT_MODEL_PATH, LinearSentimentModel
    from nlp.train_sentiment import evaluate_valid_splits, train_linear

    folder = resolve_data_dir(data_dir, REPO_ROOT)
    if rebuild:
        from nlp.sentiment_resources import build_all

        console.print(f"Membangun ulang daftar kata: {build_all(folder)}")
    target = out or DEFAULT_MODEL_PATH
    console.print(f"Melatih model linear dari {folder} (seed {seed}) ...")
    summary = train_linear(folder, target, extra_files=data, seed=seed)
    model = LinearSentimentModel.load(target)
    summary["valid_macro_f1"] = {
        k: round(v, 4) for k, v in evaluate_valid_splits(model, folder).items()
    }
    console.print_json(json.dumps(summary))
    console.print(f"[green]Model disimpan:[/] {target}")


def _train_transformers(
    data: list[Path],
    data_dir: Path | None,
    base_model: Path | None,
    out: Path | None,
    seed: int,
    epochs: int,
) -> None:
    from nlp.sentiment_data import load_labelled_file, resolve_data_dir
    from nlp.train_sentiment import build_training_pool
    from nlp.transformers_backend import fine_tune

    if base_model is None:
        raise InputFileError(
            "--base-model wajib untuk backend transformers.",
            hint="Berikan folder model lokal, misalnya ./models/indobert.",
        )
    if data:
        rows = [row for path in data for row in load_labelled_file(path)]
    else:
        rows = build_training_pool(resolve_data_dir(data_dir, REPO_ROOT)).rows
    target = out or Path("models") / f"sentiment-{base_model.name}-finetuned"
    console.print(f"Fine-tuning {base_model} pada {len(rows)} contoh ...")
    meta = fine_tune(base_model, rows, target, epochs=epochs, seed=seed)
    console.print_json(json.dumps(meta))
    console.print(f"[green]Model disimpan:[/] {target}")


def _stored_labels() -> list:
    from nlp.labelling import labelled_rows
    from pantau.cli.context import state

    with state.store().session() as s:
        rows = labelled_rows(s)
    if not rows:
        raise InputFileError(
            "Belum ada label sentimen di basis data.",
            hint="Buat lembar dengan `pantau label export`, isi, lalu `pantau label import`.",
        )
    return rows


def _labels_as_file() -> Path:
    """Stored labels written where the trainer reads extra files (a temp CSV)."""
    import tempfile

    from nlp.labelling import write_training_csv

    rows = _stored_labels()
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - must outlive this function
        prefix="pantau-labels-", suffix=".csv", delete=False
    )
    handle.close()
    console.print(f"{len(rows)} label tim dari basis data ikut dilatih.")
    return write_training_csv(rows, Path(handle.name))


def _unseen_labels(model: object) -> list:
    """The team's labels the model was not trained on: scoring a model on what it learnt
    from would overstate it."""
    from nlp.sentiment_data import text_digest, trained_text_digests

    rows = _stored_labels()
    seen = trained_text_digests(model)
    unseen = [r for r in rows if text_digest(r.text) not in seen]
    skipped = len(rows) - len(unseen)
    if skipped:
        typer.echo(
            f"{skipped} dari {len(rows)} label tim dilewati: teksnya dipakai melatih model ini.",
            err=True,
        )
    if not unseen:
        raise InputFileError(
            "Semua label tim sudah dipakai melatih model ini; tidak ada yang bisa dinilai jujur.",
            hint="Beri label balasan baru (`pantau label export`), lalu nilai lagi.",
        )
    return unseen


@eval_app.command("sentiment")
def eval_sentiment(
    data: Path | None = typer.Option(
        None, "--data", help="CSV (text,label[,language]) atau JSONL berlabel."
    ),
    labels: bool = typer.Option(
        False, "--labels", help="Evaluasi pada label tim di basis data (pantau label import)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Keluaran JSON untuk mesin."),
    model: Path | None = typer.Option(
        None,
        "--model",
        help="Berkas model linear (.npz) atau folder model transformers; bawaan: model bawaan.",
    ),
    data_dir: Path | None = typer.Option(
        None, "--data-dir", help="Evaluasi pada split valid NusaX dan SmSA di folder ini."
    ),
) -> None:
    """Cetak presisi/recall/F1 per kelas, macro-F1, matriks kebingungan, dan per bahasa."""
    from nlp.evaluate import classification_report, format_report
    from nlp.sentiment import load_sentiment_model
    from nlp.sentiment_data import load_labelled_file, load_nusax, load_smsa
    from nlp.settings import NLPSettings

    if data is None and data_dir is None and not labels:
        raise InputFileError(
            "Berikan --data FILE, --labels, atau --data-dir untuk split valid.",
            hint="Contoh: pantau eval sentiment --data nlp/data/sentiment_dev.csv",
        )
    if model is not None and model.is_dir():
        settings = NLPSettings(sentiment_backend="transformers", transformers_model=str(model))
    else:
        settings = NLPSettings(linear_model_path=model)
    loaded = load_sentiment_model(settings)
    sets: dict[str, list] = {}
    if data is not None:
        sets[str(data)] = load_labelled_file(data)
    if labels:
        sets["label-tim"] = _unseen_labels(loaded)
    if data_dir is not None:
        sets["nusax-valid"] = load_nusax(data_dir, "valid")
        sets["smsa-valid"] = load_smsa(data_dir, "valid")
    results = {}
    for name, rows in sets.items():
        langs = [r.language for r in rows]
        preds = loaded.predict([r.text for r in rows], None if "unknown" in langs else langs)
        if "unknown" in langs:
            from nlp.language import detect_language

            langs = [detect_language(r.text) for r in rows]
        results[name] = classification_report(
            [r.label for r in rows],
            [p.label for p in preds],
            langs,
            [p.needs_review for p in preds],
        )
    if as_json:
        typer.echo(
            json.dumps(
                {"model": loaded.version, "results": {k: v.to_dict() for k, v in results.items()}},
                indent=2,
            )
        )
        return
    for name, report in results.items():
        typer.echo(format_report(report, title=f"== {name} (model {loaded.version})"))
        typer.echo("")


def register(app: typer.Typer) -> None:
    """Attach ``train`` and ``eval`` command groups to the main app."""
    app.add_typer(train_app, name="train")
    app.add_typer(eval_app, name="eval")
