"""Two small agreements with the engines (20-run-stop-flags): ``-p``'s protocol error in
each CLI's words, and ``enable_icc`` read as Go's strconv.ParseBool reads it."""

from __future__ import annotations

import pytest

from coursekit.result import CommandResult
from tests.sim.profile_labs import BOTH, lab


@pytest.mark.parametrize(("engine", "word"), [("28.5", "Invalid"), ("20.10", "invalid")])
@pytest.mark.parametrize("verb", ["run", "create"])
def test_invalid_proto_follows_the_cli(engine: str, word: str, verb: str) -> None:
    """CLI 28.5.2 capitalises ``Invalid proto``, 28.2.2 does not; both keep the case typed."""
    result = lab(engine).sh(f"docker {verb} -p 8080:80/FOO busybox true")
    assert result == CommandResult("", f"docker: {word} proto: FOO\n\nRun 'docker {verb} "
                                   "--help' for more information\n", 125)


@BOTH
@pytest.mark.parametrize("value", ["0", "f", "F", "false", "FALSE", "False"])
def test_icc_off_in_every_spelling(engine: str, value: str) -> None:
    """``enable_icc=0`` (or f, F, FALSE...) drops traffic between the network's containers."""
    made = lab(engine)
    made.sh(f"docker network create -o com.docker.network.bridge.enable_icc={value} n0")
    made.sh("docker run -d --name a1 --network n0 busybox sleep 1d")
    result = made.sh("docker run --rm --network n0 busybox ping -c 1 -W 1 a1")
    assert result.exit_code == 1 and "0 packets received, 100% packet loss" in result.stdout


@BOTH
def test_icc_on_still_reaches(engine: str) -> None:
    """``enable_icc=1``: the ping is answered."""
    made = lab(engine)
    made.sh("docker network create -o com.docker.network.bridge.enable_icc=1 n0")
    made.sh("docker run -d --name a1 --network n0 busybox sleep 1d")
    assert made.sh("docker run --rm --network n0 busybox ping -c 1 -W 1 a1").exit_code == 0
