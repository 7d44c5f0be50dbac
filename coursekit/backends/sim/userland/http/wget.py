"""``wget``: busybox's in containers (as official busybox/alpine images print it), GNU on the host.

busybox (observed with busybox 1.35 against busybox httpd)::

    Connecting to web:8080 (172.18.0.3:8080)       <- host as typed (ip:port)
    writing to stdout                               <- -O-  ("saving to 'index.html'")
    -                    100% |****...****|   615  0:00:00 ETA
    written to stdout                               <- ("'index.html' saved")

Failures: ``wget: bad address 'x'``, ``wget: can't connect to remote host (IP):
Connection refused`` (also ``No route to host``, ``Network is unreachable``,
``Connection timed out``; ``download timed out`` with a short ``-T``, and from a paused
server, which accepts the connection and never answers),
``wget: server returned error: HTTP/1.1 404 Not Found``; all exit 1. ``-q`` keeps only
the error lines. Saved files are not kept: the simulated file system has no files.

GNU wget prints its ``--DATE--  URL`` / ``Connecting to ...`` dialogue; exit 4 for a
network failure, 8 for a server error.
"""

from __future__ import annotations

from coursekit.backends.sim.userland.argv import OptError, Parsed, getopt
from coursekit.backends.sim.userland.http.fetch import Fetch, Url, fetch, parse_url, progress_size
from coursekit.backends.sim.userland.namespace import Site
from coursekit.backends.sim.userland.usage import die, usage
from coursekit.result import CommandResult

BUSYBOX_LONG = {"quiet": "q", "output-document": "O=", "spider": "spider", "timeout": "T=",
                "header": "header=", "user-agent": "U=", "no-check-certificate": "nocert",
                "tries": "t=", "continue": "c", "server-response": "S"}
ERRNO_TEXT = {"refused": "Connection refused", "no-route": "No route to host",
              "unreachable": "Network is unreachable", "timeout": "Connection timed out"}


def busybox_wget(where: Site, args: list[str]) -> CommandResult:
    """busybox ``wget [-q] [-O FILE] [-T SEC] [--spider] URL...``."""
    parsed = getopt(args, "cqS", "OoPUYTtn", BUSYBOX_LONG)
    if isinstance(parsed, OptError):
        return usage("wget", parsed.message)
    if not parsed.operands:
        return usage("wget")
    stdout, stderr = "", ""
    for text in parsed.operands:
        result = _busybox_one(where, text, parsed)
        stdout, stderr = stdout + result.stdout, stderr + result.stderr
        if result.exit_code:
            return CommandResult(stdout, stderr, result.exit_code)
    return CommandResult(stdout, stderr, 0)


def _busybox_one(where: Site, text: str, parsed: Parsed) -> CommandResult:
    """One URL: resolve, connect, save (busybox dies at the first failure)."""
    url = parse_url(text)
    if url is None:
        return CommandResult(stderr=f"wget: not an http or ftp url: {text}\n", exit_code=1)
    got = fetch(where, url)
    if got.ip is None:
        return CommandResult(stderr=f"wget: bad address '{url.host}'\n", exit_code=1)
    quiet = parsed.flag("q")
    connecting = "" if quiet else f"Connecting to {url.hostport} ({got.ip}:{url.port})\n"
    failure = _busybox_failure(got, parsed.value("T"))
    if failure or parsed.flag("spider"):
        return CommandResult(stderr=connecting + failure, exit_code=1 if failure else 0)
    body, note = _busybox_save(got, parsed.value("O") or _file_name(url), quiet)
    return CommandResult(body, connecting + note)


def _busybox_failure(got: Fetch, timeout: str | None) -> str:
    """The error line busybox dies with, or ``""`` when the page came back."""
    conn = got.conn
    if conn is None:
        return ""
    if conn.outcome == "timeout" and timeout is not None and timeout.isdigit() \
            and int(timeout) < 127:
        return "wget: download timed out\n"
    if conn.outcome in ERRNO_TEXT:
        return f"wget: can't connect to remote host ({got.ip}): {ERRNO_TEXT[conn.outcome]}\n"
    if conn.outcome == "reset":
        return "wget: error getting response: Connection reset by peer\n"
    if conn.outcome == "stalled":  # connected, but the (paused) server never answers
        return "wget: download timed out\n"
    if got.response is not None and not got.response.ok:
        return f"wget: server returned error: {got.response.status_line}\n"
    return ""


