"""Lab tasks: what a check sees in the lab, and what it tells the learner is missing."""

from __future__ import annotations

from typing import Any

import pytest

from coursekit.models import PortBinding
from coursekit.quiz.model import LabTask, TaskCall
from coursekit.quiz.tasks import TASKS, TaskContext, run_task, validate_call
from coursekit.result import CommandResult

from .conftest import FakeLab, container, network, require


def check(lab: FakeLab, which: str, /, **params: Any) -> Any:
    return TASKS[which](TaskContext(lab.snapshot(), lab), **params)


def lab_with(*containers: Any, nets: tuple[str, ...] = ()) -> FakeLab:
    lab = FakeLab(containers=list(containers))
    lab.networks += [network(n) for n in nets]
    return lab


def test_reach_by_name_names_each_missing_container() -> None:
    """Nothing there yet: both containers are named, with the command that makes them."""
    fb = check(lab_with(), "reach_by_name", src="c2", dst="c1")
    assert not fb.correct
    assert "c2 does not exist yet" in fb.message and "c1 does not exist yet" in fb.message


def test_reach_by_name_says_a_stopped_container_must_start() -> None:
    lab = lab_with(container("c1", ("app",), state="exited"), container("c2", ("app",)),
                   nets=("app",))
    fb = check(lab, "reach_by_name", src="c2", dst="c1")
    assert not fb.correct and "c1 exists but is exited" in fb.message
    assert "docker start c1" in fb.message and "c2" not in fb.message


def test_the_default_bridge_has_no_names() -> None:
    """Both on the default bridge: the classic mistake, and the fix."""
    fb = check(lab_with(container("c1"), container("c2")), "reach_by_name", src="c2", dst="c1")
    assert not fb.correct
    assert "default bridge, which has no name resolution" in fb.message
    assert "docker network create" in fb.message


def test_different_user_networks_are_isolated() -> None:
    lab = lab_with(container("c1", ("front",)), container("c2", ("back",)),
                   nets=("front", "back"))
    fb = check(lab, "reach_by_name", src="c2", dst="c1")
    assert not fb.correct and "share no user-defined network" in fb.message
    assert "`docker network connect front c2`" in fb.message


def test_a_shared_user_network_is_enough() -> None:
    """c2 on bridge and app, c1 on app: app's embedded DNS answers."""
    lab = lab_with(container("c1", ("app",)), container("c2", ("bridge", "app")),
                   nets=("app",))
    fb = check(lab, "reach_by_name", src="c2", dst="c1")
    assert fb.correct and "on network app" in fb.message


def test_a_legacy_link_counts_and_is_called_legacy() -> None:
    lab = lab_with(container("c1"), container("c2", links=("/c1:/c2/db",)))
    fb = check(lab, "reach_by_name", src="c2", dst="c1")
    assert fb.correct and "legacy --link" in fb.message


def test_host_none_and_container_modes_cannot_resolve_by_name() -> None:
    """Host and none modes have no DNS for containers; a namespace follower has no name."""
    c1 = container("c1", ("app",))
    host = container("c2", (), mode="host")
    assert "uses --network host" in check(lab_with(c1, host, nets=("app",)), "reach_by_name",
                                          src="c2", dst="c1").message
    none = container("c2", ("none",), mode="none")
    assert "uses --network none" in check(lab_with(c1, none, nets=("app",)), "reach_by_name",
                                          src="c2", dst="c1").message
    follower = container("c1", (), mode=f"container:{container('c3').id}")
    lab = lab_with(follower, container("c3", ("app",)), container("c2", ("app",)),
                   nets=("app",))
    fb = check(lab, "reach_by_name", src="c2", dst="c1")
    assert not fb.correct and "no name in DNS" in fb.message


def test_a_follower_resolves_through_its_owners_networks() -> None:
    """container:c3 shares c3's namespace, so it sees c3's user-defined networks."""
    owner = container("c3", ("app",))
    follower = container("c2", (), mode=f"container:{owner.id}")
    lab = lab_with(owner, follower, container("c1", ("app",)), nets=("app",))
    assert check(lab, "reach_by_name", src="c2", dst="c1").correct


