"""Every lab task of the banks, with its solution and wrong solutions a learner might try.

A :class:`Case` is the lab as the lesson leaves it (``GIVEN``), then what the learner
typed, then what the task's check must say: nothing (it passes) or the key words of
each failure line. A line starting with ``!`` may fail (the learner's failed attempt,
or a clean-up of something absent); every other line must succeed, so a wrong solution
fails the check for the reason named, not because the table mistyped a command.

The same table runs on the simulator (both profiles, tests/quiz/test_task_behaviour.py)
and on a live engine, where names, host ports and subnets are made unique per case so
that the cases of a batch run side by side.
"""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.quiz.bank import load_lesson
from coursekit.quiz.model import LabTask

SLEEP = "busybox sleep 1d"
GIVEN: dict[str, tuple[str, ...]] = {
    "create-network-task": ("docker network create aa",),
    "fix-names": ("docker run -d --name db busybox httpd -f -p 5432",
                  f"docker run -d --name api {SLEEP}"),
    "fix-none": ("docker run -d --name web --network none -p 8080:80 busybox httpd -f -p 80",),
    "fix-sidecar": ("docker run -d --name web -p 8080:80 busybox httpd -f -p 80",
                    "!docker run -d --name metrics --network container:web -p 9000:9000 "
                    "busybox httpd -f -p 9000"),
    "fix-shared-db": ("docker network create shop", "docker network create blog",
                      "docker run -d --name db --network shop busybox httpd -f -p 5432",
                      f"docker run -d --name shopapp --network shop {SLEEP}",
                      f"docker run -d --name blogapp --network blog {SLEEP}"),
    "fix-pinned-ip": ("docker run -d --name db busybox httpd -f -p 5432",
                      "docker run -d --name cache busybox httpd -f -p 6379",
                      f"docker run -d --name report {SLEEP}",
                      "docker stop -t 0 db cache", "docker start cache db"),
    "docker-user-task": ("docker network create --subnet 10.77.0.0/24 plumbnet",
                         f"docker run -d --name alpha --network plumbnet {SLEEP}",
                         f"docker run -d --name beta --network plumbnet {SLEEP}",
                         f"docker run -d --name gamma --network plumbnet {SLEEP}"),
}
"""What the notebook builds before each task (the challenges' broken set-ups)."""
LESSON = {"hello-task": "00-start-here", "create-network-task": "01-basics",
          "reach-by-name": "01-basics", "publish-task": "02-bridge",
          "host-serve-task": "03-host", "none-task": "04-none",
          "container-sidecar-task": "05-container", "fixed-ip-task": "06-user-defined",
          "bridge-two-networks": "06-user-defined", "fix-names": "09-challenges",
          "fix-none": "09-challenges", "fix-sidecar": "09-challenges",
          "fix-shared-db": "09-challenges", "fix-pinned-ip": "09-challenges",
          "by-hand-task": "08-plumbing", "docker-user-task": "08-plumbing"}


@dataclass(frozen=True)
class Case:
    """Lines typed into the lab after ``GIVEN[task]``; the check passes iff ``expect`` is
    empty, else its message holds every one of ``expect``."""

    task: str
    label: str
    lines: tuple[str, ...]
    expect: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.task}:{self.label}"

    def bank_task(self) -> LabTask:
        task = load_lesson(LESSON[self.task]).get(self.task)
        assert isinstance(task, LabTask)
        return task

    def typed(self) -> tuple[str, ...]:
        """The given lines, then the case's; a bank solution's clean-ups may fail."""
        lines = self.lines or tuple(_may_fail(x) for x in self.bank_task().solution)
        return GIVEN.get(self.task, ()) + lines


def _may_fail(line: str) -> str:
    return f"!{line}" if line.startswith(("docker rm -f", "docker network rm")) else line


def solution(task: str) -> Case:
    """The bank's own solution: it must pass."""
    return Case(task, "solution", ())


