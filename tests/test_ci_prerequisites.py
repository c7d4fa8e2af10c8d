"""In CI a missing prerequisite (../shared, PostgreSQL, the transformers extra) fails the run;
on a developer's machine the check is skipped with the reason."""

from __future__ import annotations

import pytest

from tests.conftest import skip_unless_ci


def test_a_missing_prerequisite_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run this check: no shared"):
        skip_unless_ci("no shared")


def test_a_missing_prerequisite_is_skipped_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no shared"):
        skip_unless_ci("no shared")
