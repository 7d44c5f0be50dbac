"""What a container's main process does once started: run on, or exit at once.

A container lives as long as its main process (PID 1). ``sleep 1d`` runs for a day;
``sh`` without ``-it`` finds no input and exits 0 at once; ``sh`` with a terminal
(``-t``) or open stdin (``-i``) waits for input and runs on; ``echo hi`` prints and
exits 0 (``docker logs`` shows ``hi``); ``false`` exits 1. A server (busybox
``httpd -f -p 8080``, ``nginx``, Tomcat's ``catalina.sh run``) runs and listens on a
port; if that port is already taken in its network namespace (two servers sharing a
namespace through ``--network container:...``, or two in host mode), busybox httpd
prints ``httpd: bind: Address already in use`` and exits 1.

``docker stop`` sends SIGTERM, waits 10 s, then SIGKILL. PID 1 ignores signals it has
no handler for, so ``sleep``, ``sh`` and busybox servers are killed after the timeout
(exit code 137); nginx and Apache exit 0 and Tomcat 143 at once.

:func:`plan` answers all of this for one argv, as a :class:`ProcessPlan`; commands
whose output depends on the network (``ip addr``, ``ping -c 1 x``) are marked
``delegate`` and run through the shell simulator when the container starts.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from coursekit.backends.sim.daemon.images import Image
from coursekit.backends.sim.userland.shtext import (
    file_redirect,
    mark_redirects,
    route,
    split_redirects,
)

SHELLS = frozenset({"sh", "ash", "bash", "dash"})
EXEC_FAILED = ("failed to create shim task: OCI runtime create failed: runc create failed: "
               "unable to start container process: exec: ")
NGINX_BANNER = """\
/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration
/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/
/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh
10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf
10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf
/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh
/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh
/docker-entrypoint.sh: Configuration complete; ready for start up
"""


@dataclass(frozen=True)
class ProcessPlan:
    """The fate of one main process.

    ``runs``: still running after start. Otherwise it exits at once with
    ``exit_code``, having printed ``stdout``/``stderr``. ``listens``: TCP ports it
    serves. If one is taken in its namespace it prints ``bind_error`` and exits with
    ``bind_exit`` (``None``: logs the error and runs on without listening, as Tomcat
    does). ``stop_code``: exit code after ``docker stop``; 137 means the 10 s timeout
    ran out. ``start_error``: the runtime could not execute it (exit ``exit_code``).
    """

    runs: bool = False
    exit_code: int = 0
    stdout: str = ""
    stderr: str = ""
    listens: tuple[int, ...] = ()
    bind_error: str = ""
    bind_exit: int | None = 1
    stop_code: int = 137
    start_error: str = ""
    runtime: bool = False
    """``start_error`` is the runtime's, as containerd 1.6 relays it (``: unknown``, its
    error code, last); the daemon words it (``DaemonWords.start_failed``)."""
    delegate: bool = False


def plan(image: Image, argv: tuple[str, ...], tty: bool = False,
         stdin_open: bool = False) -> ProcessPlan:
    """What ``argv`` (entrypoint + command) does as PID 1 of a container of ``image``."""
    if not argv:
        return ProcessPlan(start_error="No command specified", exit_code=127)
    missing = _missing_program(image, argv[0])
    if missing:
        return missing
    return _behaviour(image, argv, tty or stdin_open)


def _missing_program(image: Image, program: str) -> ProcessPlan | None:
    if image.has_program(program):
        return None
    if "/" in program:
        reason = f'"{program}": stat {program}: no such file or directory: unknown'
    else:
        reason = f'"{program}": executable file not found in $PATH: unknown'
    return ProcessPlan(start_error=EXEC_FAILED + reason, exit_code=127, runtime=True)


def _behaviour(image: Image, argv: tuple[str, ...], interactive: bool) -> ProcessPlan:
    name, args = argv[0].rsplit("/", 1)[-1], argv[1:]
    if name == "docker-entrypoint.sh":
        inner = _behaviour(image, args, interactive) if args else ProcessPlan()
        banner = NGINX_BANNER if args and args[0] == "nginx" else ""
        return _with_output(inner, banner)
    if name in SHELLS:
        return _shell(image, args, interactive)
    return _simple(image, name, args, interactive)


def _simple(image: Image, name: str, args: tuple[str, ...], interactive: bool) -> ProcessPlan:
    if name == "echo":
        return ProcessPlan(stdout=_echo(args))
    if name in ("true", "false"):
        return ProcessPlan(exit_code=int(name == "false"))
    if name == "sleep":
        return ProcessPlan(runs=not _zero_duration(args))
    server = _server(image, name, args)
    if server is not None:
        return server
    if name in ("top", "yes") or (name == "tail" and "-f" in args):
        return ProcessPlan(runs=True)
    if name == "cat" and not args:
        return ProcessPlan(runs=interactive)
    if name in ("ping", "ping6") and not _has_count(args):
        return ProcessPlan(runs=True)
    return ProcessPlan(delegate=True)


def _server(image: Image, name: str, args: tuple[str, ...]) -> ProcessPlan | None:
    if name == "httpd" and image.repo != "httpd":
        if "-f" not in args and not any(a.startswith("-") and "f" in a for a in args):
            return ProcessPlan()  # daemonizes: PID 1 returns at once
        return ProcessPlan(runs=True, listens=(_option_port(args, "-p", 80),),
                           bind_error="httpd: bind: Address already in use\n")
    if name == "nc" and any(a.startswith("-l") for a in args):
        port = _option_port(args, "-p", 0)
        return ProcessPlan(runs=True, listens=(port,) if port else (),
                           bind_error="nc: bind: Address already in use\n")
    if name == "nginx":
        return ProcessPlan(runs=True, listens=(80,), stop_code=0, bind_error=(
            "nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n"))
    if name in ("httpd", "httpd-foreground"):
        return ProcessPlan(runs=True, listens=(80,), stop_code=0, bind_error=(
            "(98)Address already in use: AH00072: make_sock: could not bind to address "
            "0.0.0.0:80\nno listening sockets available, shutting down\n"
            "AH00015: Unable to open logs\n"))
    if name == "catalina.sh" and args[:1] == ("run",):
        return ProcessPlan(runs=True, listens=(8080,), stop_code=143, bind_exit=None,
                           bind_error=("SEVERE [main] org.apache.catalina.core.StandardService"
                                       ".initInternal Failed to initialize connector "
                                       "[Connector[HTTP/1.1-8080]]\njava.net.BindException: "
                                       "Address already in use\n"))
    return None


def _shell(image: Image, args: tuple[str, ...], interactive: bool) -> ProcessPlan:
    if "-c" not in args:
        return ProcessPlan(runs=interactive)
    position = args.index("-c")
    script = args[position + 1] if position + 1 < len(args) else ""
    return _script(image, script, interactive)


def _script(image: Image, script: str, interactive: bool) -> ProcessPlan:
    """A ``sh -c`` script, command by command: echo, exit, true/false, a runner; each
    command's output goes where its redirections send it (``echo two >&2``: stderr)."""
    output, errors, status = "", "", 0
    for words in _split_commands(script):
        command, redirects = split_redirects(words)
        if file_redirect(command) is not None:
            return ProcessPlan(delegate=True)  # the shell answers what it cannot write
        if command[:1] == ["exit"]:
            code = int(command[1]) if command[1:] and command[1].isdigit() else status
            return ProcessPlan(stdout=output, stderr=errors, exit_code=code)
        if command[:1] == ["while"]:
            return ProcessPlan(runs=True, stdout=output, stderr=errors)
        step = _step(image, command, interactive)
        if step.runs:
            return ProcessPlan(runs=True, stdout=output, stderr=errors, listens=step.listens,
                               bind_error=step.bind_error, bind_exit=step.bind_exit)
        if step.delegate or step.start_error:
            return ProcessPlan(delegate=True)
        out, err = route(step.stdout, step.stderr, redirects)
        output, errors, status = output + out, errors + err, step.exit_code
    return ProcessPlan(stdout=output, stderr=errors, exit_code=status)


