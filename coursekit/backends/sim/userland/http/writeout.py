"""curl's ``-w``/``--write-out FORMAT``: what curl prints on stdout once a transfer ends.

``%{name}`` is replaced by a figure of the transfer, ``%%`` by ``%``, and ``\\n``,
``\\r``, ``\\t`` by a newline, carriage return and tab, as curl 7.88 does. A transfer that
never got an answer reports ``http_code`` 000, no remote address and port 0 (as curl
7.88 does on Debian 12). An unknown variable is left out with
curl's own warning on stderr; ``@FILE`` (a format read from a file) is not simulated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from coursekit.backends.sim.userland.http.fetch import Fetch

ESCAPES = {"n": "\n", "r": "\r", "t": "\t"}
_TOKEN = re.compile(r"%\{([a-z_]+)\}|%%|\\([nrt])")
FROM_FILE = ("coursekit: curl -w @FILE (a format read from a file) is not simulated; curl did "
             "not run\n")


def figures(got: Fetch, exit_code: int, size: int) -> Mapping[str, str]:
    """The write-out variables the lab can tell, for one transfer."""
    resp = got.response
    code = f"{resp.status:03d}" if resp is not None and exit_code in (0, 22) else "000"
    return {"http_code": code, "response_code": code, "exitcode": str(exit_code),
            "size_download": str(size), "url_effective": got.url.normalized,
            "remote_ip": got.ip or "" if resp is not None else "",
            "remote_port": str(got.url.port) if resp is not None else "0",
            "num_connects": "1" if resp is not None else "0",
            "content_type": "text/html" if resp is not None else "", "scheme": "HTTP"}


def write_out(fmt: str, values: Mapping[str, str]) -> tuple[str, str]:
    """``fmt`` expanded with ``values``: (stdout text, stderr warnings)."""
    warnings: list[str] = []

    def expand(match: re.Match[str]) -> str:
        name, escape = match.group(1), match.group(2)
        if escape:
            return ESCAPES[escape]
        if name is None:
            return "%"
        if name not in values:
            warnings.append(f"curl: unknown --write-out variable: '{name}'\n")
            return ""
        return values[name]

    return _TOKEN.sub(expand, fmt), "".join(warnings)
