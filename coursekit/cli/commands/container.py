"""Container lifecycle commands: ``docker run``, ``create``, ``start``, ``stop``,
``restart``, ``rm``, as the docker CLI reports them.

There is no terminal in a notebook. A foreground ``docker run`` therefore creates and
starts the container, then prints what its main process wrote (the backend's
``logs``) and exits with its exit code. ``-i`` attaches the cell's stdin, which is empty:
the CLI closes it at once and, the container having ``StdinOnce``, so does the daemon,
so ``docker run -i busybox sh`` exits 0 at once as on a real engine (``run -d -i`` and
a later ``docker start`` leave stdin open: the shell waits). When the process is still
running (a server, ``sleep``, a shell given ``-t`` without ``-i``), the line returns at
once and a plain note says so: a real CLI would stay attached, and with ``-t`` alone wait
forever (it even ignores SIGTERM), where nothing can be typed. ``--rm`` in the
foreground is honoured by removing the container once its output is read (so the
output is not lost with it).

Without a registry an unknown image cannot be pulled: the lab prints what ``docker
run`` prints when Docker Hub answers that the repository does not exist (``Unable to
find image 'x:latest' locally`` then ``pull access denied for x, repository does not
exist or may require 'docker login'``).
"""

from __future__ import annotations

from dataclasses import replace

from coursekit.backends.base import Backend, ContainerSpec
from coursekit.cli.commands.base import NOTE, cli_of, daemon_error, daemon_text, joined
from coursekit.cli.commands.spec import container_spec
from coursekit.cli.errors import SpecError
from coursekit.cli.flags import policy
from coursekit.cli.flags.grammar import Flag, Parsed
from coursekit.errors import DockerError, NotFound
from coursekit.models import Container
from coursekit.result import CommandResult

NO_IMAGE = "No such image: "
PULL_DENIED = ("pull access denied for {repo}, repository does not exist or may require "
               "'docker login': denied: requested access to the resource is denied")


def _help_tail(verb: str) -> str:
    return f"\n\nRun 'docker {verb} --help' for more information\n"


def run_exit_code(message: str) -> int:
    """runStartContainerErr: 127 for a missing executable, 126 for permission, else 125."""
    if any(s in message for s in ("executable file not found", "no such file or directory",
                                  "system cannot find the file specified")):
        return 127
    if "permission denied" in message or "is a directory" in message:
        return 126
    return 125


def _image_missing(err: DockerError) -> str | None:
    """The image reference of a "No such image: x:latest" error, else None."""
    if isinstance(err, NotFound) and err.message.startswith(NO_IMAGE):
        return err.message[len(NO_IMAGE):]
    return None


def _pull_failure(ref: str) -> tuple[str, DockerError]:
    repo = ref.rsplit(":", 1)[0] if ":" in ref.rsplit("/", 1)[-1] else ref
    return (f"Unable to find image '{ref}' locally\n",
            NotFound(PULL_DENIED.format(repo=repo)))


def _warning_line(warning: str) -> str:
    text = warning if warning.startswith("WARNING") else f"WARNING: {warning}"
    return text if warning.endswith("\n") else text + "\n"


def _create_failed(err: DockerError, verb: str) -> CommandResult:
    """The CLI's error for a refused create (``docker: `` and the help hint for run)."""
    note = ""
    missing = _image_missing(err)
    if missing is not None:
        note, err = _pull_failure(missing)
    if verb == "run":
        return CommandResult("", f"{note}docker: {daemon_text(err)}{_help_tail('run')}",
                             run_exit_code(err.message))
    return CommandResult("", f"{note}{daemon_text(err)}\n", err.exit_code or 1)


def _create(backend: Backend, spec: ContainerSpec,
            verb: str) -> tuple[Container | None, CommandResult]:
    """Create: the container (None on failure) and what the CLI printed (warnings, error)."""
    try:
        container, warnings = backend.create_container(spec)
    except DockerError as err:
        return None, _create_failed(err, verb)
    except NotImplementedError as gap:
        return None, CommandResult("", f"{NOTE}{gap}; `docker {verb}` did not run\n", 1)
    return container, CommandResult(stderr="".join(_warning_line(w) for w in warnings))


NOT_A_TTY = "the input device is not a TTY\n"
NO_TERMINAL = (f"{NOTE}a notebook cell has no terminal to type into, so no interactive "
               "session started; start the container with -d and run its commands one at a "
               "time (docker exec NAME ip addr), or use a real terminal\n")