def test_the_probe_must_also_succeed() -> None:
    """With probe, the layout is not enough: the lab must answer the ping."""
    lab = lab_with(container("c1", ("app",)), container("c2", ("app",)), nets=("app",))
    line = "docker exec c2 ping -c 1 -W 1 c1"
    lab.answers[line] = CommandResult("", "ping: bad address 'c1'\n", 1)
    fb = check(lab, "reach_by_name", src="c2", dst="c1", probe=True)
    assert not fb.correct and "ping: bad address 'c1'" in fb.message
    lab.answers[line] = CommandResult("1 packets transmitted, 1 packets received\n", "", 0)
    assert check(lab, "reach_by_name", src="c2", dst="c1", probe=True).correct
    assert lab.lines == [line, line]


def test_running_and_removed() -> None:
    lab = lab_with(container("web", state="created"))
    assert "web exists but is created" in check(lab, "running", name="web").message
    assert check(lab_with(container("web")), "running", name="web").correct
    assert "docker rm -f web" in check(lab, "removed", name="web").message
    assert check(lab, "removed", name="db").correct
    assert check(lab, "removed", name="gone", kind="network").correct
    assert not check(lab, "removed", name="bridge", kind="network").correct


def test_network_exists_checks_subnet_and_gateway() -> None:
    lab = lab_with(nets=("app",))
    assert check(lab, "network_exists", name="app", subnet="10.1.0.0/24").correct
    fb = check(lab, "network_exists", name="app", subnet="10.2.0.0/24", gateway="10.1.0.254")
    assert "not 10.2.0.0/24" in fb.message and "not 10.1.0.254" in fb.message
    assert "docker network create db" in check(lab, "network_exists", name="db").message


def test_on_network_says_how_to_connect() -> None:
    lab = lab_with(container("app1", ("bridge",)), nets=("shared",))
    fb = check(lab, "on_network", container="app1", network="shared")
    assert not fb.correct and "docker network connect shared app1" in fb.message
    lab2 = lab_with(container("app1", ("bridge", "shared")), nets=("shared",))
    assert check(lab2, "on_network", container="app1", network="shared").correct


def test_no_shared_network() -> None:
    """Two apps kept apart: sharing any network, even the default bridge, fails."""
    apart = lab_with(container("a", ("n1",)), container("b", ("n2",)), nets=("n1", "n2"))
    assert check(apart, "no_shared_network", a="a", b="b").correct
    together = lab_with(container("a"), container("b"))
    assert "both on bridge" in check(together, "no_shared_network", a="a", b="b").message


def test_published_ports_and_the_modes_that_cannot_publish() -> None:
    """-p in host mode is discarded, in none mode useless, in container mode refused."""
    ports = (PortBinding(80, "tcp", "0.0.0.0", 8080), PortBinding(80, "tcp", "::", 8080))
    web = container("web", ports=ports)
    assert check(lab_with(web), "published", container="web", port=80, host_port=8080).correct
    assert not check(lab_with(web), "published", container="web", port=80,
                     host_ip="127.0.0.1").correct
    bare = check(lab_with(container("web")), "published", container="web", port=80)
    assert "-p HOSTPORT:80" in bare.message
    none = container("web", ("none",), mode="none")
    assert "only lo" in check(lab_with(none), "published", container="web", port=80).message
    host = container("web", (), mode="host")
    assert "discarded" in check(lab_with(host), "published", container="web", port=80).message
    lab = lab_with(host)
    silent = check(lab, "reachable_from_host", container="web", port=80)
    assert not silent.correct and "nothing answers `curl -s http://127.0.0.1:80/`: web uses " \
        "the host's network, but no server listens on port 80" in silent.message
    lab.answers["curl -s http://127.0.0.1:80/"] = CommandResult("<HTML>404</HTML>\n")
    assert check(lab, "reachable_from_host", container="web", port=80).correct


def test_network_mode_and_fixed_addresses() -> None:
    owner = container("web", ("bridge",))
    side = container("side", (), mode=f"container:{owner.id}")
    lab = lab_with(owner, side, container("db", ("app",), ips=("10.1.0.50",)), nets=("app",))
    assert check(lab, "network_mode", container="side", mode="container:web").correct
    assert check(lab, "network_mode", container="web", mode="bridge").correct
    assert "not host" in check(lab, "network_mode", container="web", mode="host").message
    probe = "docker exec db ip -o -4 addr"
    assert "does not show it" in check(lab, "has_ip", container="db", ip="10.1.0.50").message
    lab.answers[probe] = CommandResult("2: eth0    inet 10.1.0.50/24 brd 10.1.0.255 scope "
                                       "global eth0\\       valid_lft forever\n")
    assert check(lab, "has_ip", container="db", ip="10.1.0.50", network="app").correct
    assert "--ip 10.1.0.60" in check(lab, "has_ip", container="db", ip="10.1.0.60").message


