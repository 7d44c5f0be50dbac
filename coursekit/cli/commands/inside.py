"""Looking into a running container: ``docker exec``, ``docker port`` (``docker logs``
lives with the other management commands, in :mod:`.manage`).

``docker exec`` passes its argv to the backend unchanged (there is no shell unless
the learner asks for one: ``docker exec u1 sh -c 'ip addr; cat /etc/hosts'``). A
notebook has no terminal: ``docker exec -it u1 sh`` gets what the CLI says there
(observed on CLIs 28.2.2 and 28.5.2 with no terminal on stdin): it first looks the
container up (``No such container: u1``), then, unless ``-d`` was given, refuses
``-i`` with ``-t``: ``the input device is not a TTY``, exit 1, whatever the command;
the lab's advice follows in one plain line. ``-t`` alone with a bare shell would wait
forever for input: a note says so instead; ``-i`` alone runs the command.
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


def _no_tty(backend: Backend, ref: str) -> CommandResult:
    """``exec -it`` without a terminal: the container lookup first, then the CLI's refusal."""
    try:
        backend.container(ref)
    except DockerError as err:
        return daemon_error(err)
    return CommandResult("", f"the input device is not a TTY\n{NOTE}a notebook cell has no "
                         "terminal to type into; run one command at a time instead: docker "
                         f"exec {ref} ip addr (or several: docker exec {ref} sh -c 'ip addr; "
                         "cat /etc/hosts'), or use a real terminal\n", 1)


def exec_(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker exec [-d] [-i] [-t] CONTAINER COMMAND [ARG...]``."""
    ref, argv = parsed.args[0], tuple(parsed.args[1:])
    if parsed.on("interactive") and parsed.on("tty") and not parsed.on("detach"):
        return _no_tty(backend, ref)
    if parsed.on("tty") and not parsed.on("detach") and _bare_shell(argv):
        return _shell_note(backend, ref, argv)
    try:
        result = backend.exec(ref, argv)
    except DockerError as err:
        return daemon_error(err)
    return CommandResult() if parsed.on("detach") else result


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
