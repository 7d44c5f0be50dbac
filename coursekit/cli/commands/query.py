"""Read-only commands: ``docker ps``, ``docker inspect``, ``docker images``, ``docker version``.

``docker ps`` lists newest first; running containers only unless ``-a``, a
``status`` filter, ``-n`` or ``-l`` asks for every state. ``docker inspect`` tries
each name as a container, then as a network (the CLI's order; images, volumes and
swarm objects are not part of the lab), prints what it found as one JSON array (or
one template line each) and then ``Error: No such object: x`` for the rest.
"""

from __future__ import annotations

from coursekit.backends.base import Backend
from coursekit.cli.commands.base import NOTE, daemon_refusal, daemon_text
from coursekit.cli.commands.filters import filter_containers
from coursekit.cli.errors import FilterError
from coursekit.cli.flags.grammar import Parsed, parse_int
from coursekit.cli.gotemplate.template import TemplateError
from coursekit.cli.render import inspect as inspect_json
from coursekit.cli.render import text as render
from coursekit.errors import DockerError, NotFound
from coursekit.models import Container
from coursekit.result import CommandResult

INSPECT_TYPES = ("config", "container", "image", "network", "node", "plugin", "secret",
                 "service", "task", "volume")
CLIENT_VERSION = """\
Client:
 Version:           28.2.2
 API version:       1.41 (downgraded from 1.50)
 Go version:        go1.24.3
 Git commit:        e6534b4
 Built:             Fri May 30 12:07:14 2025
 OS/Arch:           linux/amd64
 Context:           default
"""
SERVER_VERSION = """\
Server:
 Engine:
  Version:          {version}
  API version:      1.41 (minimum version 1.12)
  Go version:       go1.19.8
  Git commit:       5d6db84
  Built:            Thu May  7 21:09:36 2026
  OS/Arch:          linux/amd64
  Experimental:     false
 containerd:
  Version:          1.6.20~ds1
  GitCommit:        1.6.20~ds1-1+deb12u3
 runc:
  Version:          1.1.5+ds1
  GitCommit:        1.1.5+ds1-1+deb12u1
 docker-init:
  Version:          0.19.0
  GitCommit:{blank}
"""


def template_error(err: TemplateError) -> CommandResult:
    """A ``--format`` template that failed: the CLI's text and exit code."""
    return CommandResult("", f"{err}\n", err.exit_code or 1)


# ---------------------------------------------------------------- docker ps

def _last_n(parsed: Parsed) -> int:
    if parsed.on("latest"):
        return 1
    return parse_int(parsed.last("last", "-1"))


def select_containers(containers: list[Container], parsed: Parsed) -> list[Container]:
    """What ``docker ps`` shows, newest first (FilterError for a bad filter)."""
    values = parsed.all("filter")
    chosen = filter_containers(containers, values)
    last = _last_n(parsed)
    show_all = parsed.on("all") or last > 0 or any(v.startswith("status=") for v in values)
    if not show_all:
        chosen = [c for c in chosen if c.running]
    chosen.reverse()
    return chosen[:last] if last > 0 else chosen


