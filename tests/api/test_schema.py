"""The server against Docker's own OpenAPI document, with requests schemathesis generates.

For each engine profile (28.5: API 1.51; 20.10: API 1.41) a fresh server holding a small
lab (a network, a running and a created container) takes requests generated from that
engine's ``swagger.yaml``: ``PER_IMPLEMENTED`` for each operation the server routes and
``PER_UNIMPLEMENTED`` for each of the others (which answer one ``coursekit:`` line). Every
answer must come within ``TIMEOUT`` seconds and not be a 5xx; the answers of the
implemented operations must also conform to the document's response schemas. Half of the
generated GET requests name the lab's own container or network in their path, so the
documents checked are real ones, not only ``404``s. Where the server is wrong in code
another module owns, the case is listed in ``KNOWN`` (strict xfail, with the reason).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
import requests
import yaml
from api_docs import serving
from tools import require_swagger

from coursekit.api.server import TABLES
from coursekit.backends.sim.served import ServedSim
from coursekit.profiles import profile

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.core.failures import FailureGroup  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

schemathesis.serializer.alias("application/x-tar", "application/octet-stream")
"""Archive uploads (``PUT /containers/{id}/archive``, ``/build``, ``/images/load``) are
sent as bytes: the server does not simulate them, so only their answer is checked."""
PROFILES = ("28.5", "20.10")
PER_IMPLEMENTED = 40
PER_UNIMPLEMENTED = 3
TIMEOUT = 5.0
MIN_IMPLEMENTED_REQUESTS = 1000
LAB_REFS = {"id": ("web", "idle"), "name": ("lab", "bridge", "busybox:latest")}
"""Path parameters a GET may take from the lab instead of generating them."""
SETUP = (("POST", "/networks/create", {"Name": "lab"}),
         ("POST", "/containers/create?name=web",
          {"Image": "busybox", "Cmd": ["httpd", "-f", "-p", "80"],
           "HostConfig": {"NetworkMode": "lab", "PortBindings": {"80/tcp": [{"HostPort":
                                                                            "8080"}]}},
           "ExposedPorts": {"80/tcp": {}}}),
         ("POST", "/containers/web/start", None),
         ("POST", "/containers/create?name=idle", {"Image": "busybox", "Cmd": ["true"]}))
STREAMS = ("GET /events", "POST /images/create")
"""Operations answered with a stream of JSON documents, one per line (possibly none):
schemathesis reads a body as one document, so each line is validated here instead."""
KNOWN: dict[tuple[str, str], str] = {}
"""(profile, operation label) -> why the server does not conform yet (strict xfail)."""


def implemented(method: str, path: str) -> bool:
    """Whether the server routes ``method path`` (a path template of the document)."""
    sample = re.sub(r"\{[^}]+\}", "x1", path)
    wanted = {method.upper(), "GET" if method.upper() == "HEAD" else method.upper()}
    return any(m in wanted and re.fullmatch(pattern, sample)
               for table in TABLES for m, pattern, _ in table)


GO_POINTERS = ("MemorySwappiness", "Labels", "RepoDigests")
"""Fields the engine sends as ``null`` where the document says otherwise: a Go pointer
(``"MemorySwappiness":null`` in every inspect document recorded from 20.10 and 28.5) or
a nil map or slice the document marks ``x-nullable: false`` (``GET /images/json``'s
``"Labels":null``, recorded from both engines, and 20.10's ``"RepoDigests":null``)."""


SEEN_VALUES = {"Isolation": "", "Name": "no"}
"""Values the engine sends that an ``enum`` of the 20.10 document leaves out, recorded from
20.10 in every inspect document: ``"Isolation":""`` and ``"RestartPolicy":{"Name":"no"``
(the RestartPolicy enum is the only one with a ``Name`` property)."""


def go_nullable(node: Any) -> Any:
    """The document with every array and object marked ``x-nullable``: Go's encoder
    writes a nil slice, map or pointer as ``null`` (the engine's ``"Aliases": null``,
    ``"Labels": null``...), which the document, written for the Go types, never says;
    so are the pointer scalars of ``GO_POINTERS``."""
    if isinstance(node, dict):
        node = {k: go_nullable(v) for k, v in node.items()}
        if node.get("type") in ("array", "object") or "additionalProperties" in node:
            node.setdefault("x-nullable", True)
        for name in GO_POINTERS:
            field = (node.get("properties") or {}).get(name)
            if isinstance(field, dict):
                field["x-nullable"] = True
        for name, value in SEEN_VALUES.items():
            field = (node.get("properties") or {}).get(name)
            if isinstance(field, dict) and "enum" in field and value not in field["enum"]:
                field["enum"] = [*field["enum"], value]
    elif isinstance(node, list):
        node = [go_nullable(v) for v in node]
    return node


@functools.cache
def document(engine: str) -> dict[str, Any]:
    """Docker's document for ``engine``, arrays and objects nullable as Go writes them."""
    loaded: dict[str, Any] = go_nullable(yaml.safe_load(require_swagger(engine).read_text()))
    return loaded


def operations(engine: str) -> Iterator[Any]:
    schema = schemathesis.openapi.from_dict(document(engine))
    for result in schema.get_all_operations():
        yield result.ok()


def _typed_null(node: Any) -> Any:
    """``x-nullable`` as JSON Schema says it (a ``null`` type), for plain jsonschema."""
    if isinstance(node, dict):
        node = {k: _typed_null(v) for k, v in node.items()}
        if node.get("x-nullable") and isinstance(node.get("type"), str):
            node["type"] = [node["type"], "null"]
    elif isinstance(node, list):
        node = [_typed_null(v) for v in node]
    return node


def _leaves(error: jsonschema.ValidationError) -> Iterator[jsonschema.ValidationError]:
    if not error.context:
        yield error
    for sub in error.context or ():
        yield from _leaves(sub)


def where(engine: str, op: Any, status: int, body: Any) -> list[str]:
    """Each field of ``body`` that breaks the response schema, as ``path: why`` lines
    (schemathesis reports a nullable object's failure as one ``anyOf``)."""
    doc = document(engine)
    answer = (doc["paths"][op.path][op.method.lower()]["responses"].get(str(status)) or {})
    if "schema" not in answer:
        return []
    schema = _typed_null({**answer["schema"], "definitions": doc["definitions"]})
    errors = jsonschema.Draft4Validator(schema).iter_errors(body)
    return sorted({f"  {'.'.join(str(p) for p in leaf.absolute_path)}: {leaf.message[:120]}"
                   for error in errors for leaf in _leaves(error)})


def _lab_refs(case: Any, index: int) -> None:
    """Every other GET names the lab's own objects in its path. Requests that wait by
    design, on the engine as here, are kept from waiting: ``/events`` gets an ``until``
    in the past (a generated one is kept only if it is no number, to test the refusal),
    and the logs of the lab's running container are not followed."""
    until = str((case.query or {}).get("until", "1"))
    if case.path == "/events" and re.fullmatch(r"[\d.eE+-]*", until):
        case.query = {**(case.query or {}), "until": "1"}
    if case.path.endswith("/logs") and not index % 2:
        case.query = {**(case.query or {}), "follow": False}
    if case.method.upper() != "GET" or index % 2 or not case.path_parameters:
        return
    for key in list(case.path_parameters):
        choices = LAB_REFS.get(key)
        if choices:
            case.path_parameters[key] = choices[index // 2 % len(choices)]


def exercise(engine: str, op: Any, base: str, session: requests.Session, examples: int,
             conform: bool) -> tuple[int, list[str]]:
    """Send ``examples`` generated requests for ``op``; (how many were sent, failures)."""
    sent: list[int] = []
    failures: list[str] = []
    streamed = op.label in STREAMS
    checks = [not_a_server_error,
              *([response_schema_conformance] if conform and not streamed else [])]

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
    @given(op.as_strategy())
    def one(case: Any) -> None:
        _lab_refs(case, len(sent))
        sent.append(1)
        try:
            response = case.call(base_url=base, session=session, timeout=TIMEOUT)
        except (requests.Timeout, requests.ConnectionError):
            failures.append(f"{op.label}: no answer within {TIMEOUT} s: {case.as_curl_command()}")
            return
        if streamed and conform and response.status_code == 200:
            for line in response.text.splitlines():
                failures.extend(f"{op.label} -> 200: {case.as_curl_command()}\n{why}"
                                for why in where(engine, op, 200, json.loads(line)))
        try:
            case.validate_response(response, checks=checks)
        except (AssertionError, FailureGroup) as err:  # a check failed: note it, go on
            typed = "json" in response.headers.get("content-type", "")
            body = response.json() if typed and response.content else None
            detail = where(engine, op, response.status_code, body) or str(err).splitlines()[:12]
            failures.append(f"{op.label} -> {response.status_code}: {case.as_curl_command()}\n"
                            + "\n".join(detail))

    one()
    return len(sent), failures


def _setup(base: str, session: requests.Session) -> None:
    for method, path, body in SETUP:
        answer = session.request(method, base + path, json=body, timeout=TIMEOUT)
        assert answer.status_code < 300, (path, answer.text)


@pytest.mark.parametrize("engine", PROFILES)
def test_generated_requests_get_schema_conforming_answers(engine: str) -> None:
    """No 5xx, no hang, and the implemented operations answer as the document says."""
    ops = list(operations(engine))
    version = profile(engine).server.api_version
    with serving(ServedSim(seed=0, profile=profile(engine)), tcp=True) as server, \
            requests.Session() as session:
        base = server.docker_host.replace("tcp://", "http://") + f"/v{version}"
        _setup(base, session)
        counts = {True: 0, False: 0}
        failures: list[str] = []
        for op in ops:
            known = (engine, op.label) in KNOWN
            routed = implemented(op.method, op.path)
            sent, failed = exercise(engine, op, base, session,
                                    PER_IMPLEMENTED if routed else PER_UNIMPLEMENTED, routed)
            counts[routed] += sent
            failures += [] if known else failed
    assert counts[True] >= MIN_IMPLEMENTED_REQUESTS, counts
    assert counts[False] > 0, "no unimplemented operation was tried"
    distinct = sorted(set(failures))
    assert not distinct, f"{len(distinct)} distinct failures:\n\n" + "\n\n".join(distinct[:30])


OWN = "/coursekit/"
"""The lab's own routes (``/coursekit/reset``, ``/coursekit/host/exec``), not Docker's."""


def test_the_document_knows_every_route() -> None:
    """Each route the server serves is an operation of Docker's document (no invented
    paths beyond the lab's own), checked against the newest document."""
    documented = [(op.method.upper(), re.sub(r"\{[^}]+\}", "x1", op.path))
                  for op in operations("28.5")]
    missing = [(method, pattern) for table in TABLES for method, pattern, _ in table
               if not pattern.startswith(OWN)
               and not any(m == method and re.fullmatch(pattern, p) for m, p in documented)]
    assert not missing, missing
