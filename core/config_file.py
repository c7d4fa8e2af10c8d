"""Reading the YAML config file with positions, so errors can name the line of a bad key."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from core.errors import ConfigError

_ENV_REF = re.compile(r"\$\{([A-Z0-9_]+)\}")


def read_yaml(path: Path) -> tuple[dict[str, Any], yaml.Node | None]:
    """Parse ``path``; return the mapping and its node tree (for line numbers)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise ConfigError(
            f"Berkas konfigurasi tidak ditemukan: {path}",
            "Buat konfigurasi baru dengan `pantau init DIR` atau beri jalur dengan --config.",
        ) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: berkas konfigurasi bukan teks UTF-8 (bita ke-{exc.start})",
            "Simpan ulang berkas sebagai UTF-8.",
        ) from exc
    except OSError as exc:
        raise ConfigError(f"{path}: tidak dapat dibaca ({exc.strerror})") from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" baris {mark.line + 1}, kolom {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(
            f"{path}:{where}: YAML tidak valid ({problem})",
            "Periksa indentasi (spasi, bukan tab) dan tanda titik dua setelah setiap kunci.",
        ) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"{path}: isi konfigurasi harus berupa pemetaan kunci: nilai, "
            f"bukan {type(data).__name__}"
        )
    return data, node


def line_of(node: yaml.Node | None, loc: tuple[str | int, ...]) -> int | None:
    """1-based line of the value at ``loc`` (a pydantic error location), if it can be found."""
    current = node
    line: int | None = current.start_mark.line + 1 if current is not None else None
    for part in loc:
        if isinstance(current, yaml.MappingNode):
            found = None
            for key_node, value_node in current.value:
                if key_node.value == str(part):
                    found = (key_node, value_node)
                    break
            if found is None:
                return line
            line = found[0].start_mark.line + 1
            current = found[1]
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(current.value):
                return line
            current = current.value[part]
            line = current.start_mark.line + 1
        else:
            return line
    return line


def expand_env(value: Any, environ: Mapping[str, str] | None = None) -> Any:
    """Replace ``${VAR}`` in strings by the environment variable, recursively.

    Secrets live in the environment; the YAML only names them, so the file can be shared.
    """
    env = os.environ if environ is None else environ
    if isinstance(value, str):

        def repl(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in env:
                raise ConfigError(
                    f"Variabel lingkungan ${{{name}}} dipakai di konfigurasi tetapi tidak diset",
                    f"Set {name} di lingkungan atau di berkas .env di samping konfigurasi.",
                )
            return env[name]

        return _ENV_REF.sub(repl, value)
    if isinstance(value, dict):
        return {k: expand_env(v, env) for k, v in value.items()}
    if isinstance(value, list):
        return [expand_env(v, env) for v in value]
    return value


class StrictModel(BaseModel):
    """Base of every YAML section model: an unknown key is an error, defaults are validated."""

    model_config = ConfigDict(extra="forbid", validate_default=True)
