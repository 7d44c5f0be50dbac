"""Looking into a running container: ``docker exec``, ``docker logs``, ``docker port``.

``docker exec`` passes its argv to the backend unchanged (there is no shell unless
the learner asks for one: ``docker exec u1 sh -c 'ip addr; cat /etc/hosts'``). An
interactive shell (``docker exec -it u1 sh``) needs a terminal the notebook does not
have: the lab checks that the shell exists, then prints a plain note suggesting
one-shot commands instead.
"""

from __future__ import annotations

from coursekit.backends.base import Backend
from coursekit.cli.commands.base import NOTE, daemon_error
from coursekit.cli.flags.grammar import Parsed
from coursekit.cli.render import text as render
from coursekit.errors import DockerError
from coursekit.result import CommandResult

SHELLS = ("sh", "bash", "ash", "dash", "zsh", "ksh")


def _bare_shell(argv: tuple[str, ...]) -> bool:
    """``sh``, ``/bin/bash -l``...: a shell with nothing to run but its prompt."""
    if not argv or argv[0].rsplit("/", 1)[-1] not in SHELLS:
        return False
    return all(a.startswith("-") and "c" not in a for a in argv[1:])


def _shell_note(backend: Backend, ref: str, argv: tuple[str, ...]) -> CommandResult:
    try:
        probe = backend.exec(ref, (argv[0], "-c", "true"))
    except DockerError as err:
        return daemon_error(err)
    if probe.exit_code in (126, 127):
        return probe
    return CommandResult("", f"{NOTE}there is no terminal here for an interactive shell. Run "
                         f"one command at a time instead: docker exec {ref} ip addr (or "
                         f"several: docker exec {ref} sh -c 'ip addr; cat /etc/hosts')\n")


def exec_(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker exec [-d] [-i] [-t] CONTAINER COMMAND [ARG...]``."""
    ref, argv = parsed.args[0], tuple(parsed.args[1:])
    if (parsed.on("interactive") or parsed.on("tty")) and _bare_shell(argv):
        return _shell_note(backend, ref, argv)
    try:
        result = backend.exec(ref, argv)
    except DockerError as err:
        return daemon_error(err)
    return CommandResult() if parsed.on("detach") else result


def _last_lines(text: str, tail: str) -> str:
    if not tail.lstrip("-").isdigit() or int(tail) < 0:
        return text
    lines = text.splitlines(keepends=True)
    return "".join(lines[len(lines) - int(tail):]) if int(tail) else ""


def logs(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker logs [-n N] CONTAINER``: what the main process printed, stdout and stderr."""
    try:
        result = backend.logs(parsed.args[0])
    except DockerError as err:
        return daemon_error(err)
    tail = parsed.last("tail", "all")
    return CommandResult(_last_lines(result.stdout, tail), _last_lines(result.stderr, tail))


def _uint16_error(port: str) -> str | None:
    """Go's strconv.ParseUint(port, 10, 16) error text, or None when it parses."""
    if not port.isdigit():
        return f'strconv.ParseUint: parsing "{port}": invalid syntax'
    if int(port) > 65535:
        return f'strconv.ParseUint: parsing "{port}": value out of range'
    return None


def port(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker port CONTAINER [PRIVATE_PORT[/PROTO]]``."""
    ref = parsed.args[0]
    try:
        container = backend.container(ref)
    except DockerError as err:
        return daemon_error(err)
    if len(parsed.args) == 1:
        return CommandResult(_lines(render.port_lines(container)))
    wanted = parsed.args[1]
    number, _, proto = wanted.partition("/")
    problem = _uint16_error(number)
    if problem:
        return CommandResult("", f"Error: invalid port ({number}): {problem}\n", 1)
    text = render.port_lines(container, f"{number}/{proto or 'tcp'}")
    if not text:
        return CommandResult("", f"Error: No public port '{wanted}' published for {ref}\n", 1)
    return CommandResult(_lines(text))


def _lines(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n"
