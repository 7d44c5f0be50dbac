"""Helpers for tests that compare the simulator with a real engine."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from coursekit import Lab
from coursekit.backends.base import LAB_LABEL
from coursekit.backends.sim.served import ServedSim
from coursekit.profiles import EngineProfile, for_server_version

THIS_MACHINE: dict[str, bool] = {"vlan_links": False, "sctp": False}
"""The kernel of the machines the engines run on here (CI's too): it makes no dummy,
macvlan or ipvlan links and has no SCTP, so ``docker network create -d macvlan`` answers
``operation not supported`` and ``-p 3868:3868/sctp`` fails. Every simulator compared
with those engines (goldens, contract, engine parity) gets this kernel; the lab's default
is a learner's usual Linux, which has both."""

NOWHERE = "unix:///tmp/coursekit-no-daemon.sock"
"""A Docker socket where no daemon listens: the tests of what happens without an engine."""
CANNOT = f"Cannot connect to the Docker daemon at {NOWHERE}. Is the docker daemon running?"


def engine_profile(client: Any) -> EngineProfile:
    """The profile that answers as the engine ``client`` reaches (by its version)."""
    return for_server_version(str(client.version()["Version"]))


@dataclass(frozen=True)
class Alignment:
    """Where an engine's history stands: its profile, the subnet it hands out next, and
    whether its default bridge shows a Gateway (20.10 shows it only when docker0 already
    existed as the daemon started)."""

    profile: EngineProfile
    subnet: str
    gateway: bool

    def backend(self) -> ServedSim:
        """A fresh simulator of the engine's profile (the one Labs and ``coursekit serve``
        use), in step with that history: its next subnet is the one the engine hands out
        next, its default bridge as the engine's."""
        backend = ServedSim(profile=self.profile, **THIS_MACHINE)
        backend.follow_pool_cursor(self.subnet)
        backend.follow_default_bridge(self.gateway)
        return backend


def alignment(client: Any) -> Alignment:
    """The engine's :class:`Alignment` now (a probe network is made and removed: on 20.10,
    whose pools go round, that moves its cursor on by one)."""
    probe = client.networks.create(f"coursekit-probe-{uuid.uuid4().hex[:8]}",
                                   labels={LAB_LABEL: "contract-probe"})
    try:
        subnet = probe.attrs["IPAM"]["Config"][0]["Subnet"]
    finally:
        probe.remove()
    bridge = client.networks.get("bridge").attrs["IPAM"]["Config"][0]
    return Alignment(engine_profile(client), subnet, "Gateway" in bridge)


def aligned_sim(client: Any) -> Lab:
    """A Lab on a fresh simulator in step with the engine now (:class:`Alignment`)."""
    return Lab.using(alignment(client).backend())