def _file_name(url: Url) -> str:
    """The name busybox saves to: the last path component, or index.html."""
    last = url.path.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1]
    return last or "index.html"


def _busybox_save(got: Fetch, name: str, quiet: bool) -> tuple[str, str]:
    """(stdout, stderr) of a successful download to ``name`` (``-``: stdout)."""
    body = got.response.body if got.response else ""
    size = len(body.encode())
    to_stdout = name == "-"
    if quiet:
        return (body if to_stdout else ""), ""
    label = "-" if to_stdout else name.rsplit("/", 1)[-1]
    bar = f"{label[:20]:<20} 100% |{'*' * 32}| {progress_size(size)}  0:00:00 ETA\n"
    if to_stdout:
        return body, f"writing to stdout\n{bar}written to stdout\n"
    return "", f"saving to '{name}'\n{bar}'{name}' saved\n"


GNU_LONG = {"quiet": "q", "output-document": "O=", "spider": "spider", "timeout": "T=",
            "tries": "t=", "no-verbose": "nv", "server-response": "S"}


def gnu_wget(where: Site, args: list[str], now: str) -> CommandResult:
    """GNU ``wget [-q] [-O FILE] URL`` on the host; ``now`` is ``YYYY-MM-DD HH:MM:SS``."""
    parsed = getopt(args, "qSvc", "OTtoP", GNU_LONG)
    if isinstance(parsed, OptError):
        return CommandResult(stderr=f"wget: {parsed.message}\nUsage: wget [OPTION]... [URL]...\n"
                                 "\nTry `wget --help' for more options.\n", exit_code=2)
    if not parsed.operands:
        return die("wget", "missing URL\nUsage: wget [OPTION]... [URL]...\n\n"
                           "Try `wget --help' for more options.", 1)
    url = parse_url(parsed.operands[0])
    if url is None:
        return die("wget", f"{parsed.operands[0]}: Unsupported scheme.")
    got = fetch(where, url)
    text, code = _gnu_dialogue(got, parsed.value("O") or _file_name(url), now)
    body = got.response.body if got.response and got.response.ok else ""
    stdout = body if parsed.value("O") == "-" else ""
    return CommandResult(stdout, "" if parsed.flag("q") else text, code)


def _gnu_dialogue(got: Fetch, name: str, now: str) -> tuple[str, int]:
    """GNU wget's stderr for one URL and its exit code."""
    text, code = _gnu_connect(got, now)
    if code:
        return text, code
    resp = got.response
    text += "connected.\nHTTP request sent, awaiting response... "
    if resp is None:
        why = "Connection timed out" if got.conn and got.conn.outcome == "stalled" else \
            "Connection reset by peer"
        return text + f"Read error ({why}) in headers.\nGiving up.\n\n", 4
    text += f"{resp.status} {resp.reason}".rstrip() + "\n"
    if not resp.ok:
        return text + f"{now} ERROR {resp.status}: {resp.reason or 'Not Found'}.\n\n", 8
    target = "‘STDOUT’" if name == "-" else f"‘{name}’"
    done = "written to stdout" if name == "-" else f"{target} saved"
    return text + (f"Length: {resp.size} [text/html]\nSaving to: {target}\n\n"
                   f"     0K{' ' * 55}100% 58.6M=0s\n\n"
                   f"{now} (58.6 MB/s) - {done} [{resp.size}/{resp.size}]\n\n"), 0


def _gnu_connect(got: Fetch, now: str) -> tuple[str, int]:
    """The ``--DATE--``, ``Resolving`` and ``Connecting to`` lines; code 4 on failure."""
    url = got.url
    text = f"--{now}--  {url.normalized}\n"
    named = got.ip != url.host
    if named:
        answer = got.ip if got.ip else "failed: Name or service not known."
        text += f"Resolving {url.host} ({url.host})... {answer}\n"
        if got.ip is None:
            return text + f"wget: unable to resolve host address ‘{url.host}’\n", 4
    where = f"{url.host} ({url.host})|{got.ip}|:{url.port}" if named else \
        f"{url.host}:{url.port}"
    text += f"Connecting to {where}... "
    if got.conn is not None and got.conn.outcome in ERRNO_TEXT:
        return text + f"failed: {ERRNO_TEXT[got.conn.outcome]}.\n", 4
    return text, 0
