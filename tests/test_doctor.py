"""``coursekit doctor`` names the engine profile the simulator answers as; ``coursekit reset``
says what it reset, or why it could not."""

from __future__ import annotations

import pytest
from engine_support import CANNOT

from coursekit.__main__ import doctor_lines, main


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




def test_reset_on_the_simulator_says_there_is_nothing_to_reset(
        no_daemon: None, capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    """`coursekit reset` without an engine prints the backend line once (not logged as
    well) and says that the simulator keeps nothing between runs."""
    assert main(["reset"]) == 0
    out, err = capsys.readouterr()
    assert out == (f"coursekit: no Docker Engine reachable ({CANNOT}); using the simulated "
                   "Docker Engine 28.5.2+dfsg4\n"
                   "reset: nothing to do: the simulator keeps nothing between runs\n")
    assert err == "" and caplog.records == []


def test_reset_on_an_unreachable_engine_fails_with_the_clis_words(
        no_daemon: None, capsys: pytest.CaptureFixture[str]) -> None:
    """`coursekit reset --backend docker` with no daemon exits 1 with the CLI's message,
    not a traceback."""
    assert main(["reset", "--backend", "docker"]) == 1
    out, err = capsys.readouterr()
    assert out == f"coursekit: the Docker Engine is not reachable ({CANNOT})\n"
    assert err == f"coursekit reset: {CANNOT}\n"
