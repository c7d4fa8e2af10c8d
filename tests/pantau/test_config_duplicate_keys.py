"""A key written twice in pantau.yaml is an error naming both lines (PyYAML keeps the last).

Without the check, a second ``alerts:`` block lower in the file silently replaced the first
one, channels and all, and a channel written twice kept only its second URL.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config_file import read_yaml
from core.errors import ConfigError
from pantau.settings import load_settings


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pantau.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path) -> str:
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    return info.value.message


def test_a_top_level_key_twice_names_the_key_and_both_lines(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "timezone: Asia/Jakarta\n"
        "alerts:\n"
        "  channels:\n"
        "    email: 'json://127.0.0.1:9/a'\n"
        "schedule:\n"
        "  collect_every_minutes: 15\n"
        "alerts:\n"
        "  default_channels: []\n",
    )
    message = _error(path)
    assert f"{path}:7:" in message
    assert "kunci 'alerts' ditulis dua kali" in message
    assert "baris 2 dan baris 7" in message


def test_a_nested_key_twice_is_named_by_its_full_path(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "alerts:\n"
        "  channels:\n"
        "    email: 'json://127.0.0.1:9/a'\n"
        "    'email': 'json://127.0.0.1:9/b'\n",
    )
    message = _error(path)
    assert f"{path}:4:" in message
    assert "'alerts.channels.email'" in message and "baris 3 dan baris 4" in message


def test_a_key_twice_inside_a_list_item_is_named_with_its_index(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "sources:\n"
        "  - {name: x_kpu, platform: x, account_id: '1'}\n"
        "  - name: fb_kpu\n"
        "    platform: facebook\n"
        "    account_id: '2'\n"
        "    account_id: '3'\n",
    )
    message = _error(path)
    assert "'sources.1.account_id'" in message and "baris 5 dan baris 6" in message


def test_merge_keys_and_keys_of_different_types_are_not_duplicates(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "base: &base\n  a: 1\n  b: 2\n"
        "derived:\n  <<: *base\n  a: 10\n"  # overriding a merged key is what merges are for
        "numbers:\n  1: satu\n  '1': string satu\n",
    )
    data, _node = read_yaml(path)
    assert data["derived"] == {"a": 10, "b": 2}
    assert data["numbers"] == {1: "satu", "1": "string satu"}


def test_shipped_and_generated_configs_have_no_duplicate_keys() -> None:
    from core.paths import default_config_file

    load_settings(default_config_file())  # raises on a duplicate