def _step(image: Image, command: list[str], interactive: bool) -> ProcessPlan:
    """One command of a script (``exec CMD`` runs CMD; nothing but redirections: nothing)."""
    if command[:1] == ["exec"]:
        command = command[1:]
    return _behaviour(image, tuple(command), interactive) if command else ProcessPlan()


def _split_commands(script: str) -> list[list[str]]:
    lexer = shlex.shlex(mark_redirects(script), posix=True, punctuation_chars=";&|\n")
    lexer.whitespace = " \t"
    commands: list[list[str]] = [[]]
    for token in lexer:
        if token and set(token) <= set(";&|\n"):
            commands.append([])
        else:
            commands[-1].append(token)
    return [command for command in commands if command]


def _with_output(inner: ProcessPlan, banner: str) -> ProcessPlan:
    if not banner:
        return inner
    return ProcessPlan(inner.runs, inner.exit_code, banner + inner.stdout, inner.stderr,
                       inner.listens, inner.bind_error, inner.bind_exit, inner.stop_code,
                       inner.start_error, inner.delegate)


def _echo(args: tuple[str, ...]) -> str:
    if args[:1] == ("-n",):
        return " ".join(args[1:])
    return " ".join(args) + "\n"


def _zero_duration(args: tuple[str, ...]) -> bool:
    return bool(args) and args[0].rstrip("smhd") in ("0", "0.0", "")


def _has_count(args: tuple[str, ...]) -> bool:
    return any(a == "-c" or (a.startswith("-c") and a[2:].isdigit()) for a in args)


def _option_port(args: tuple[str, ...], flag: str, default: int) -> int:
    """``-p 8080``, ``-p8080`` or ``-p 0.0.0.0:8080`` -> 8080."""
    for index, arg in enumerate(args):
        value = None
        if arg == flag and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith(flag) and len(arg) > len(flag):
            value = arg[len(flag):]
        elif arg.startswith("-") and arg.endswith(flag[-1]) and index + 1 < len(args):
            value = args[index + 1]
        if value is not None:
            port = value.rsplit(":", 1)[-1]
            if port.isdigit():
                return int(port)
    for arg in args:  # nc -l 8080 (BSD style)
        if arg.isdigit():
            return int(arg)
    return default
