"""A coursekit server behind the docker socket: what the engine backend does differently.

``coursekit serve`` is the simulator, so the host it runs is simulated too: the engine
backend runs host commands (``ip addr``, ``iptables -S``, ``ip netns add``...) on that
host directly (``POST /coursekit/host/exec``) instead of in a helper container that has
neither the tools nor the rights, and ``reset`` starts the whole lab over
(``POST /coursekit/reset``): a served lab belongs to one learner, terminal and notebooks.
The server says what it is in ``docker info``'s labels (``io.coursekit.server=1``).
"""

from __future__ import annotations

from docker import APIClient

from coursekit.backends.base import SERVER_LABEL
from coursekit.result import CommandResult

HOST_EXEC = "/coursekit/host/exec"
RESET = "/coursekit/reset"


def is_served(api: APIClient) -> bool:
    """Is this engine ``coursekit serve``?"""
    return SERVER_LABEL in (api.info().get("Labels") or ())


def host_exec(api: APIClient, argv: tuple[str, ...]) -> CommandResult:
    """ARGV on the served lab's simulated host."""
    response = api.post(api.base_url + HOST_EXEC, json={"Cmd": list(argv)})
    response.raise_for_status()
    answer = response.json()
    return CommandResult(answer["Stdout"], answer["Stderr"], int(answer["ExitCode"]))


def reset(api: APIClient) -> None:
    """Start the served lab over."""
    api.post(api.base_url + RESET).raise_for_status()