MAC_API = "1.44"


def not_a_tty() -> CommandResult:
    """What the CLI says to ``-it`` without a terminal (exit 1), then the lab's advice."""
    return CommandResult("", NOT_A_TTY + NO_TERMINAL, 1)


def _api_at_least(version: str, wanted: str) -> bool:
    return tuple(map(int, version.split("."))) >= tuple(map(int, wanted.split(".")))


def _spec(backend: Backend, parsed: Parsed, verb: str) -> ContainerSpec | CommandResult:
    """The request, or the CLI's own refusal of a value (``docker: ...``, exit 125), or
    the lab's note for flags it does not simulate (exit 1, after the CLI's checks)."""
    try:
        spec = container_spec(parsed, cli_of(backend).wording)
    except SpecError as err:
        return CommandResult("", f"docker: {err.message}{_help_tail(verb)}", 125)
    refused = policy.refusal(f"docker {verb}", parsed, NOTE)
    return spec if refused is None else CommandResult("", refused, 1)


def _client_refusal(backend: Backend, spec: ContainerSpec, verb: str) -> CommandResult | None:
    """The API client's own refusal: a per-network MAC needs API 1.44 (Engine 20.10 has
    1.41), checked before the request is sent."""
    api = backend.profile().server.api_version
    if not spec.options.mac_address or _api_at_least(api, MAC_API):
        return None
    text = (f'"specify mac-address per network" requires API version {MAC_API}, but the '
            f"Docker daemon API version is {api}")
    if verb == "run":
        return CommandResult("", f"docker: {text}{_help_tail('run')}", 125)
    return CommandResult("", text + "\n", 1)