def test_run_task_needs_every_check_and_lists_only_what_fails() -> None:
    task = LabTask(id="t", prompt="?", explanation="why", checks=(
        TaskCall("running", (("name", "db"),)), TaskCall("running", (("name", "web"),))))
    fb = run_task(lab_with(container("db")), task)
    assert not fb.correct and fb.message.startswith("Not yet:")
    assert "web does not exist" in fb.message and "db is running" not in fb.message
    done = run_task(lab_with(container("db"), container("web")), task)
    assert done.correct and done.explanation == "why"


def test_each_problem_is_said_once_and_later_checks_of_a_failed_container_wait() -> None:
    """hsrv missing: one line, not one per check; a check on another container still runs."""
    task = LabTask(id="t", prompt="?", checks=(
        TaskCall("running", (("name", "hsrv"),)),
        TaskCall("network_mode", (("container", "hsrv"), ("mode", "host"))),
        TaskCall("reachable_from_host", (("container", "hsrv"), ("port", 8090))),
        TaskCall("running", (("name", "db"),))))
    lab = lab_with()
    fb = run_task(lab, task)
    assert fb.message == ("Not yet:\n- hsrv does not exist yet: create it with `docker run -d "
                          "--name hsrv ...`\n- db does not exist yet: create it with `docker "
                          "run -d --name db ...`")
    assert lab.lines == []  # no probe ran for a container that is not there


def test_a_lab_that_cannot_be_read_is_not_an_attempt() -> None:
    class Broken(FakeLab):
        def snapshot(self) -> Any:
            raise ConnectionError("engine went away")

    task = LabTask(id="t", prompt="?", checks=(TaskCall("running", (("name", "x"),)),))
    fb = run_task(Broken(), task)
    assert not fb.counted and "engine went away" in fb.message


def test_validate_call() -> None:
    assert validate_call(TaskCall("running", (("name", "x"),))) == ""
    assert "no check 'nope'" in validate_call(TaskCall("nope"))
    assert "missing a required argument" in validate_call(TaskCall("running"))


@pytest.mark.parametrize("probe", [False, True])
def test_reach_by_name_on_the_simulator(sim_lab: Any, probe: bool) -> None:
    """The whole story on the simulated engine: default bridge fails, a network fixes it."""
    sim_lab.run("docker run -d --name c1 busybox sleep 1d",
                "docker run -d --name c2 busybox sleep 1d")
    task = LabTask(id="t", prompt="?", checks=(
        TaskCall("reach_by_name", (("dst", "c1"), ("probe", probe), ("src", "c2"))),))
    if probe:
        require(sim_lab, "docker exec c2 hostname")
    first = run_task(sim_lab, task)
    assert not first.correct and "default bridge" in first.message
    results = sim_lab.run("docker network create app", "docker network connect app c1",
                          "docker network connect app c2")
    assert all(r.ok for r in results), results
    assert run_task(sim_lab, task).correct


def test_the_banks_lab_task_on_a_real_engine(engine_lab: Any) -> None:
    """reach-by-name and its solution, typed into a real Docker Engine, with the ping probe."""
    from coursekit.quiz.bank import load_lesson

    from .conftest import rename

    lab, names = engine_lab
    bank_task = load_lesson("01-basics").get("reach-by-name")
    assert isinstance(bank_task, LabTask)
    calls = tuple(TaskCall(c.check, tuple((k, rename(v, names) if isinstance(v, str) else v)
                                          for k, v in c.params)) for c in bank_task.checks)
    task = LabTask(id="t", prompt="?", checks=calls)
    c1, c2 = names["c1"], names["c2"]
    lab.run(f"docker run -d --name {c1} busybox sleep 1d",
            f"docker run -d --name {c2} busybox sleep 1d")
    first = run_task(lab, task)
    assert not first.correct and "default bridge" in first.message
    assert lab.sh(f"docker exec {c2} ping -c 1 -W 1 {c1}").exit_code == 1  # as the task says
    lab.run(f"docker rm -f {c1} {c2}")
    results = lab.run(*(rename(line, names) for line in bank_task.solution))
    assert all(r.ok for r in results), results
    assert run_task(lab, task).correct
