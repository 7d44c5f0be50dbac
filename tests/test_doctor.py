"""``coursekit doctor`` names the engine profile the simulator answers as."""

from __future__ import annotations

import pytest

from coursekit.__main__ import doctor_lines


def test_doctor_names_the_default_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    """On the simulator: the 28.5 profile, with the engine and CLI versions it answers as."""
    monkeypatch.setenv("COURSEKIT_BACKEND", "sim")
    monkeypatch.delenv("COURSEKIT_ENGINE", raising=False)
    lines = doctor_lines()
    assert any(line.startswith("simulator profile: 28.5 (Docker Engine 28.5.2+dfsg4, CLI 28.5.2")
               for line in lines)
    assert not any(line.startswith("engine: ") for line in lines)


def test_doctor_follows_coursekit_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """COURSEKIT_ENGINE=20.10 makes the simulator Debian 12's engine behind CLI 28.2.2."""
    monkeypatch.setenv("COURSEKIT_BACKEND", "sim")
    monkeypatch.setenv("COURSEKIT_ENGINE", "20.10")
    assert ("simulator profile: 20.10 (Docker Engine 20.10.24+dfsg1, CLI 28.2.2); "
            "COURSEKIT_ENGINE=28.5|20.10 chooses") in doctor_lines()
