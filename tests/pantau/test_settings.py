"""Config validation: every error names the file, the key, the bad value and what is expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ConfigError
from pantau.settings import load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pantau.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_default_config_is_valid() -> None:
    settings = load_settings()
    assert settings.timezone == "Asia/Jakarta"
    assert settings.api.graph_version.startswith("v")
    assert "meta_business_suite" in settings.import_profiles


def test_malformed_yaml_names_line(tmp_path: Path) -> None:
    path = write(tmp_path, "timezone: Asia/Jakarta\nsources:\n  - name: x\n   platform: x\n")
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert "pantau.yaml" in err.value.message and "baris 4" in err.value.message


def test_unknown_key_is_rejected_with_line(tmp_path: Path) -> None:
    path = write(tmp_path, "timezone: Asia/Jakarta\napi:\n  timeout_secs: 5\n")
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert "api.timeout_secs" in err.value.message
    assert "tidak dikenal" in err.value.message
    assert f"{path}:3" in err.value.message


def test_wrong_type_names_value_and_expectation(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "sources:\n  - name: fb_kpu\n    platform: facebook\n    account_id: '1'\n"
        "    page_size: banyak\n",
    )
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    msg = err.value.message
    assert "sources.0.page_size" in msg and "'banyak'" in msg and "bilangan bulat" in msg
    assert f"{path}:5" in msg


def test_bad_stream_and_timezone_and_duplicate_sources(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "timezone: Asia/Jember\nsources:\n"
        "  - {name: a1, platform: x, account_id: '1', streams: [likes]}\n",
    )
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert "zona waktu tidak dikenal" in err.value.message
    assert "stream ['likes']" in err.value.message
    path = write(
        tmp_path,
        "sources:\n  - {name: a1, platform: x, account_id: '1'}\n"
        "  - {name: a1, platform: facebook, account_id: '2'}\n",
    )
    with pytest.raises(ConfigError, match="ganda"):
        load_settings(path)


def test_sources_get_platform_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, "sources:\n  - {name: x_kpu, platform: x, account_id: '42'}\n")
    src = load_settings(path).source("x_kpu")
    assert src.streams == ["own_posts", "mentions", "conversations"]
    assert src.token_env == "PANTAU_X_BEARER_TOKEN"


def test_relative_sqlite_path_is_beside_the_config(tmp_path: Path) -> None:
    path = write(tmp_path, "database_url: sqlite:///data/p.db\n")
    assert load_settings(path).resolved_database_url() == f"sqlite:///{tmp_path / 'data/p.db'}"


def test_env_reference_must_be_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "database_url: postgresql://pantau:${PANTAU_DB_PW}@127.0.0.1/p\n")
    monkeypatch.delenv("PANTAU_DB_PW", raising=False)
    with pytest.raises(ConfigError, match="PANTAU_DB_PW"):
        load_settings(path).resolved_database_url()
    monkeypatch.setenv("PANTAU_DB_PW", "rahasia")
    assert "rahasia" in load_settings(path).resolved_database_url()


def test_dotenv_beside_config_is_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PANTAU_DB_PW", raising=False)
    path = write(tmp_path, "database_url: postgresql://p:${PANTAU_DB_PW}@127.0.0.1/p\n")
    (tmp_path / ".env").write_text("PANTAU_DB_PW=dari-dotenv\n", encoding="utf-8")
    assert "dari-dotenv" in load_settings(path).resolved_database_url()
    monkeypatch.delenv("PANTAU_DB_PW", raising=False)  # load_dotenv wrote it to os.environ


def test_empty_and_non_mapping_files(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, "")).timezone == "Asia/Jakarta"
    with pytest.raises(ConfigError, match="pemetaan"):
        load_settings(write(tmp_path, "- a\n- b\n"))
    with pytest.raises(ConfigError, match="tidak ditemukan"):
        load_settings(tmp_path / "nope.yaml")


def test_report_day_may_be_written_in_indonesian(tmp_path: Path) -> None:
    path = tmp_path / "pantau.yaml"
    for written, meant in (("senin", "monday"), ("Jumat", "friday"), ("minggu", "sunday")):
        path.write_text(f"schedule:\n  weekly_report_day: {written}\n", encoding="utf-8")
        assert load_settings(path).schedule.weekly_report_day == meant
    path.write_text("schedule:\n  weekly_report_day: senen\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_settings(path)


@pytest.mark.parametrize(
    ("yaml_text", "said"),
    [
        ("api:\n  timeout_seconds: 900\n", "paling besar 300"),
        ("api:\n  max_retries: banyak\n", "harus bilangan bulat"),
        ("schedule:\n  weekly_report_time: '7 pagi'\n", "bentuknya tidak sesuai"),
        ("privacy:\n  store_author_handles: mungkin\n", "harus true atau false"),
        ("nlp:\n  sentiment_backend: bert\n", "harus salah satu dari: 'linear' atau"),
        ("nlp:\n  poorly_handled_languages: [xx]\n", "kode bahasa tidak dikenal"),
        ("sources: {}\n", "harus berupa daftar"),
    ],
)
def test_validation_messages_are_indonesian(tmp_path: Path, yaml_text: str, said: str) -> None:
    path = tmp_path / "pantau.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    message = err.value.message
    assert said in message, message
    for english in ("Input should", "should be", "must be", "unknown", "Field required"):
        assert english not in message, message
