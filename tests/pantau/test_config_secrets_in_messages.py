"""A token or password typed into pantau.yaml is never printed back by a validation message.

The message still names the file, the line and the key, and says to move the value to .env.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from core.config_file import StrictModel
from core.config_secrets import looks_random, mask_secrets
from core.errors import ConfigError
from pantau.settings import _describe_error, load_settings

TOKEN = "EAABsbCS1iHgBAKZBZAZCxyz0123456789abcdEFGHqrs"  # shaped like a Meta access token
PASSWORD = "Sup3r-Rahasia-77"


def _error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "pantau.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    return str(info.value)


def test_a_token_where_a_number_belongs_is_not_echoed(tmp_path: Path) -> None:
    message = _error(tmp_path, f"api:\n  monthly_budget_usd: {TOKEN}\n")
    assert TOKEN not in message and TOKEN[:12] not in message
    assert "pantau.yaml:2:" in message and "api.monthly_budget_usd" in message
    assert "***" in message and ".env" in message


def test_a_token_in_a_value_a_validator_quotes_is_not_echoed(tmp_path: Path) -> None:
    message = _error(tmp_path, f"timezone: '{TOKEN}'\n")
    assert TOKEN not in message and "zona waktu tidak dikenal" in message


def test_a_password_in_a_url_is_masked_and_the_rest_kept(tmp_path: Path) -> None:
    # The ":" after the scheme is missing: the URL is rejected and shown, without its password.
    message = _error(tmp_path, f"database_url: 'postgresql+psycopg//pantau:{PASSWORD}@db/p'\n")
    assert PASSWORD not in message
    assert "postgresql+psycopg//pantau:***@db/p" in message and "database_url" in message


def test_a_value_under_a_secret_name_is_never_shown() -> None:
    class MailSettings(StrictModel):
        smtp_password: int

    with pytest.raises(ValidationError) as info:
        MailSettings.model_validate({"smtp_password": "hunter2"})
    (err,) = info.value.errors()
    message = _describe_error(err, Path("pantau.yaml"), None)
    assert "hunter2" not in message
    assert "kunci 'smtp_password'" in message and "***" in message


def test_ordinary_values_are_still_shown(tmp_path: Path) -> None:
    message = _error(tmp_path, "timezone: Asia/Jember\n")
    assert "'Asia/Jember'" in message and "***" not in message
    message = _error(tmp_path, "report:\n  baseline_path: [a]\n  out_dir: 7\n")
    assert "***" not in message


@pytest.mark.parametrize(
    "word",
    [
        TOKEN,
        "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",  # a Telegram bot token
        "3f9a1c7e2b4d5e6f708192a3b4c5d6e7",  # a hex key
        "AAAAAAAAAAAAAAAAAAAAAMLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUifiRBkKG5E2",
    ],
)
def test_generated_tokens_look_random(word: str) -> None:
    assert looks_random(word) and mask_secrets(f"nilai {word} salah") == "nilai *** salah"


@pytest.mark.parametrize(
    "word",
    [
        "/home/kpu/pantau/laporan2024/minggu47",
        "postgresql+psycopg://pantau@db.kpu-jember.go.id:5432/pantau",
        "pemutakhiran_data_pemilih_berkelanjutan",
        "100123456789012345678",
        "mailto://humas:${PANTAU_SMTP_PASSWORD}@smtp.example.org",
    ],
)
def test_words_paths_hosts_ids_and_references_do_not(word: str) -> None:
    assert mask_secrets(word) == word