def ps(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker ps [-a] [-q] [--no-trunc] [-n N] [-l] [-f KEY=VALUE] [--format T]``."""
    everyone = list(backend.containers())
    try:
        chosen = select_containers(everyone, parsed)
    except FilterError as err:
        return daemon_refusal(err.message)
    quiet, template = parsed.on("quiet"), parsed.last("format") or None
    try:
        text = render.ps(chosen, now=backend.now(), quiet=quiet, no_trunc=parsed.on("no-trunc"),
                         template=template, size=parsed.on("size"), linkers=everyone)
    except TemplateError as err:
        return template_error(err)
    return CommandResult(text, render.ps_warning(quiet, template))


# ---------------------------------------------------------------- docker inspect

def _shown(found: list[dict[str, object]], template: str | None) -> CommandResult:
    if template is None:
        return CommandResult(render.dump_json(found))
    try:
        return CommandResult(render.format_each(template, found))
    except TemplateError as err:
        return CommandResult(getattr(err, "stdout", ""), f"{err}\n", err.exit_code or 1)


def inspect_output(found: list[dict[str, object]], errors: list[str],
                   template: str | None) -> CommandResult:
    """Print what was found (JSON array or one template line each), then the errors."""
    shown = _shown(found, template)
    if not errors:
        return shown
    return CommandResult(shown.stdout, shown.stderr + "".join(errors), shown.exit_code or 1)


def _lookup(backend: Backend, ref: str, kind: str) -> dict[str, object]:
    """One object's inspect JSON; NotFound (the CLI's text) when there is none."""
    if kind in ("", "container"):
        try:
            return inspect_json.container_json(backend.container(ref))
        except NotFound:
            if kind:
                raise
    if kind in ("", "network"):
        try:
            return inspect_json.network_json(backend.network(ref))
        except NotFound:
            if kind:
                raise
    if kind == "" and _is_image(backend, ref):
        raise NotFound(f"{NOTE}{ref} is an image: this lab inspects containers and networks")
    raise NotFound(f"Error: No such object: {ref}")


def _not_found_text(err: DockerError, kind: str) -> str:
    return (err.message if not kind else daemon_text(err)) + "\n"


def inspect(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker inspect [-f T] [--type container|network] NAME|ID...``."""
    kind = parsed.last("type")
    if kind and kind not in INSPECT_TYPES:
        quoted = ", ".join(f'"{t}"' for t in INSPECT_TYPES)
        return CommandResult("", f'unknown type: "{kind}": must be one of {quoted}\n', 1)
    if kind not in ("", "container", "network"):
        return CommandResult("", f"{NOTE}this lab inspects containers and networks, "
                             f"not {kind}s\n", 1)
    found: list[dict[str, object]] = []
    errors: list[str] = []
    for ref in parsed.args:
        try:
            found.append(_lookup(backend, ref, kind))
        except NotFound as err:
            errors.append(_not_found_text(err, kind))
        except DockerError as err:
            errors.append(daemon_text(err) + "\n")
    return inspect_output(found, errors, parsed.last("format") or None)


def container_inspect(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker container inspect [-f T] CONTAINER...``."""
    found: list[dict[str, object]] = []
    errors: list[str] = []
    for ref in parsed.args:
        try:
            found.append(_lookup(backend, ref, "container"))
        except DockerError as err:
            errors.append(daemon_text(err) + "\n")
    return inspect_output(found, errors, parsed.last("format") or None)


# ---------------------------------------------------------------- images / version

def _is_image(backend: Backend, ref: str) -> bool:
    """Whether ``ref`` names a local image (``busybox`` is ``busybox:latest``)."""
    last = ref.rsplit("/", 1)[-1]
    full = ref if ":" in last or "@" in last else ref + ":latest"
    return full.removeprefix("docker.io/library/") in backend.images()


def images(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker images``: repository and tag of each local image."""
    rows = [{"REPOSITORY": "REPOSITORY", "TAG": "TAG"}]
    for ref in sorted(backend.images()):
        repo, _, tag = ref.rpartition(":") if ":" in ref.rsplit("/", 1)[-1] else (ref, "", "")
        rows.append({"REPOSITORY": repo, "TAG": tag or "latest"})
    if parsed.on("quiet"):
        return CommandResult("".join(f"{r['REPOSITORY']}:{r['TAG']}\n" for r in rows[1:]))
    return CommandResult(render.tabwrite([[r["REPOSITORY"], r["TAG"]] for r in rows]))


def version(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker version``: the client block, then the engine's version."""
    try:
        server = backend.version()
    except DockerError as err:
        return CommandResult(CLIENT_VERSION, daemon_text(err) + "\n", 1)
    template = parsed.last("format")
    if template:
        return _version_template(template, server)
    server_block = SERVER_VERSION.format(version=server, blank=" " * 8)
    return CommandResult(CLIENT_VERSION + "\n" + server_block)


def _version_template(template: str, server: str) -> CommandResult:
    data = {"Client": {"Version": "28.2.2", "ApiVersion": "1.41"},
            "Server": {"Version": server}}
    try:
        return CommandResult(render.format_each(template, [data]))
    except TemplateError as err:
        return template_error(err)
