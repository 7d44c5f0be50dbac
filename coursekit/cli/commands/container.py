"""Container lifecycle commands: ``docker run``, ``create``, ``start``, ``stop``,
``restart``, ``rm``, as docker CLI 28.2.2 reports them.

There is no terminal in a notebook. A foreground ``docker run`` therefore creates and
starts the container, then prints what its main process wrote (the backend's
``logs``) and exits with its exit code. When the process is still running (a server,
``sleep``, or a shell kept open by ``-it``), the line returns at once and a plain note
says the container keeps running in the background, as if the learner had detached
with Ctrl-P Ctrl-Q. ``--rm`` in the foreground is honoured by removing the container
once its output is read (so the output is not lost with it).

Without a registry an unknown image cannot be pulled: the lab prints what ``docker
run`` prints when Docker Hub answers that the repository does not exist (``Unable to
find image 'x:latest' locally`` then ``pull access denied for x, repository does not
exist or may require 'docker login'``).
"""

from __future__ import annotations

from dataclasses import replace

from coursekit.backends.base import Backend, ContainerSpec
from coursekit.cli.commands.base import NOTE, Out, daemon_text
from coursekit.cli.commands.spec import DaemonSpecError, SpecError, container_spec
from coursekit.cli.shell.words import Parsed
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


def _create(backend: Backend, spec: ContainerSpec, out: Out,
            verb: str) -> Container | None:
    """Create, printing warnings; on failure write the CLI's error and return None."""
    try:
        container, warnings = backend.create_container(spec)
    except DockerError as err:
        missing = _image_missing(err)
        if missing is not None:
            note, err = _pull_failure(missing)
            out.err(note)
        if verb == "run":
            out.err("docker: " + daemon_text(err) + _help_tail("run"),
                    run_exit_code(err.message))
        else:
            out.err(daemon_text(err) + "\n", err.exit_code or 1)
        return None
    for warning in warnings:
        out.err(warning if warning.startswith("WARNING") else f"WARNING: {warning}")
        out.err("" if warning.endswith("\n") else "\n")
    return container


def _spec(parsed: Parsed, out: Out, verb: str) -> ContainerSpec | None:
    try:
        return container_spec(parsed)
    except DaemonSpecError as err:
        if verb == "run":
            out.err(f"docker: Error response from daemon: {err.message}{_help_tail(verb)}", 125)
        else:
            out.err(f"Error response from daemon: {err.message}\n", 1)
    except SpecError as err:
        out.err(f"docker: {err.message}{_help_tail(verb)}", 125)
    return None


def create(backend: Backend, parsed: Parsed, path: str) -> Out:
    """``docker create [OPTIONS] IMAGE [COMMAND] [ARG...]``: prints the new id."""
    out = Out()
    spec = _spec(parsed, out, "create")
    container = _create(backend, replace(spec, detached=False), out, "create") if spec else None
    return out.out(f"{container.id}\n") if container else out


# ---------------------------------------------------------------- docker run

FOREGROUND_WAIT = 3.0
"""Seconds a foreground ``docker run`` waits for its command to end before detaching."""


def _detached_note(c: Container, interactive: bool) -> str:
    name = c.name or c.short_id
    if interactive:
        return (f"{NOTE}there is no terminal here to attach to, so {name} keeps running in "
                "the background (as if you had pressed Ctrl-P Ctrl-Q). Run commands in it "
                f"one at a time: docker exec {name} ip addr\n")
    return (f"{NOTE}{name} is still running (its command has not ended); a terminal "
            "would stay attached to it. It keeps running in the background, as with "
            f"`docker run -d`; stop it with: docker stop {name}\n")


def _foreground(backend: Backend, c: Container, spec: ContainerSpec, out: Out,
                seen: CommandResult | None = None) -> Out:
    """Show what the main process printed (after ``seen``); its exit code is the line's."""
    seen = seen or CommandResult()
    state = backend.wait(c.id, FOREGROUND_WAIT)
    logs = backend.logs(c.id)
    out.out(_after(logs.stdout, seen.stdout)).err(_after(logs.stderr, seen.stderr))
    if state.running:
        return out.err(_detached_note(state, spec.stdin_open))
    if spec.auto_remove:
        backend.remove_container(c.id, force=True)
    out.code = state.exit_code
    return out