def create(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker create [OPTIONS] IMAGE [COMMAND] [ARG...]``: prints the new id."""
    spec = _spec(backend, parsed, "create")
    if isinstance(spec, CommandResult):
        return spec
    refused = _client_refusal(backend, spec, "create")
    if refused is not None:
        return refused
    container, printed = _create(backend, replace(spec, detached=False), "create")
    return joined(printed, CommandResult(f"{container.id}\n")) if container else printed


# ---------------------------------------------------------------- docker run

FOREGROUND_WAIT = 3.0
"""Seconds a foreground ``docker run`` waits for its command to end before detaching."""


def _detached_note(c: Container, interactive: bool) -> str:
    name = c.name or c.short_id
    if interactive:
        return (f"{NOTE}a real docker CLI would stay attached to {name} and wait forever "
                "here (-t without -i: nothing can be typed into it); the lab returns and "
                f"{name} keeps running in the background. Run commands in it one at a time: "
                f"docker exec {name} ip addr\n")
    return (f"{NOTE}{name} is still running (its command has not ended); a terminal "
            "would stay attached to it. It keeps running in the background, as with "
            f"`docker run -d`; stop it with: docker stop {name}\n")


def _foreground(backend: Backend, c: Container, spec: ContainerSpec,
                seen: CommandResult | None = None) -> CommandResult:
    """Show what the main process printed (after ``seen``); its exit code is the line's."""
    seen = seen or CommandResult()
    state = backend.wait(c.id, FOREGROUND_WAIT)
    logs = backend.logs(c.id)
    stdout, stderr = _after(logs.stdout, seen.stdout), _after(logs.stderr, seen.stderr)
    if state.running:
        return CommandResult(stdout, stderr + _detached_note(state, spec.tty))
    if spec.auto_remove:
        backend.remove_container(c.id, force=True)
    return CommandResult(stdout, stderr, state.exit_code)


def _after(text: str, seen: str) -> str:
    """What ``text`` adds to the log already ``seen`` (a restarted container appends)."""
    return text[len(seen):] if text.startswith(seen) else text


def _start_failure(backend: Backend, c: Container, stdin: bool) -> CommandResult | None:
    """Start the new container (``stdin``: attached, empty, and closed, as ``run -i`` in
    the foreground does): None when it started, else the CLI's error."""
    try:
        backend.start(c.id, empty_stdin=stdin)
    except DockerError as err:
        return CommandResult("", "docker: " + daemon_text(err) + _help_tail("run"),
                             run_exit_code(err.message))
    return None


def run(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker run [OPTIONS] IMAGE [COMMAND] [ARG...]``."""
    spec = _spec(backend, parsed, "run")
    if isinstance(spec, CommandResult):
        return spec
    detach = parsed.on("detach")
    if spec.stdin_open and spec.tty and not detach:  # the CLI's CheckTty, before anything
        return not_a_tty()
    refused = _client_refusal(backend, spec, "run")
    if refused is not None:
        return refused
    attached = replace(spec, auto_remove=False, detached=False)
    c, printed = _create(backend, spec if detach else attached, "run")
    if c is None:
        return printed
    if detach:
        printed = joined(printed, CommandResult(f"{c.id}\n"))
    failure = _start_failure(backend, c, spec.stdin_open and not detach)
    if failure is not None:
        if spec.auto_remove and not detach:
            backend.remove_container(c.id, force=True)
        return joined(printed, failure)
    return printed if detach else joined(printed, _foreground(backend, c, spec))


# ---------------------------------------------------------------- start / stop / rm

def start(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker start [-a] CONTAINER...``: prints each name as given."""
    if parsed.on("attach") or parsed.on("interactive"):
        return _start_attached(backend, parsed)
    started, errors, failed = [], [], []
    for ref in parsed.args:
        try:
            backend.start(ref)
            started.append(f"{ref}\n")
        except DockerError as err:
            errors.append(daemon_text(err) + "\n")
            failed.append(ref)
    if failed:
        errors.append(f"Error: failed to start containers: {', '.join(failed)}\n")
    return CommandResult("".join(started), "".join(errors), 1 if failed else 0)


def _start_attached(backend: Backend, parsed: Parsed) -> CommandResult:
    if len(parsed.args) > 1:
        return CommandResult("", "you cannot start and attach multiple containers at once\n", 1)
    try:
        seen = backend.logs(parsed.args[0])
        c = backend.start(parsed.args[0], empty_stdin=parsed.on("interactive"))
    except DockerError as err:
        return daemon_error(err)
    spec = ContainerSpec(image=c.image, tty=c.tty, stdin_open=c.stdin_open)
    return _foreground(backend, c, spec, seen)


TIME_DEPRECATED = "Flag --time has been deprecated, use --timeout instead\n"
TIME_FLAG = {"time": Flag("time", "", "int")}
"""``--time``: the hidden, deprecated spelling of ``-t, --timeout`` (cobra warns on stdout)."""


def _timeout(parsed: Parsed) -> int | None:
    """``-t SECONDS`` (or ``--time``), None when not given (the daemon's 10 s)."""
    given = parsed.last("timeout") or parsed.last("time")
    return int(given) if given else None


def _no_wait_limit(path: str, timeout: int) -> CommandResult:
    return CommandResult("", f"{NOTE}`{path} -t {timeout}` waits without a time limit for "
                         "the main process to end by itself; that is not simulated, so the "
                         "command did not run\n", 1)


def _each(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """stop/restart: ``-s SIGNAL`` then SIGKILL after ``-t`` seconds; each name printed
    when done, the errors together after."""
    signal, timeout = parsed.last("signal"), _timeout(parsed)
    if timeout is not None and timeout < 0:
        return _no_wait_limit(path, timeout)
    action = backend.stop if path.endswith("stop") else backend.restart
    done, errors = [TIME_DEPRECATED] if parsed.has("time") else [], []
    for ref in parsed.args:
        try:
            action(ref, signal, timeout)
            done.append(f"{ref}\n")
        except DockerError as err:
            errors.append(daemon_text(err) + "\n")
        except NotImplementedError as gap:
            errors.append(f"{NOTE}{gap}; `{path}` did not run for {ref}\n")
    return CommandResult("".join(done), "".join(errors), 1 if errors else 0)


def stop(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker stop [-s SIGNAL] [-t SECONDS] CONTAINER...``."""
    return _each(backend, parsed, path)


def restart(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker restart [-s SIGNAL] [-t SECONDS] CONTAINER...``."""
    return _each(backend, parsed, path)


def rm(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker rm [-f] CONTAINER...``; with -f a missing container is reported, not fatal."""
    force = parsed.on("force")
    done: list[str] = []
    reported: list[str] = []
    errors: list[str] = []
    for ref in parsed.args:
        try:
            backend.remove_container(ref, force=force)
            done.append(f"{ref}\n")
        except NotFound as err:
            (reported if force else errors).append(daemon_text(err) + "\n")
        except DockerError as err:
            errors.append(daemon_text(err) + "\n")
    return CommandResult("".join(done), "".join(reported + errors), 1 if errors else 0)
