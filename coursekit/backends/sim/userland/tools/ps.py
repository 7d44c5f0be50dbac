"""busybox ``ps``: the processes of one container's PID namespace.

A container has its own PID namespace: its main command is PID 1 (``httpd -f -p 8080``,
``sleep 1d``) and every ``docker exec`` starts a new process there, which is why ``ps``
lists itself. The kernel numbers processes in order and the runtime spends a few PIDs
on each exec (``runc init``), so the N-th exec's PID is ``FIRST_EXEC + STEP * (N - 1)``
here (observed on both engines: 7 or 8, then steps of 6; the golden tests do not
compare those PIDs).

The lab's busybox (Debian's build, in an image without ``/etc/passwd``) prints three
columns, ``PID   USER     COMMAND``, with the numeric user ``0``; the official busybox
image prints ``PID   USER     TIME  COMMAND`` with ``root`` and ``0:00``. busybox takes
``ps aux`` and ``ps -ef`` and prints the same table; ``-o pid,user,comm,args`` picks
columns (others busybox knows, such as ``vsz``, are answered with a note). Inside ``sh -c
'LINE'`` the shell runs the ps applet without exec, so its command line is still the
shell's: ``{ps} sh -c LINE``. A main process ``sh -c 'echo hi; sleep 1d'`` shows as
``sleep 1d``: busybox's shell execs the last command of its script (a loop keeps the
shell; its short-lived children are not listed).
"""

from __future__ import annotations

from coursekit.backends.sim.userland.namespace import Site
from coursekit.backends.sim.userland.usage import BANNER
from coursekit.models import Container
from coursekit.result import CommandResult

FIRST_EXEC = 7
STEP = 6
USER = "0"
COLUMNS = {"pid": ("PID", 5, True), "ppid": ("PPID", 5, True), "user": ("USER", 8, False),
           "ruser": ("RUSER", 8, False), "group": ("GROUP", 8, False),
           "rgroup": ("RGROUP", 8, False), "comm": ("COMMAND", 16, False),
           "args": ("COMMAND", 0, False)}
"""Columns the simulator prints: header, width, right-aligned."""
SUPPORTED = "user,group,comm,args,pid,ppid,pgid,nice,rgroup,ruser,tty,vsz,sid,stat,rss"
OPTIONS = "aAdeflT"
USAGE = ("Usage: ps [-o COL1,COL2=HEADER] [-T]\n\nShow list of processes\n\n"
         "\t-o COL1,COL2=HEADER\tSelect columns for display\n"
         "\t-T\t\t\tShow threads\n")
NOEXEC = frozenset({"ps"})
"""Applets busybox's shell runs in its own process (the line stays ``sh -c ...``)."""


def ps(where: Site, args: list[str]) -> CommandResult:
    """``ps [aux|-ef|-A] [-o COLUMNS]`` inside a container."""
    columns = ["pid", "user", "args"]
    words = list(args)
    while words:
        word = words.pop(0)
        if word.startswith("-o"):
            columns = (word[2:] or (words.pop(0) if words else "")).split(",")
        elif word.startswith("-") and set(word[1:]) - set(OPTIONS):
            bad = sorted(set(word[1:]) - set(OPTIONS), key=word.index)[0]
            return CommandResult(stderr=f"ps: invalid option -- '{bad}'\n{BANNER}{USAGE}",
                                 exit_code=1)
    unknown = [c for c in columns if c not in SUPPORTED.split(",")]
    if unknown:
        return CommandResult(stderr=f"ps: bad -o argument '{unknown[0]}', supported arguments: "
                                    f"{SUPPORTED}\n", exit_code=1)
    unmodelled = [c for c in columns if c not in COLUMNS]
    if unmodelled or where.container is None:
        return CommandResult(stderr=f"coursekit: ps -o {unmodelled[0] if unmodelled else ''} "
                                    "is not simulated; the command did not run\n", exit_code=1)
    return CommandResult(table(processes(where, ["ps", *args]), columns))


def processes(where: Site, argv: list[str]) -> list[tuple[int, str, str]]:
    """(PID, comm, command line) of each process, PID 1 first, the caller last."""
    container = where.container
    assert container is not None
    rows = [(1, *main_process((*container.entrypoint, *container.command)))]
    pid = exec_pid(container)
    line = where.shell_line
    if not line:
        return [*rows, (pid, argv[0], " ".join(argv))]
    if any(mark in line for mark in (";", "&&", "||", "|")):
        rows.append((pid, "sh", f"sh -c {line}"))
        pid += STEP
    shown = f"{{{argv[0]}}} sh -c {line}" if argv[0] in NOEXEC else " ".join(argv)
    rows.append((pid, argv[0], shown))
    return rows + _pipe_partners(line, pid, argv[0])


def main_process(argv: tuple[str, ...]) -> tuple[str, str]:
    """PID 1's (comm, command line): busybox ``sh -c 'a; b'`` execs its last command."""
    if len(argv) >= 3 and _comm(argv[0]) in ("sh", "ash") and argv[1] == "-c":
        last = argv[2].replace("&&", ";").replace("||", ";").split(";")[-1].split()
        if last and not ({"|", "&", "done", "fi"} & set(last)) and "|" not in argv[2]:
            return _comm(last[0]), " ".join(last)
    return (_comm(argv[0]) if argv else "sh"), " ".join(argv)


def _pipe_partners(line: str, pid: int, own: str) -> list[tuple[int, str, str]]:
    """The other stages of ``ps | cat``: re-executed applets, shown as ``{exe} cat``."""
    stages = [stage.split() for stage in line.split("|")] if "|" in line else []
    others = [words for words in stages if words and words[0] != own]
    return [(pid + 1 + i, "exe", "{exe} " + " ".join(words)) for i, words in enumerate(others)]


def exec_pid(container: Container) -> int:
    """The PID of the container's latest ``docker exec`` process."""
    return FIRST_EXEC + STEP * max(container.execs - 1, 0)


def _comm(program: str) -> str:
    return program.rpartition("/")[2][:15]


def table(rows: list[tuple[int, str, str]], columns: list[str]) -> str:
    """busybox's layout: each column padded to its width, the last one as it is."""
    out = [_line([(c, COLUMNS[c][0]) for c in columns], header=True)]
    for pid, comm, args in rows:
        values = {"pid": str(pid), "ppid": "0", "user": USER, "ruser": USER, "group": USER,
                  "rgroup": USER, "comm": comm, "args": args}
        out.append(_line([(c, values[c]) for c in columns], header=False))
    return "".join(line + "\n" for line in out)


def _line(cells: list[tuple[str, str]], header: bool) -> str:
    parts = []
    for column, text in cells:
        _, width, right = COLUMNS[column]
        parts.append(text.rjust(width) if right and not header else text.ljust(width))
    return " ".join(parts).rstrip()
