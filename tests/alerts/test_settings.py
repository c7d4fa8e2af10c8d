"""The alerts section of pantau.yaml: bad channel URLs and unknown rules fail at load."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ConfigError
from core.paths import default_config_file
from pantau.settings import load_settings


def _load(tmp_path: Path, alerts_yaml: str) -> object:
    path = tmp_path / "pantau.yaml"
    path.write_text("timezone: Asia/Jakarta\nalerts:\n" + alerts_yaml, encoding="utf-8")
    return load_settings(path)


def _error(tmp_path: Path, alerts_yaml: str) -> str:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, alerts_yaml)
    return info.value.message


def test_shipped_config_has_a_valid_alerts_section() -> None:
    settings = load_settings(default_config_file())
    text = default_config_file().read_text(encoding="utf-8")
    assert "alerts:" in text
    assert settings.alerts.rules.misinformation.enabled
    assert settings.alerts.quiet_hours.digest_time


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("foo://bar", "skema 'foo://' tidak didukung"),
        ("ops@example.org", "bukan URL"),
        ("discord://", "tidak dapat membaca URL"),
        ("file://", "butuh jalur"),
        ("mailto://humas:rahasia123@smtp.example.org", "kata sandi tertulis langsung"),
    ],
)
def test_bad_channel_urls_are_rejected_naming_the_channel(
    tmp_path: Path, url: str, expected: str
) -> None:
    message = _error(tmp_path, f"  channels:\n    tim_media: '{url}'\n")
    assert "alerts.channels" in message and "tim_media" in message and expected in message
    assert "pantau.yaml:3:" in message  # the file and line of the key
    assert "rahasia123" not in message  # a literal password is not echoed back


def test_unknown_rule_name_is_rejected_with_the_known_names(tmp_path: Path) -> None:
    message = _error(tmp_path, "  rules:\n    misinfo:\n      enabled: true\n")
    assert "alerts.rules" in message and "misinfo" in message and "misinformation" in message


def test_unknown_rule_option_and_unknown_channel_reference(tmp_path: Path) -> None:
    message = _error(tmp_path, "  rules:\n    golput_cluster:\n      min_cont: 3\n")
    assert "alerts.rules.golput_cluster.min_cont" in message
    message = _error(
        tmp_path,
        "  channels:\n    email: 'json://127.0.0.1:9/x'\n  rules:\n    misinformation:\n"
        "      channels: [telegram]\n",
    )
    assert "rules.misinformation.channels" in message and "telegram" in message


def test_env_references_are_accepted_at_load_and_not_expanded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PANTAU_TG_TOKEN", raising=False)
    settings = _load(
        tmp_path,
        "  channels:\n    telegram: 'tgram://${PANTAU_TG_TOKEN}/12345'\n"
        "    email: 'mailto://127.0.0.1:2525?from=noreply@example.com&to=ops@example.org'\n",
    )
    assert settings.alerts.channels["telegram"] == "tgram://${PANTAU_TG_TOKEN}/12345"  # type: ignore[attr-defined]
    assert settings.alerts.channels_for("misinformation") == ["telegram", "email"]  # type: ignore[attr-defined]


def test_digest_time_inside_quiet_hours_is_rejected(tmp_path: Path) -> None:
    message = _error(
        tmp_path, "  quiet_hours:\n    start: '22:00'\n    end: '06:00'\n    digest_time: '05:00'\n"
    )
    assert "digest_time" in message and "05:00" in message


def test_shipped_config_documents_the_turnout_and_analysis_rules() -> None:
    """The defaults in the template are the model's, and every new key is written there."""
    from alerts.settings import AnalysisFailuresRule, BarrierRiseRule

    settings = load_settings(default_config_file())
    text = default_config_file().read_text(encoding="utf-8")
    rules = settings.alerts.rules
    assert rules.barrier_rise == BarrierRiseRule()
    assert rules.analysis_failures == AnalysisFailuresRule()
    for key in ("barrier_rise:", "analysis_failures:", "min_count_kecamatan:", "windows:",
                "Batas pindah memilih karena keadaan tertentu (H-7)"):
        assert key in text, key


def test_barrier_windows_are_checked_at_load(tmp_path: Path) -> None:
    message = _error(tmp_path, "  rules:\n    barrier_rise:\n      windows:\n"
                               "        merantau: [{stage: pemutakhiran_data}]\n")
    assert "alerts.rules.barrier_rise.windows" in message and "merantau" in message
    message = _error(tmp_path, "  rules:\n    barrier_rise:\n      windows:\n"
                               "        away_from_home: []\n")
    assert "away_from_home tanpa batas waktu" in message
    settings = _load(tmp_path, "  rules:\n    barrier_rise:\n      windows:\n"
                               "        no_invitation: [{stage: pemungutan_suara}]\n")
    windows = settings.alerts.rules.barrier_rise.windows  # type: ignore[attr-defined]
    assert list(windows) == ["no_invitation"]


def test_every_rule_has_an_indonesian_name_in_alerts_list() -> None:
    from alerts.settings import RulesSettings
    from pantau.cli.alerts_cmds import RULE_LABEL

    assert set(RULE_LABEL) == set(RulesSettings.model_fields)
