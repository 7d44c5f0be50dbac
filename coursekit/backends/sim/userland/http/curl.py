"""``curl`` on the simulated host (curl 7.88, Debian 12).

The body goes to stdout; unless ``-s``, the progress meter goes to stderr (curl shows
it whenever stdout is not a terminal, as in a notebook). The simulator prints the
meter's header and its final line only, with figures computed from the page size as
if the transfer took a millisecond. Errors (also shown with ``-sS``)::

    curl: (6) Could not resolve host: web
    curl: (7) Failed to connect to 127.0.0.1 port 8081 after 0 ms: Couldn't connect to server
    curl: (56) Recv failure: Connection reset by peer        <- published, nobody listening
    curl: (28) Connection timed out after 5001 milliseconds  <- with --connect-timeout/-m
    curl: (28) Operation timed out after 2001 milliseconds with 0 bytes received  <- paused
    curl: (22) The requested URL returned error: 404         <- with -f

Without ``-f`` an error page (404) is printed like any page and curl exits 0.
``-i`` prints the response head first, ``-I`` only the head, ``-o FILE`` keeps the
body out of stdout (the simulated file system keeps no file).
"""

from __future__ import annotations

from coursekit.backends.sim.userland.argv import OptError, Parsed, getopt
from coursekit.backends.sim.userland.http.fetch import Fetch, curl_size, fetch, parse_url
from coursekit.backends.sim.userland.http.web import headers
from coursekit.backends.sim.userland.http.writeout import FROM_FILE, figures, write_out
from coursekit.backends.sim.userland.namespace import Site
from coursekit.result import CommandResult

LONG = {"silent": "s", "show-error": "S", "fail": "f", "include": "i", "head": "I",
        "output": "o=", "location": "L", "max-time": "m=", "connect-timeout": "timeout=",
        "verbose": "v", "insecure": "k", "request": "X=", "header": "H=", "remote-name": "O",
        "write-out": "w="}
VERBOSE = ("coursekit: curl -v (the conversation, line by line) is not simulated; curl did "
           "not run\n")
METHOD = ("coursekit: curl -X {method} is not simulated (only GET and HEAD); curl did not "
          "run\n")
METER = ("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
         "                                 Dload  Upload   Total   Spent    Left  Speed\n")
CONNECT_MS = {"refused": 0, "no-route": 3071, "unreachable": 0, "timeout": 130000}


def meter_line(size: int) -> str:
    """The meter's last line: 100% of ``size`` bytes at ``size`` bytes per millisecond."""
    if size == 0:
        return ("  0     0    0     0    0     0      0      0 --:--:-- --:--:-- "
                "--:--:--     0\n")
    speed = curl_size(size * 1000)
    return (f"100 {curl_size(size)}  100 {curl_size(size)}    0     0  {speed}      0 "
            f"--:--:-- --:--:-- --:--:-- {speed}\n")


def curl(where: Site, args: list[str]) -> CommandResult:
    """``curl [-sSfiIL] [-o FILE] [-m S] [-w FORMAT] URL`` from the host."""
    parsed = getopt(args, "sSfiILvkO", "omXHw", LONG)
    if isinstance(parsed, OptError):
        return CommandResult(stderr=f"curl: {parsed.message}\ncurl: try 'curl --help' or "
                                 "'curl --manual' for more information\n", exit_code=2)
    if not parsed.operands:
        return CommandResult(stderr="curl: try 'curl --help' or 'curl --manual' for more "
                                 "information\n", exit_code=2)
    refused = _refused(parsed)
    if refused:
        return CommandResult(stderr=refused, exit_code=1)
    url = parse_url(parsed.operands[0])
    if url is None:
        scheme = parsed.operands[0].split("://", 1)[0]
        return _fail(parsed, 1, f'Protocol "{scheme}" not supported or disabled in libcurl')
    got = fetch(where, url)
    return _written(parsed, got, _report(parsed, got))


def _refused(parsed: Parsed) -> str:
    """The note for what this curl does not model (nothing is silently ignored)."""
    method = (parsed.value("X") or "GET").upper()
    if parsed.flag("v"):
        return VERBOSE
    if method not in ("GET", "HEAD"):
        return METHOD.format(method=method)
    return FROM_FILE if (parsed.value("w") or "").startswith("@") else ""


def _written(parsed: Parsed, got: Fetch, result: CommandResult) -> CommandResult:
    """``-w FORMAT``: the format, expanded, after the body (also after a failure)."""
    fmt = parsed.value("w")
    if fmt is None:
        return result
    resp = got.response
    size = len(resp.body.encode()) if resp is not None and result.exit_code == 0 \
        and not parsed.flag("I") else 0
    text, warnings = write_out(fmt, figures(got, result.exit_code, size))
    return CommandResult(result.stdout + text, result.stderr + warnings, result.exit_code)


def _fail(parsed: Parsed, code: int, message: str, meter: bool = True) -> CommandResult:
    """curl's error: the meter (unless -s), then ``curl: (N) message`` (unless -s w/o -S)."""
    silent = parsed.flag("s")
    text = "" if silent or not meter else METER + meter_line(0)
    if not silent or parsed.flag("S"):
        text += f"curl: ({code}) {message}\n"
    return CommandResult(stderr=text, exit_code=code)


def _report(parsed: Parsed, got: Fetch) -> CommandResult:
    url = got.url
    if got.ip is None:
        return _fail(parsed, 6, f"Could not resolve host: {url.host}")
    conn, resp = got.conn, got.response
    if conn is not None and conn.outcome in CONNECT_MS:
        limit = parsed.value("timeout") or parsed.value("m")
        if conn.outcome == "timeout" and limit is not None and limit.isdigit():
            return _fail(parsed, 28, f"Connection timed out after {int(limit) * 1000 + 1} "
                                     "milliseconds")
        return _fail(parsed, 7, f"Failed to connect to {url.host} port {url.port} after "
                                f"{CONNECT_MS[conn.outcome]} ms: Couldn't connect to server")
    if conn is not None and conn.outcome == "stalled":  # a paused server: no answer
        limit = parsed.value("m") or "300"
        waited = int(limit) * 1000 + 1 if limit.isdigit() else 300001
        return _fail(parsed, 28, f"Operation timed out after {waited} milliseconds with 0 "
                                 "bytes received")
    if resp is None:
        return _fail(parsed, 56, "Recv failure: Connection reset by peer")
    if parsed.flag("f") and not resp.ok:
        return _fail(parsed, 22, f"The requested URL returned error: {resp.status}")
    head = headers(resp) if parsed.flag("i") or parsed.flag("I") else ""
    body = "" if parsed.flag("I") else resp.body
    out = head + body if parsed.value("o") is None and not parsed.flag("O") else ""
    meter = "" if parsed.flag("s") else METER + meter_line(len(body.encode()))
    return CommandResult(out, meter, 0)
