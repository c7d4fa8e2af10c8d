"""Pydantic's validation errors in Indonesian, for the config loader and the calendar loader.

Pydantic writes "Input should be less than or equal to 300"; the media team reads Indonesian.
Each error type the config models can raise gets its own sentence, filled from the error's
``ctx``; our own validators already write Indonesian (``value_error``), and an unknown type
falls back to a general sentence with pydantic's text in brackets, so nothing is hidden.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_BY_TYPE: dict[str, str] = {
    "missing": "wajib diisi",
    "extra_forbidden": "kunci tidak dikenal (salah ketik?)",
    "literal_error": "harus salah satu dari: {expected}",
    "enum": "harus salah satu dari: {expected}",
    "int_parsing": "harus bilangan bulat",
    "int_type": "harus bilangan bulat",
    "int_from_float": "harus bilangan bulat (tanpa pecahan)",
    "float_parsing": "harus angka",
    "float_type": "harus angka",
    "bool_parsing": "harus true atau false",
    "bool_type": "harus true atau false",
    "string_type": "harus teks",
    "string_too_short": "terlalu pendek (paling sedikit {min_length} karakter)",
    "string_too_long": "terlalu panjang (paling banyak {max_length} karakter)",
    "string_pattern_mismatch": "bentuknya tidak sesuai (pola {pattern})",
    "greater_than": "harus lebih besar dari {gt}",
    "greater_than_equal": "paling kecil {ge}",
    "less_than": "harus lebih kecil dari {lt}",
    "less_than_equal": "paling besar {le}",
    "too_short": "terlalu sedikit isinya (paling sedikit {min_length})",
    "too_long": "terlalu banyak isinya (paling banyak {max_length})",
    "list_type": "harus berupa daftar (- satu per baris)",
    "dict_type": "harus berupa pemetaan kunci: nilai",
    "model_type": "harus berupa pemetaan kunci: nilai",
    "model_attributes_type": "harus berupa pemetaan kunci: nilai",
    "date_parsing": "harus tanggal berbentuk TTTT-BB-HH",
    "date_from_datetime_parsing": "harus tanggal berbentuk TTTT-BB-HH",
    "date_type": "harus tanggal berbentuk TTTT-BB-HH",
    "datetime_parsing": "harus tanggal dan jam, mis. 2024-11-27T07:00:00+07:00",
    "datetime_from_date_parsing": "harus tanggal dan jam, mis. 2024-11-27T07:00:00+07:00",
    "time_parsing": "harus jam berbentuk JJ:MM",
    "url_parsing": "harus alamat URL yang sah",
    "path_type": "harus jalur berkas",
}


def indonesian_message(error: Mapping[str, Any]) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) as an Indonesian phrase."""
    kind = str(error.get("type", ""))
    message = str(error.get("msg", ""))
    if kind in ("value_error", "assertion_error"):  # our own validators' words
        return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    template = _BY_TYPE.get(kind)
    if template is None:
        return f"nilai tidak valid ({message})"
    context = {k: _shown(v) for k, v in (error.get("ctx") or {}).items()}
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return template.split(" {", 1)[0].split(": {", 1)[0]


def _shown(value: Any) -> str:
    text = str(value)
    # pydantic lists literal choices as "'a', 'b' or 'c'": keep the values, Indonesian joiner.
    return text.replace(" or ", " atau ")
