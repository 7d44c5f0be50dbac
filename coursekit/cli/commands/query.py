"""Read-only commands: ``docker ps``, ``docker inspect``, ``docker images``, ``docker version``.

``docker ps`` lists newest first; running containers only unless ``-a``, a
``status`` filter, ``-n`` or ``-l`` asks for every state. ``docker inspect`` tries
each name as a container, then as a network (the CLI's order; images, volumes and
swarm objects are not part of the lab), prints what it found as one JSON array (or
one template line each) and then ``Error: No such object: x`` for the rest.
"""

from __future__ import annotations

from coursekit.backends.base import Backend, Filters
from coursekit.cli.commands.base import NOTE, cli_of, daemon_error, daemon_text
from coursekit.cli.commands.filters import parse_filters
from coursekit.cli.flags.grammar import Parsed, parse_int
from coursekit.cli.gotemplate.template import GO_1_24, Dialect, TemplateError
from coursekit.cli.release import client_text, version_data, version_text
from coursekit.cli.render import inspect as inspect_json
from coursekit.cli.render import text as render
from coursekit.errors import DockerError, NotFound
from coursekit.models import Container
from coursekit.result import CommandResult

RUNNING_STATES = ("running", "paused", "restarting")
"""States whose ``State.Running`` is true: ``docker ps`` without ``-a`` lists them."""
INSPECT_TYPES = ("config", "container", "image", "network", "node", "plugin", "secret",
                 "service", "task", "volume")


def template_error(err: TemplateError) -> CommandResult:
    """A ``--format`` template that failed: the CLI's text and exit code."""
    return CommandResult("", f"{err}\n", err.exit_code or 1)


# ---------------------------------------------------------------- docker ps

def _last_n(parsed: Parsed) -> int:
    if parsed.on("latest"):
        return 1
    return parse_int(parsed.last("last", "-1"))


def select_containers(listed: list[Container], parsed: Parsed,
                      filters: Filters) -> list[Container]:
    """What ``docker ps`` shows of what the daemon listed (oldest first), newest first.

    Every state with ``-a``, ``-n``, ``-l`` or a ``status`` filter, else those the daemon
    counts as running (paused and restarting ones too).
    """
    last = _last_n(parsed)
    chosen = list(listed)
    if not (parsed.on("all") or last > 0 or "status" in filters):
        chosen = [c for c in chosen if c.state in RUNNING_STATES]
    chosen.reverse()
    return chosen[:last] if last > 0 else chosen


def _linkers(backend: Backend, listed: list[Container], parsed: Parsed,
             filters: Filters) -> list[Container]:
    """Containers whose ``--link`` names others (``--no-trunc`` shows it): all of them."""
    if filters and parsed.on("no-trunc"):
        return list(backend.containers())
    return listed


def ps(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker ps [-a] [-q] [--no-trunc] [-n N] [-l] [-f KEY=VALUE] [--format T]``."""
    filters = parse_filters(parsed.all("filter"))
    try:
        listed = list(backend.containers(filters))
        linkers = _linkers(backend, listed, parsed, filters)
    except DockerError as err:
        return daemon_error(err)
    chosen = select_containers(listed, parsed, filters)
    quiet, template = parsed.on("quiet"), parsed.last("format") or None
    try:
        text = render.ps(chosen, now=backend.now(), quiet=quiet, no_trunc=parsed.on("no-trunc"),
                         template=template, size=parsed.on("size"), linkers=linkers,
                         dialect=cli_of(backend).dialect)
    except TemplateError as err:
        return template_error(err)
    return CommandResult(text, render.ps_warning(quiet, template))


# ---------------------------------------------------------------- docker inspect

def _shown(found: list[dict[str, object]], template: str | None,
           dialect: Dialect) -> CommandResult:
    if template is None:
        return CommandResult(render.dump_json(found))
    try:
        return CommandResult(render.format_each(template, found, dialect=dialect))
    except TemplateError as err:
        return CommandResult(getattr(err, "stdout", ""), f"{err}\n", err.exit_code or 1)


def inspect_output(found: list[dict[str, object]], errors: list[str],
                   template: str | None, dialect: Dialect = GO_1_24) -> CommandResult:
    """Print what was found (JSON array or one template line each), then the errors."""
    shown = _shown(found, template, dialect)
    if not errors:
        return shown
    return CommandResult(shown.stdout, shown.stderr + "".join(errors), shown.exit_code or 1)


def _lookup(backend: Backend, ref: str, kind: str) -> dict[str, object]:
    """One object's inspect JSON; NotFound (the CLI's text) when there is none."""
    if kind in ("", "container"):
        try:
            return inspect_json.container_json(backend.container(ref), backend.profile().shape)
        except NotFound:
            if kind:
                raise
    if kind in ("", "network"):
        try:
            return inspect_json.network_json(backend.network(ref), backend.profile().shape)
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
    return inspect_output(found, errors, parsed.last("format") or None, cli_of(backend).dialect)


def container_inspect(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker container inspect [-f T] CONTAINER...``."""
    found: list[dict[str, object]] = []
    errors: list[str] = []
    for ref in parsed.args:
        try:
            found.append(_lookup(backend, ref, "container"))
        except DockerError as err:
            errors.append(daemon_text(err) + "\n")
    return inspect_output(found, errors, parsed.last("format") or None, cli_of(backend).dialect)


# ---------------------------------------------------------------- images / version

def _is_image(backend: Backend, ref: str) -> bool:
    """Whether ``ref`` names a local image (``busybox`` is ``busybox:latest``)."""
    last = ref.rsplit("/", 1)[-1]
    full = ref if ":" in last or "@" in last else ref + ":latest"
    return full.removeprefix("docker.io/library/") in backend.images()


IMAGE_COLUMNS_NOTE = (f"{NOTE}image ids, creation times and sizes are not simulated: the lab "
                      "lists its images by repository and tag only\n")
"""What ``docker images`` leaves out (a real one adds IMAGE ID, CREATED and SIZE)."""


def images(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker images [REPOSITORY[:TAG]]``: repository and tag of each local image (those
    of REPOSITORY, or that one image), and a note saying the
    other columns are not simulated (``-q``, image ids only, is refused by the policy)."""
    rows = [{"REPOSITORY": "REPOSITORY", "TAG": "TAG"}]
    for ref in sorted(backend.images()):
        repo, _, tag = ref.rpartition(":") if ":" in ref.rsplit("/", 1)[-1] else (ref, "", "")
        wanted = parsed.args[0] if parsed.args else ""
        if wanted in ("", repo, f"{repo}:{tag or 'latest'}"):
            rows.append({"REPOSITORY": repo, "TAG": tag or "latest"})
    table = render.tabwrite([[r["REPOSITORY"], r["TAG"]] for r in rows])
    return CommandResult(table, IMAGE_COLUMNS_NOTE)


def version(backend: Backend, parsed: Parsed, path: str) -> CommandResult:
    """``docker version``: the CLI's Client section, then the engine's Server section
    (both from the backend's engine profile; the engine's own version as it reports it)."""
    profile = backend.profile()
    try:
        server = backend.version()
    except DockerError as err:
        return CommandResult(client_text(profile.cli), daemon_text(err) + "\n", 1)
    template = parsed.last("format")
    if not template:
        return CommandResult(version_text(profile, server))
    try:
        return CommandResult(render.format_each(template, [version_data(profile, server)],
                                                dialect=cli_of(backend).dialect))
    except TemplateError as err:
        return template_error(err)