NOT_SERVED = "nothing answers `curl -s http://127.0.0.1:{port}/`"
WEB = "docker run -d --name web"
SIDECAR = "docker run -d --name sidecar --network container:web"
METRICS = "docker run -d --name metrics --network container:web"
FRONT_BACK = ("docker network create front", "docker network create back",
              f"docker run -d --name api --network front {SLEEP}",
              f"docker run -d --name browser --network front {SLEEP}")
BY_HAND = load_lesson("08-plumbing").get("by-hand-task")
assert isinstance(BY_HAND, LabTask)


def by_hand_without(*left_out: str) -> tuple[str, ...]:
    """The by-hand solution with some of its lines left out."""
    assert set(left_out) <= set(BY_HAND.solution), left_out
    return tuple(x for x in BY_HAND.solution if x not in left_out)


NO_ANSWER = "`ip netns exec {src} ping -c 1 -W 1 {target}` gets no answer"
USER_RULE = "iptables -I DOCKER-USER -s {src} -d {dst} -j DROP"
SHOP_BLOG_NET = ("docker network create allnet", "docker network connect allnet db",
                 "docker network connect allnet shopapp", "docker network connect allnet blogapp")

CASES: tuple[Case, ...] = (
    solution("hello-task"),
    Case("hello-task", "nothing yet", ("docker ps",), ("hello does not exist yet",)),
    Case("hello-task", "created only", (f"docker create --name hello {SLEEP}",),
         ("hello exists but is created", "docker start hello")),
    Case("hello-task", "exits at once", ("docker run --name hello busybox true",),
         ("hello exists but is exited",)),
    Case("hello-task", "paused", (f"docker run -d --name hello {SLEEP}", "docker pause hello"),
         ("hello is paused", "docker unpause hello")),

    solution("create-network-task"),
    Case("create-network-task", "no subnet", ("docker network rm aa", "docker network create lab1"),
         ("not 10.20.0.0/24", "--subnet 10.20.0.0/24")),
    Case("create-network-task", "other subnet",
         ("docker network rm aa", "docker network create --subnet 10.21.0.0/24 lab1"),
         ("lab1 has subnet 10.21.0.0/24, not 10.20.0.0/24",)),
    Case("create-network-task", "aa left over",
         ("docker network create --subnet 10.20.0.0/24 lab1",),
         ("network aa is still there", "docker network rm aa")),
    Case("create-network-task", "nothing yet", ("docker network ls",),
         ("there is no network lab1 yet", "network aa is still there")),

    solution("reach-by-name"),
    Case("reach-by-name", "default bridge", (f"docker run -d --name c1 {SLEEP}",
                                             f"docker run -d --name c2 {SLEEP}"),
         ("default bridge, which has no name resolution",)),
    Case("reach-by-name", "two networks",
         ("docker network create n1", "docker network create n2",
          f"docker run -d --name c1 --network n1 {SLEEP}",
          f"docker run -d --name c2 --network n2 {SLEEP}"),
         ("share no user-defined network", "docker network connect n1 c2")),
    Case("reach-by-name", "c1 stopped",
         ("docker network create app", f"docker run -d --name c1 --network app {SLEEP}",
          f"docker run -d --name c2 --network app {SLEEP}", "docker stop -t 0 c1"),
         ("c1 exists but is exited", "docker start c1")),
    Case("reach-by-name", "c2 in none mode",
         ("docker network create app", f"docker run -d --name c1 --network app {SLEEP}",
          f"docker run -d --name c2 --network none {SLEEP}"),
         ("c2 uses --network none",)),

    solution("publish-task"),
    Case("publish-task", "nothing listening", (f"{WEB} -p 127.0.0.1:8088:8080 {SLEEP}",),
         (NOT_SERVED.format(port=8088), "no server listens on port 8080", "runs `sleep 1d`")),
    Case("publish-task", "server on another port",
         (f"{WEB} -p 127.0.0.1:8088:8080 busybox httpd -f -p 80",),
         (NOT_SERVED.format(port=8088), "busybox httpd -f -p 8080")),
    Case("publish-task", "every address", (f"{WEB} -p 8088:8080 busybox httpd -f -p 8080",),
         ("web does not publish 8080/tcp as asked", "-p 127.0.0.1:8088:8080")),
    Case("publish-task", "wrong host port",
         (f"{WEB} -p 127.0.0.1:8089:8080 busybox httpd -f -p 8080",),
         ("web does not publish 8080/tcp as asked", "-p 127.0.0.1:8088:8080")),
    Case("publish-task", "host mode", (f"{WEB} --network host busybox httpd -f -p 8088",),
         ("-p is discarded", "run it on a bridge network with `-p 127.0.0.1:8088:8080`")),

    solution("host-serve-task"),
    Case("host-serve-task", "nothing listening",
         (f"docker run -d --network host --name hsrv {SLEEP}",),
         (NOT_SERVED.format(port=8092), "hsrv runs `sleep 1d`")),
    Case("host-serve-task", "server on another port",
         ("docker run -d --network host --name hsrv busybox httpd -f -p 8093",),
         (NOT_SERVED.format(port=8092), "no server listens on port 8092")),
    Case("host-serve-task", "bridge and -p",
         ("docker run -d -p 8092:8092 --name hsrv busybox httpd -f -p 8092",),
         ("hsrv runs with --network bridge, not host",)),
    Case("host-serve-task", "none mode",
         ("docker run -d --network none --name hsrv busybox httpd -f -p 8092",),
         ("hsrv runs with --network none, not host",)),

    solution("none-task"),
    Case("none-task", "default bridge", (f"docker run -d --name vault {SLEEP}",),
         ("vault has eth0 besides lo", "on network bridge",
          "`docker exec vault ping -c 1 -W 1 172.17.0.1` answers", "--network none")),
    Case("none-task", "internal network",
         ("docker network create --internal vaultnet",
          f"docker run -d --name vault --network vaultnet {SLEEP}"),
         ("vault has eth0 besides lo", "on network vaultnet", "--network none")),
    Case("none-task", "host mode", (f"docker run -d --name vault --network host {SLEEP}",),
         ("besides lo (it is on the host's network)", "answers")),
    Case("none-task", "exits at once", ("docker run --network none --name vault busybox true",),
         ("vault exists but is exited",)),

    solution("container-sidecar-task"),
    Case("container-sidecar-task", "nothing listening",
         (f"{WEB} -p 9000:9000 busybox httpd -f -p 80", f"{SIDECAR} {SLEEP}"),
         (NOT_SERVED.format(port=9000), "port 9000 of web's namespace", "runs `sleep 1d`")),
    Case("container-sidecar-task", "server on another port",
         (f"{WEB} -p 9000:9000 busybox httpd -f -p 80", f"{SIDECAR} busybox httpd -f -p 9001"),
         (NOT_SERVED.format(port=9000), "no server listens on port 9000")),
    Case("container-sidecar-task", "owner publishes nothing",
         (f"{WEB} busybox httpd -f -p 80", f"{SIDECAR} busybox httpd -f -p 9000"),
         ("sidecar shares web's namespace, and web does not publish port 9000",
          "-p 9000:9000")),
    Case("container-sidecar-task", "own network",
         (f"{WEB} busybox httpd -f -p 80",
          "docker run -d --name sidecar -p 9000:9000 busybox httpd -f -p 9000"),
         ("sidecar runs with --network bridge, not container:web",)),
    Case("container-sidecar-task", "the refused command",
         (f"{WEB} busybox httpd -f -p 80",
          "!docker run -d --network container:web -p 9000:9000 --name sidecar "
          "busybox httpd -f -p 9000"),
         ("sidecar does not exist yet",)),

    solution("fixed-ip-task"),
    Case("fixed-ip-task", "no --ip",
         ("docker network create --subnet 10.30.0.0/24 --gateway 10.30.0.254 fixnet",
          f"docker run -d --name fixed --network fixnet {SLEEP}"),
         ("fixed has 10.30.0.1 on fixnet, not 10.30.0.30", "--network fixnet --ip 10.30.0.30")),
    Case("fixed-ip-task", "default gateway",
         ("docker network create --subnet 10.30.0.0/24 fixnet",
          f"docker run -d --name fixed --network fixnet --ip 10.30.0.30 {SLEEP}"),
         ("fixnet has gateway 10.30.0.1, not 10.30.0.254", "--gateway 10.30.0.254")),
    Case("fixed-ip-task", "default bridge",
         ("docker network create --subnet 10.30.0.0/24 --gateway 10.30.0.254 fixnet",
          f"docker run -d --name fixed {SLEEP}"),
         ("fixed is not on fixnet (it is on bridge)",)),
    Case("fixed-ip-task", "other address",
         ("docker network create --subnet 10.30.0.0/24 --gateway 10.30.0.254 fixnet",
          f"docker run -d --name fixed --network fixnet --ip 10.30.0.31 {SLEEP}"),
         ("fixed has 10.30.0.31 on fixnet, not 10.30.0.30",)),

    solution("bridge-two-networks"),
    Case("bridge-two-networks", "one network for all",
         (*FRONT_BACK, f"docker run -d --name vault --network front {SLEEP}"),
         ("vault is on front, not back", "browser and vault are both on front")),
    Case("bridge-two-networks", "api not connected",
         (*FRONT_BACK, f"docker run -d --name vault --network back {SLEEP}"),
         ("share no user-defined network", "docker network connect back api")),
    Case("bridge-two-networks", "browser connected too",
         (*FRONT_BACK, f"docker run -d --name vault --network back {SLEEP}",
          "docker network connect back api", "docker network connect back browser"),
         ("browser and vault are both on back",)),
    Case("bridge-two-networks", "vault joins front",
         (*FRONT_BACK, f"docker run -d --name vault --network back {SLEEP}",
          "docker network connect front vault"),
         ("browser and vault are both on front",)),

    solution("fix-names"),
    Case("fix-names", "as given", ("docker ps",), ("default bridge",)),
    Case("fix-names", "only db connected",
         ("docker network create appnet", "docker network connect appnet db"),
         ("share no user-defined network", "docker network connect appnet api")),
    Case("fix-names", "db stopped",
         ("docker network create appnet", "docker network connect appnet db",
          "docker network connect appnet api", "docker stop -t 0 db"),
         ("db exists but is exited",)),

    solution("fix-none"),
    Case("fix-none", "disconnect none, connect bridge",
         ("docker network disconnect none web", "docker network connect bridge web")),
    Case("fix-none", "as given", ("!docker network connect bridge web",),
         ("web has only lo (--network none), so its -p is not in effect",
          "run it on a network with `-p 8080:80`", "docker network disconnect none web")),
    Case("fix-none", "recreated without -p",
         ("docker rm -f web", f"{WEB} busybox httpd -f -p 80"),
         ("web does not publish port 80 on host port 8080", "-p 8080:80")),
    Case("fix-none", "serves nothing", ("docker rm -f web", f"{WEB} -p 8080:80 {SLEEP}"),
         (NOT_SERVED.format(port=8080), "no server listens on port 80")),
    Case("fix-none", "wrong container port",
         ("docker rm -f web", f"{WEB} -p 8080:8080 busybox httpd -f -p 80"),
         ("host port 8080 leads to web's port 8080, not 80",)),

    solution("fix-sidecar"),
    Case("fix-sidecar", "as given", ("docker ps",), ("metrics does not exist yet",)),
    Case("fix-sidecar", "owner publishes no 9000", (f"{METRICS} busybox httpd -f -p 9000",),
         ("metrics shares web's namespace, and web does not publish port 9000",)),
    Case("fix-sidecar", "own network",
         ("docker run -d --name metrics -p 9000:9000 busybox httpd -f -p 9000",),
         ("metrics runs with --network bridge, not container:web",)),
    Case("fix-sidecar", "web loses 8080",
         ("docker rm -f web", f"{WEB} -p 9000:9000 busybox httpd -f -p 80",
          f"{METRICS} busybox httpd -f -p 9000"),
         ("web does not publish port 80 on host port 8080",)),
    Case("fix-sidecar", "metrics serves nothing",
         ("docker rm -f web", f"{WEB} -p 8080:80 -p 9000:9000 busybox httpd -f -p 80",
          f"{METRICS} {SLEEP}"),
         (NOT_SERVED.format(port=9000),)),

    solution("fix-shared-db"),
    Case("fix-shared-db", "as given", ("docker ps",),
         ("blogapp is on blog and db on shop", "docker network connect blog db")),
    Case("fix-shared-db", "blogapp joins shop", ("docker network connect shop blogapp",),
         ("shopapp and blogapp are both on shop",)),
    Case("fix-shared-db", "one network for all", SHOP_BLOG_NET,
         ("shopapp and blogapp are both on allnet",)),
    Case("fix-shared-db", "db moves to blog",
         ("docker network disconnect shop db", "docker network connect blog db"),
         ("shopapp is on shop and db on blog",)),

    solution("by-hand-task"),
    Case("by-hand-task", "nothing yet", ("ip link",),
         ("there is no namespace red yet: `ip netns add red`",
          "there is no namespace blue yet", "there is no bridge br0 yet")),
    Case("by-hand-task", "Docker's FORWARD policy left to drop br0's frames",
         by_hand_without("iptables -I DOCKER-USER -i br0 -o br0 -j ACCEPT"),
         ("reaches br0's own address 10.99.0.1", "FORWARD",
          "iptables -I DOCKER-USER -i br0 -o br0 -j ACCEPT")),
    Case("by-hand-task", "bridge left down", by_hand_without("ip link set br0 up"),
         ("br0 is down: `ip link set br0 up`",)),
    Case("by-hand-task", "blue has no address",
         by_hand_without("ip netns exec blue ip addr add 10.99.0.3/24 dev veth-blue"),
         (NO_ANSWER.format(src="red", target="10.99.0.3"),
          NO_ANSWER.format(src="blue", target="10.99.0.2"),
          "blue has no address besides loopback")),
    Case("by-hand-task", "blue's cable not in the bridge",
         by_hand_without("ip link set veth-blue-br master br0"),
         (NO_ANSWER.format(src="red", target="10.99.0.3"),
          NO_ANSWER.format(src="blue", target="10.99.0.2"), "in the bridge")),
    Case("by-hand-task", "red's end left down",
         by_hand_without("ip netns exec red ip link set veth-red up"),
         (NO_ANSWER.format(src="red", target="10.99.0.3"),)),

    solution("docker-user-task"),
    Case("docker-user-task", "reverse rule drops the replies",
         (USER_RULE.format(src="10.77.0.3", dst="10.77.0.2"),)),
    Case("docker-user-task", "no rule", ("docker ps",),
         ("alpha still reaches beta", USER_RULE.format(src="10.77.0.2", dst="10.77.0.3"),
          "holds 0 rules of yours")),
    Case("docker-user-task", "drops everything", ("iptables -I DOCKER-USER -j DROP",),
         ("alpha no longer reaches gamma", "the rule drops too much")),
    Case("docker-user-task", "rule in FORWARD",
         ("!iptables -I FORWARD -s 10.77.0.2 -d 10.77.0.3 -j DROP",),
         ("alpha still reaches beta",)),
    Case("docker-user-task", "two rules",
         (USER_RULE.format(src="10.77.0.2", dst="10.77.0.3"),
          USER_RULE.format(src="10.77.0.2", dst="10.77.0.4")),
         ("alpha no longer reaches gamma", "holds 2 rules of yours")),
    Case("docker-user-task", "beta stopped", ("docker stop -t 0 beta",),
         ("beta exists but is exited",)),

    solution("fix-pinned-ip"),
    Case("fix-pinned-ip", "as given", ("docker ps",), ("default bridge",)),
    Case("fix-pinned-ip", "cache stopped",
         ("docker network create stack", "docker network connect stack db",
          "docker network connect stack report", "docker stop -t 0 cache"),
         ("cache exists but is exited",)),
    Case("fix-pinned-ip", "only report connected",
         ("docker network create stack", "docker network connect stack report"),
         ("report is on bridge, stack and db on bridge", "docker network connect stack db")),
)
