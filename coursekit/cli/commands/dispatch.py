"""``docker ...`` argv -> the subcommand's handler, as cobra walks the CLI's command tree.

Order of checks, as in CLIs 28.2.2 and 28.5.2: find the command (``docker: unknown
command``, exit 1), parse its flags (pflag's error and the usage line, exit 125),
``--help`` (the help text, exit 0), the number of arguments (``requires at least 1
argument``, exit 1), then the handler: one backend call and its rendering. Commands the
real CLI has but the lab does not (``docker pull``, ``docker volume``...) get a plain
note, exit 1. Which commands exist, their flags and texts are those of the CLI that goes
with the backend's engine (:func:`~coursekit.cli.release.release`): CLI 28.5.2 has no
``docker stack``, and its ``run`` takes ``--annotation``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from coursekit.backends.base import Backend
from coursekit.cli.commands import container as ctr
from coursekit.cli.commands import inside, manage, query
from coursekit.cli.commands import network as net
from coursekit.cli.commands.base import NOTE, Handler
from coursekit.cli.commands.spec import CHECKS, HIDDEN_FLAGS
from coursekit.cli.errors import FlagError
from coursekit.cli.flags import policy, usage
from coursekit.cli.flags.grammar import Flag, Validator, parse_flags
from coursekit.cli.flags.usage import Help
from coursekit.cli.release import release, short_version
from coursekit.errors import DaemonUnavailable
from coursekit.result import CommandResult

DEPRECATED_H = "Flag shorthand -h has been deprecated, use --help\n"
GROUPS = ("docker network", "docker container", "docker image")


@dataclass(frozen=True)
class Command:
    """One subcommand: its handler, argument rule and flag-parsing mode."""

    handler: Handler
    args: tuple[str, ...]
    interspersed: bool = True
    extra_flags: dict[str, Flag] = field(default_factory=dict)
    checks: dict[str, Validator] = field(default_factory=dict)
    early_policy: bool = True
    """Answer flags the lab does not simulate before the handler (run/create check them
    after the CLI's own value checks)."""


def _run_like(handler: Handler) -> Command:
    """run/create: no flags after IMAGE, hidden ``--net``/``--net-alias``, value checks."""
    return Command(handler, ("min", "1"), False, HIDDEN_FLAGS, CHECKS, early_policy=False)


COMMANDS: dict[str, Command] = {
    "docker run": _run_like(ctr.run),
    "docker create": _run_like(ctr.create),
    "docker start": Command(ctr.start, ("min", "1")),
    "docker stop": Command(ctr.stop, ("min", "1"), extra_flags=ctr.TIME_FLAG),
    "docker restart": Command(ctr.restart, ("min", "1"), extra_flags=ctr.TIME_FLAG),
    "docker rm": Command(ctr.rm, ("min", "1")),
    "docker exec": Command(inside.exec_, ("min", "2"), interspersed=False),
    "docker logs": Command(manage.logs, ("exact", "1")),
    "docker rename": Command(manage.rename, ("exact", "2")),
    "docker pause": Command(manage.pause, ("min", "1")),
    "docker unpause": Command(manage.unpause, ("min", "1")),
    "docker kill": Command(manage.kill, ("min", "1")),
    "docker wait": Command(manage.wait, ("min", "1")),
    "docker top": Command(manage.top, ("min", "1"), interspersed=False),
    "docker container prune": Command(manage.prune, ("none",)),
    "docker port": Command(inside.port, ("range", "1", "2")),
    "docker ps": Command(query.ps, ("none",)),
    "docker inspect": Command(query.inspect, ("min", "1")),
    "docker images": Command(query.images, ("max", "1")),
    "docker version": Command(query.version, ("none",)),
    "docker container inspect": Command(query.container_inspect, ("min", "1")),
    "docker network ls": Command(net.ls, ("none",)),
    "docker network inspect": Command(net.inspect, ("min", "1")),
    "docker network create": Command(net.create, ("exact", "1"),
                                     checks={"label": CHECKS["label"]}),
    "docker network rm": Command(net.rm, ("min", "1")),
    "docker network connect": Command(net.connect, ("exact", "2"),
                                      checks={"link": CHECKS["link"]}),
    "docker network disconnect": Command(net.disconnect, ("exact", "2")),
    "docker network prune": Command(net.prune, ("none",)),
}


def _command(path: str) -> Command | None:
    """The command at ``path`` (``docker container ls`` is ``docker ps``'s handler)."""
    if path in COMMANDS:
        return COMMANDS[path]
    if path == "docker container ls":
        return COMMANDS["docker ps"]
    if path == "docker image ls":
        return COMMANDS["docker images"]
    if path.startswith("docker container "):
        return COMMANDS.get("docker " + path.removeprefix("docker container "))
    return None


def _not_in_lab(path: str) -> CommandResult:
    return CommandResult("", f"{NOTE}`{path}` is a real docker command, but not part of this "
                         "lab (it has containers, networks and the images already present)\n", 1)


def _flag_table(cli_help: Help, path: str, command: Command) -> dict[str, Flag]:
    return {**cli_help.flags(path), **command.extra_flags}


def run_command(backend: Backend, path: str, argv: Sequence[str]) -> CommandResult:
    """Parse ``argv`` for the command at ``path`` and run it."""
    command = _command(path)
    if command is None:
        return _not_in_lab(path)
    cli_help = release(backend.profile()).help
    try:
        parsed = parse_flags(_flag_table(cli_help, path, command), argv,
                             interspersed=command.interspersed, checks=command.checks)
    except FlagError as err:
        return CommandResult("", cli_help.flag_error(path, err.message), 125)
    if parsed.has("help") and parsed.on("help"):
        note = DEPRECATED_H if parsed.deprecated_h else ""
        return CommandResult(note + (cli_help.help_text(path) or ""))
    if not usage.args_ok(command.args, len(parsed.args)):
        return CommandResult("", cli_help.args_error(path, command.args), 1)
    refused = policy.refusal(path, parsed, NOTE) if command.early_policy else None
    if refused is not None:  # flags the lab does not simulate (run/create: after the spec)
        return CommandResult("", refused, 1)
    try:
        return command.handler(backend, parsed, path)
    except DaemonUnavailable as err:  # no engine (any more): every command says so
        if path in ("docker run", "docker container run"):
            return CommandResult("", f"docker: {err.message}\n\nRun '{path} --help' for "
                                 "more information\n", 125)
        return CommandResult("", err.message + "\n", 1)


def _group(backend: Backend, group: str, argv: Sequence[str]) -> CommandResult:
    """``docker network ...``: find the subcommand, or show the group's help."""
    cli_help = release(backend.profile()).help
    if not argv:
        return CommandResult("", cli_help.help_text(group) or "")
    if argv[0].startswith("-"):
        if argv[0] in ("--help", "-h"):
            note = DEPRECATED_H if argv[0] == "-h" else ""
            return CommandResult(note + (cli_help.help_text(group) or ""))
        return CommandResult("", cli_help.flag_error(group, f"unknown flag: {argv[0]}"), 125)
    path = usage.canonical(f"{group} {argv[0]}")
    if _command(path) is None and argv[0] not in cli_help.subcommands(group):
        return CommandResult("", cli_help.unknown_command(group, argv[0]), 1)
    return run_command(backend, path, argv[1:])


def _root_flags(backend: Backend, argv: Sequence[str]) -> tuple[CommandResult | None, list[str]]:
    cli = release(backend.profile())
    try:
        parsed = parse_flags(cli.help.flags("docker"), argv, interspersed=False)
    except FlagError as err:
        return CommandResult("", cli.help.flag_error("docker", err.message), 125), []
    if parsed.on("version"):
        return CommandResult(short_version(cli.cli)), []
    if parsed.has("help"):
        return CommandResult(cli.help.help_text("docker") or ""), []
    return None, parsed.args


def run_docker(backend: Backend, argv: Sequence[str]) -> CommandResult:
    """``docker ARGV...`` (argv without the leading ``docker``)."""
    early, args = _root_flags(backend, argv)
    if early is not None:
        return early
    cli_help = release(backend.profile()).help
    if not args:
        return CommandResult("", cli_help.help_text("docker") or "")
    path = f"docker {args[0]}"
    if path in GROUPS:
        return _group(backend, path, args[1:])
    if args[0] not in cli_help.subcommands("docker"):
        return _unknown_docker_command(cli_help, args)
    return run_command(backend, path, args[1:])


def _unknown_docker_command(cli_help: Help, args: Sequence[str]) -> CommandResult:
    """``docker exe ...``: cobra first parses the rest with the root's flags, so a flag the
    root does not know (``-it``) is reported before the unknown command."""
    try:
        parse_flags(cli_help.flags("docker"), args[1:], interspersed=True)
    except FlagError as err:
        return CommandResult("", cli_help.flag_error("docker", err.message), 125)
    return CommandResult("", cli_help.unknown_command("docker", args[0]), 1)
