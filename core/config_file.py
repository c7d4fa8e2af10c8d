"""Reading the YAML config file with positions, so errors can name the line of a bad key.

The file is read with :class:`UniqueKeyLoader`: a key written twice in one mapping is an error
naming both lines, where PyYAML on its own silently keeps the last one (a second ``alerts:``
further down would drop the first one's channels without a word).
"""

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
_MERGE_TAG = "tag:yaml.org,2002:merge"


class DuplicateKeyError(yaml.MarkedYAMLError):
    """One mapping holds the same key twice; both positions are kept for the message."""

    def __init__(self, key: str, first: yaml.Mark, second: yaml.Mark) -> None:
        super().__init__(
            context=f"kunci '{key}' pertama kali ditulis di sini",
            context_mark=first,
            problem=f"kunci '{key}' ditulis lagi",
            problem_mark=second,
        )
        self.key = key
        self.first = first
        self.second = second


class UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a mapping holding the same key twice.

    Checked as each mapping node is composed, before merge keys (``<<: *base``) are applied,
    so a key that overrides a merged one is not taken for a duplicate. Keys are compared as
    YAML sees them (``a`` and ``'a'`` are the same key, ``1`` and ``'1'`` are not).
    """

    # ``anchor`` is the node's anchor name or None (types-PyYAML declares it as a dict).
    def compose_mapping_node(self, anchor: Any) -> yaml.MappingNode:
        node = super().compose_mapping_node(anchor)
        seen: dict[tuple[str, str], yaml.Node] = {}
        for key_node, _value in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE_TAG:
                continue
            ident = (key_node.tag, key_node.value)
            if ident in seen:
                raise DuplicateKeyError(key_node.value, seen[ident].start_mark,
                                        key_node.start_mark)
            seen[ident] = key_node
        return node


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
        node = yaml.compose(text, Loader=UniqueKeyLoader)
        data = yaml.load(text, Loader=UniqueKeyLoader)  # a SafeLoader: no arbitrary objects
    except DuplicateKeyError as exc:
        first, second = exc.first.line + 1, exc.second.line + 1
        key = ".".join(_key_path(text, exc.second) or (exc.key,))
        raise ConfigError(
            f"{path}:{second}: kunci '{key}' ditulis dua kali (baris {first} dan baris "
            f"{second}); hanya satu yang boleh ada, sebab yang terakhir akan menimpa yang "
            "pertama tanpa peringatan",
            "Hapus salah satu, atau gabungkan isinya di bawah satu kunci.",
        ) from exc
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


def _key_path(text: str, mark: yaml.Mark) -> tuple[str, ...] | None:
    """The dotted location of the key written at ``mark`` (``alerts.channels.email``)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)  # composes, keeps duplicates
    except yaml.YAMLError:
        return None
    pending: list[tuple[yaml.Node | None, tuple[str, ...]]] = [(root, ())]
    visited: set[int] = set()
    while pending:
        node, where = pending.pop()
        if node is None or id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                here = (*where, str(key_node.value))
                if key_node.start_mark.index == mark.index:
                    return here
                pending.append((value_node, here))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend((item, (*where, str(i))) for i, item in enumerate(node.value))
    return None


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


def escapes_base(path: str | Path) -> bool:
    """Whether a relative ``path`` leads out of the folder it is relative to (``../../etc``).

    Judged on the text alone, symlinks not followed: the rule is about what the config says,
    and an absolute path (or ``~``) is always taken as meant, so it is never said to escape.
    """
    candidate = Path(path).expanduser()
    if candidate.is_absolute():
        return False
    normal = os.path.normpath(candidate)
    return normal == os.pardir or normal.startswith(os.pardir + os.sep)


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
