"""The image catalog and what main processes do (sim.images, sim.process)."""

from __future__ import annotations

import pytest

from coursekit.backends.sim.daemon.images import ImageStore, normalize_ref
from coursekit.backends.sim.daemon.process import plan
from coursekit.errors import NotFound

STORE = ImageStore()
BUSYBOX = STORE.find("busybox")


def test_normalize_ref() -> None:
    """Missing tags mean latest; docker.io/library/ is dropped."""
    assert normalize_ref("busybox") == "busybox:latest"
    assert normalize_ref("docker.io/library/alpine:latest") == "alpine:latest"
    assert normalize_ref("billygoo/tomcat8-jdk8") == "billygoo/tomcat8-jdk8:latest"
    assert normalize_ref("localhost:5000/x") == "localhost:5000/x:latest"


def test_catalog_has_course_images() -> None:
    """The six images the course uses are local."""
    assert set(STORE.refs()) == {"busybox:latest", "alpine:latest", "ubuntu:latest",
                                 "nginx:latest", "httpd:latest",
                                 "billygoo/tomcat8-jdk8:latest"}


def test_unknown_image_message() -> None:
    """The daemon's text for a missing image names the normalised reference."""
    with pytest.raises(NotFound) as err:
        STORE.find("foo")
    assert err.value.message == "No such image: foo:latest"
    with pytest.raises(NotFound, match="^No such image: busybox:nosuch$"):
        STORE.find("busybox:nosuch")


def test_find_by_id_prefix() -> None:
    """An unambiguous image ID prefix names the image."""
    assert STORE.find(BUSYBOX.id[7:19]) is BUSYBOX


def test_image_config() -> None:
    """Default commands and exposed ports as the images declare them."""
    nginx = STORE.find("nginx")
    assert nginx.entrypoint == ("/docker-entrypoint.sh",) and nginx.exposed == ("80/tcp",)
    assert STORE.find("billygoo/tomcat8-jdk8").cmd == ("catalina.sh", "run")
    assert BUSYBOX.cmd == ("sh",)


def test_programs_per_image() -> None:
    """busybox has ip; ubuntu does not; paths resolve to bin directories."""
    assert BUSYBOX.has_program("ip") and BUSYBOX.has_program("/bin/sh")
    assert not STORE.find("ubuntu").has_program("ip")
    assert not BUSYBOX.has_program("/bin/foo")


@pytest.mark.parametrize(("argv", "tty", "runs", "code"), [
    (("sleep", "1d"), False, True, 0),
    (("sleep", "0"), False, False, 0),
    (("sh",), False, False, 0),
    (("sh",), True, True, 0),
    (("false",), False, False, 1),
    (("httpd",), False, False, 0),
    (("sh", "-c", "echo a; echo b; exit 3"), False, False, 3),
    (("sh", "-c", "while true; do sleep 1; done"), False, True, 0),
])
def test_runs_or_exits(argv: tuple[str, ...], tty: bool, runs: bool, code: int) -> None:
    """Which commands keep a container running and which exit at once, with what code."""
    result = plan(BUSYBOX, argv, tty=tty)
    assert (result.runs, result.exit_code) == (runs, code)


def test_echo_output() -> None:
    """echo prints its arguments (docker logs shows them)."""
    assert plan(BUSYBOX, ("echo", "hi")).stdout == "hi\n"
    assert plan(BUSYBOX, ("sh", "-c", "echo a; echo b")).stdout == "a\nb\n"


def test_servers_listen() -> None:
    """busybox httpd -f -p 8080 listens on 8080; nginx on 80; tomcat on 8080."""
    assert plan(BUSYBOX, ("httpd", "-f", "-p", "8080")).listens == (8080,)
    assert plan(BUSYBOX, ("httpd", "-f")).listens == (80,)
    nginx = STORE.find("nginx")
    served = plan(nginx, nginx.entrypoint + nginx.cmd)
    assert served.runs and served.listens == (80,) and "Configuration complete" in served.stdout
    tomcat = plan(STORE.find("billygoo/tomcat8-jdk8"), ("catalina.sh", "run"))
    assert tomcat.listens == (8080,) and tomcat.stop_code == 143 and tomcat.bind_exit is None


def test_bind_error_text() -> None:
    """busybox httpd's own words when its port is taken."""
    assert plan(BUSYBOX, ("httpd", "-f", "-p", "80")).bind_error == (
        "httpd: bind: Address already in use\n")


def test_stop_codes() -> None:
    """PID 1 without a SIGTERM handler is killed after the timeout (137)."""
    assert plan(BUSYBOX, ("sleep", "1d")).stop_code == 137
    assert plan(STORE.find("nginx"), ("nginx", "-g", "daemon off;")).stop_code == 0


def test_missing_program_is_a_start_error() -> None:
    """The runtime's own message, exit 127, for a program not in the image."""
    result = plan(BUSYBOX, ("foo",))
    assert result.exit_code == 127 and result.start_error == (
        "failed to create shim task: OCI runtime create failed: runc create failed: unable "
        'to start container process: exec: "foo": executable file not found in $PATH: unknown')
    assert 'stat /bin/foo: no such file or directory' in plan(BUSYBOX, ("/bin/foo",)).start_error
    assert plan(STORE.find("ubuntu"), ("ip", "addr")).start_error


def test_network_dependent_commands_are_delegated() -> None:
    """ip addr's output depends on the topology: the shell simulator computes it."""
    assert plan(BUSYBOX, ("ip", "addr")).delegate
    assert plan(BUSYBOX, ("ping", "127.0.0.1")).runs
