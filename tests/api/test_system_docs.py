"""Documents the server writes as each engine did when recorded (the facts behind the
schema and parity suites' fixes): the images per API version, and the container list's
names and endpoints."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from api_docs import serving

from coursekit.backends.sim.served import ServedSim
from coursekit.profiles import profile


@pytest.fixture(params=["28.5", "20.10"])
def api(request: pytest.FixtureRequest) -> Iterator[tuple[str, requests.Session, str]]:
    """(engine, an HTTP session, the versioned base URL) of a fresh server."""
    engine = str(request.param)
    with serving(ServedSim(seed=0, profile=profile(engine)), tcp=True) as server, \
            requests.Session() as session:
        version = profile(engine).server.api_version
        yield engine, session, server.docker_host.replace("tcp://", "http://") + f"/v{version}"


def _post(session: requests.Session, url: str, body: Any = None) -> None:
    answer = session.post(url, json=body, timeout=5)
    assert answer.status_code < 300, answer.text


def test_the_image_list_is_the_engines(api: tuple[str, requests.Session, str]) -> None:
    """28.5 counts an image's containers and has no VirtualSize; 20.10 sends -1, a null
    RepoDigests and VirtualSize (as recorded from both engines)."""
    engine, session, base = api
    _post(session, f"{base}/containers/create?name=one", {"Image": "busybox", "Cmd": ["true"]})
    images = session.get(f"{base}/images/json", timeout=5).json()
    (image,) = [i for i in images if i["RepoTags"] == ["busybox:latest"]]
    if engine == "28.5":
        assert (image["Containers"], image["RepoDigests"]) == (1, [])
        assert "VirtualSize" not in image
    else:
        assert (image["Containers"], image["RepoDigests"]) == (-1, None)
        assert image["VirtualSize"] == image["Size"]
    assert image["Labels"] is None


def test_image_inspect_carries_the_fields_of_its_api(api: tuple[str, requests.Session, str]
                                                     ) -> None:
    """20.10's image document has Container, ContainerConfig, DockerVersion, VirtualSize
    (its document requires them); 28.5's does not; both have GraphDriver."""
    engine, session, base = api
    doc = session.get(f"{base}/images/busybox:latest/json", timeout=5).json()
    old = {"Container", "ContainerConfig", "DockerVersion", "VirtualSize"}
    assert old <= set(doc) if engine == "20.10" else not old & set(doc)
    assert doc["GraphDriver"]["Name"] == "overlay2"


def test_the_container_list_sorts_names_and_leaves_out_endpoint_names(
        api: tuple[str, requests.Session, str]) -> None:
    """A linked container's names come sorted (``/app/database`` before ``/db``), and the
    list's endpoints carry no Aliases, DriverOpts or DNSNames (28.5, live)."""
    _, session, base = api
    _post(session, f"{base}/networks/create", {"Name": "lab"})
    _post(session, f"{base}/containers/create?name=db",
          {"Image": "busybox", "Cmd": ["sleep", "1d"],
           "HostConfig": {"NetworkMode": "lab"},
           "NetworkingConfig": {"EndpointsConfig": {"lab": {"Aliases": ["data"]}}}})
    _post(session, f"{base}/containers/create?name=app",
          {"Image": "busybox", "Cmd": ["sleep", "1d"],
           "HostConfig": {"NetworkMode": "lab", "Links": ["db:database"]}})
    listed = {c["Names"][-1]: c for c in session.get(f"{base}/containers/json?all=1",
                                                     timeout=5).json()}
    assert listed["/db"]["Names"] == ["/app/database", "/db"]
    endpoint = listed["/db"]["NetworkSettings"]["Networks"]["lab"]
    assert {k: endpoint.get(k) for k in ("Aliases", "DriverOpts", "DNSNames")} == dict.fromkeys(
        ("Aliases", "DriverOpts", "DNSNames"))
