"""Managing containers that exist: ``docker rename``, ``pause``, ``unpause``, ``kill``,
``wait``, ``top``, ``logs`` and ``container prune``, as the docker CLI reports them.

Each command that takes several containers handles them one by one, prints the name of
each as typed when it succeeds and the daemon's error line for each that fails, and exits
1 if any failed (``docker rename`` adds ``Error: failed to rename container named X``).

Two of these never return on a real terminal while a container runs: ``docker wait``
blocks until it stops and ``docker logs -f`` follows its output until Ctrl-C. Like a
foreground ``docker run`` (:data:`~coursekit.cli.commands.container.FOREGROUND_WAIT`),
the lab waits a moment, then answers with what there is and one plain note. ``docker
logs`` models ``--tail``, ``--details`` (no log attributes here: each line gains only the
separating space) and ``-f``; ``-t``, ``--since`` and ``--until`` are refused with a note.
``docker top`` shows the container's main process as the daemon's ``ps -ef`` does; ``ps``
options after the name are refused with a note. ``docker container prune`` without ``-f``
asks its question, which nobody can answer in a notebook (as with no terminal: nothing is
removed).
"""

from __future__ import annotations

from collections.abc import Callable

from coursekit.backends.base import Backend
from coursekit.cli.commands.base import NOTE, daemon_error, daemon_text
from coursekit.cli.commands.container import FOREGROUND_WAIT
from coursekit.cli.flags.grammar import Parsed
from coursekit.cli.render.tabwriter import tabwrite_text
from coursekit.errors import DockerError
from coursekit.result import CommandResult

PRUNE_QUESTION = ("WARNING! This will remove all stopped containers.\n"
                  "Are you sure you want to continue? [y/N] ")
def _each(parsed: Parsed, action: Callable[[str], None]) -> CommandResult:
    """Run ``action`` on every container named: names done on stdout, errors on stderr."""
    done, errors = [], []
    for ref in parsed.args:
        try:
            action(ref)
            done.append(f"{ref}\n")
        except DockerError as err:
            errors.append(daemon_text(err) + "\n")
    return CommandResult("".join(done), "".join(errors), 1 if errors else 0)


def rename(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker rename CONTAINER NEW_NAME``: prints nothing when it worked."""
    old, new = (arg.strip() for arg in parsed.args)
    if not old or not new:
        return CommandResult("", "Error: Neither old nor new names may be empty\n", 1)
    try:
        backend.rename(old, new)
    except DockerError as err:
        return CommandResult("", f"{daemon_text(err)}\nError: failed to rename container "
                             f"named {old}\n", 1)
    return CommandResult()


def pause(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker pause CONTAINER...``."""
    return _each(parsed, backend.pause)


def unpause(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker unpause CONTAINER...``."""
    return _each(parsed, backend.unpause)


def kill(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker kill [-s SIGNAL] CONTAINER...`` (default SIGKILL)."""
    signal = parsed.last("signal", "") or "KILL"
    try:
        return _each(parsed, lambda ref: backend.kill(ref, signal))
    except NotImplementedError as gap:
        return CommandResult("", f"{NOTE}{gap}; the command did not run\n", 1)


def _still_running(ref: str) -> str:
    return (f"{NOTE}{ref} is still running: `docker wait` would block until it stops, and "
            f"the lab does not wait that long; stop it first (docker stop {ref})\n")


def wait(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker wait CONTAINER...``: each exit code, once the container has stopped."""
    codes, errors = [], []
    for ref in parsed.args:
        try:
            state = backend.wait(ref, FOREGROUND_WAIT)
        except DockerError as err:
            errors.append(daemon_text(err) + "\n")
            continue
        if state.running:
            errors.append(_still_running(ref))
        else:
            codes.append(f"{state.exit_code}\n")
    return CommandResult("".join(codes), "".join(errors), 1 if errors else 0)


def top(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker top CONTAINER``: the processes, as the daemon's ``ps`` lists them."""
    if len(parsed.args) > 1:
        options = " ".join(parsed.args[1:])
        return CommandResult("", f"{NOTE}`docker top` with ps options ({options}) is not "
                             "simulated; the command did not run\n", 1)
    try:
        titles, rows = backend.top(parsed.args[0])
    except DockerError as err:
        return daemon_error(err)
    lines = "".join("\t".join(cells) + "\n" for cells in (titles, *rows))
    return CommandResult(tabwrite_text(lines, minwidth=20, padding=3))


def _last_lines(text: str, tail: str) -> str:
    if not tail.lstrip("-").isdigit() or int(tail) < 0:
        return text
    lines = text.splitlines(keepends=True)
    return "".join(lines[len(lines) - int(tail):]) if int(tail) else ""


def _details(text: str) -> str:
    """``--details``: each line's log attributes (none here), then a space."""
    return "".join(" " + line for line in text.splitlines(keepends=True))


def _following(ref: str) -> str:
    return (f"{NOTE}{ref} is still running: a terminal would keep following its log until "
            "Ctrl-C; this is what it has printed so far\n")


def logs(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker logs [-f] [-n N] [--details] CONTAINER``: what the main process printed."""
    ref, tail = parsed.args[0], parsed.last("tail", "all")
    try:
        result = backend.logs(ref)
        running = parsed.on("follow") and backend.container(ref).running
    except DockerError as failure:
        return daemon_error(failure)
    out, err = _last_lines(result.stdout, tail), _last_lines(result.stderr, tail)
    if parsed.on("details"):
        out, err = _details(out), _details(err)
    return CommandResult(out, err + (_following(ref) if running else ""))


def _human_size(size: int) -> str:
    """go-units' ``HumanSize``: decimal units, four significant digits (``4.096kB``)."""
    units = ("B", "kB", "MB", "GB", "TB", "PB")
    value, unit = float(size), 0
    while value >= 1000 and unit < len(units) - 1:
        value, unit = value / 1000, unit + 1
    return f"{value:.4g}{units[unit]}"


def prune(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker container prune [-f]``: ``Deleted Containers:`` and the ids, newest first."""
    if not parsed.on("force"):
        return CommandResult(PRUNE_QUESTION, f"\n{NOTE}nobody can answer this question in a "
                             "notebook, so nothing was removed. To prune without the "
                             "question: docker container prune -f\n")
    try:
        ids, space = backend.prune_containers()
    except DockerError as err:
        return daemon_error(err)
    deleted = "Deleted Containers:\n" + "".join(f"{i}\n" for i in ids) + "\n" if ids else ""
    return CommandResult(f"{deleted}Total reclaimed space: {_human_size(space)}\n")
