"""``/coursekit/...``: what coursekit's own engine backend asks of a served lab.

Not part of Docker's API (no docker client sends these): the simulated host's commands
(``POST /coursekit/host/exec`` with ``{"Cmd": [...]}``, answered with ``Stdout``,
``Stderr`` and ``ExitCode``), so a notebook on a served lab reads ``iptables -S`` and
builds ``ip netns`` as one on the simulator does; and ``POST /coursekit/reset``, a fresh
lab (what ``lab.reset()`` and ``coursekit reset`` mean there).
"""

from __future__ import annotations

from coursekit.api.context import Context
from coursekit.api.handlers.containers import NO_CONTENT
from coursekit.api.http import Answer, Request, json_reply
from coursekit.api.routes import RouteSpec
from coursekit.errors import InvalidArgument


def host_exec(ctx: Context, request: Request) -> Answer:
    """Run ``Cmd`` on the simulated host."""
    body = request.json() or {}
    argv = body.get("Cmd") if isinstance(body, dict) else None
    if not isinstance(argv, list) or not argv or not all(isinstance(a, str) for a in argv):
        raise InvalidArgument("Cmd must be a non-empty list of strings")
    result = ctx.call(ctx.backend.host_exec, tuple(argv))
    ctx.changed()
    return json_reply(200, {"Stdout": result.stdout, "Stderr": result.stderr,
                            "ExitCode": result.exit_code})


def reset(ctx: Context, request: Request) -> Answer:
    """Start the lab over (every container and network gone, the seed's first IDs again)."""
    ctx.call(ctx.backend.reset)
    ctx.execs.clear()
    ctx.exit_codes.clear()
    ctx.changed()
    return NO_CONTENT


ROUTES: list[RouteSpec] = [
    ("POST", "/coursekit/host/exec", host_exec),
    ("POST", "/coursekit/reset", reset),
]