def _after(text: str, seen: str) -> str:
    """What ``text`` adds to the log already ``seen`` (a restarted container appends)."""
    return text[len(seen):] if text.startswith(seen) else text


def _start_for_run(backend: Backend, c: Container, out: Out) -> bool:
    try:
        backend.start(c.id)
    except DockerError as err:
        out.err("docker: " + daemon_text(err) + _help_tail("run"), run_exit_code(err.message))
        return False
    return True


def run(backend: Backend, parsed: Parsed, path: str) -> Out:
    """``docker run [OPTIONS] IMAGE [COMMAND] [ARG...]``."""
    out = Out()
    spec = _spec(parsed, out, "run")
    if spec is None:
        return out
    detach = parsed.on("detach")
    attached = replace(spec, auto_remove=False, detached=False)
    c = _create(backend, spec if detach else attached, out, "run")
    if c is None:
        return out
    if detach:
        out.out(f"{c.id}\n")
    if not _start_for_run(backend, c, out):
        if spec.auto_remove and not detach:
            backend.remove_container(c.id, force=True)
        return out
    return out if detach else _foreground(backend, c, spec, out)


# ---------------------------------------------------------------- start / stop / rm

def start(backend: Backend, parsed: Parsed, path: str) -> Out:
    """``docker start [-a] CONTAINER...``: prints each name as given."""
    if parsed.on("attach") or parsed.on("interactive"):
        return _start_attached(backend, parsed)
    out = Out()
    failed: list[str] = []
    for ref in parsed.args:
        try:
            backend.start(ref)
            out.out(f"{ref}\n")
        except DockerError as err:
            out.err(daemon_text(err) + "\n")
            failed.append(ref)
    if failed:
        out.err(f"Error: failed to start containers: {', '.join(failed)}\n", 1)
    return out


def _start_attached(backend: Backend, parsed: Parsed) -> Out:
    out = Out()
    if len(parsed.args) > 1:
        return out.err("you cannot start and attach multiple containers at once\n", 1)
    try:
        seen = backend.logs(parsed.args[0])
        c = backend.start(parsed.args[0])
    except DockerError as err:
        return out.err(daemon_text(err) + "\n", err.exit_code or 1)
    spec = ContainerSpec(image=c.image, tty=c.tty, stdin_open=c.stdin_open)
    return _foreground(backend, c, spec, out, seen)


def _each(backend: Backend, parsed: Parsed, action: str) -> Out:
    """stop/restart: each name printed when done, the errors together after."""
    out = Out()
    errors: list[str] = []
    for ref in parsed.args:
        try:
            backend.stop(ref) if action == "stop" else backend.restart(ref)
            out.out(f"{ref}\n")
        except DockerError as err:
            errors.append(daemon_text(err) + "\n")
    if errors:
        out.err("".join(errors), 1)
    return out


def stop(backend: Backend, parsed: Parsed, path: str) -> Out:
    """``docker stop CONTAINER...``."""
    return _each(backend, parsed, "stop")


def restart(backend: Backend, parsed: Parsed, path: str) -> Out:
    """``docker restart CONTAINER...``."""
    return _each(backend, parsed, "restart")


def rm(backend: Backend, parsed: Parsed, path: str) -> Out:
    """``docker rm [-f] CONTAINER...``; with -f a missing container is reported, not fatal."""
    out = Out()
    force = parsed.on("force")
    errors: list[str] = []
    for ref in parsed.args:
        try:
            backend.remove_container(ref, force=force)
            out.out(f"{ref}\n")
        except NotFound as err:
            (out.stderr if force else errors).append(daemon_text(err) + "\n")
        except DockerError as err:
            errors.append(daemon_text(err) + "\n")
    if errors:
        out.err("".join(errors), 1)
    return out
