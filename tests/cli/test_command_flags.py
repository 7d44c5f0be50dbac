"""Every flag of every command the lab runs is modelled or plainly refused (issue 11).

The flags come from both CLIs' help texts (28.2.2 before Engine 20.10, 28.5.2 before
28.5), for every path of :data:`~coursekit.cli.commands.dispatch.COMMANDS`, plus the
hidden ones a command accepts (``--net``, ``--time``). Each must be classified in
:mod:`coursekit.cli.flags.policy`; a refused one must answer one ``coursekit: `` line
naming it, exit 1 and change nothing. (``tests/cli/test_policy.py`` proves run/create/
network create/connect's modelled flags by their samples; here the other commands'
modelled flags are shown to be read by their handlers in the tests beside each.)
"""

from __future__ import annotations

import pytest

from coursekit import Lab
from coursekit.cli.commands.dispatch import COMMANDS
from coursekit.cli.flags.policy import OTHERS, NotSimulated, rules_for
from coursekit.cli.flags.usage import help_for
from coursekit.profiles import ENGINE_20_10, ENGINE_28_5

PROFILES = {"28.5": ENGINE_28_5, "20.10": ENGINE_20_10}
SETUP = ("docker network create lab", "docker run -d --name web busybox sleep 1d")
ARGS = {"docker exec": "web true", "docker rename": "web web2",
        "docker network inspect": "lab", "docker network rm": "lab",
        "docker network disconnect": "lab web", "docker network connect": "lab web",
        "docker network create": "n1", "docker run": "busybox true",
        "docker create": "busybox true"}
"""The arguments each command's sample line gives (``web`` unless named here or none)."""
NO_ARGS = ("docker ps", "docker images", "docker version", "docker container prune",
           "docker network ls", "docker network prune")
VALUES = {"int": "1", "uint16": "1", "decimal": "1", "bytes": "1g", "duration": "1s",
          "ulimit": "nofile=1024:1024", "map": "a=b", "gpu-request": "all",
          "mount": "type=tmpfs,dst=/x", "network": "lab", "filter": "label=x"}


def listed(path: str, profile: str) -> dict[str, str]:
    """``PATH --help``'s flags on one CLI and the hidden ones it accepts (name -> type)."""
    table = help_for(PROFILES[profile].cli.help_texts).flags(path)
    hidden = COMMANDS[path].extra_flags
    return {**{name: flag.kind for name, flag in table.items()},
            **{name: flag.kind for name, flag in hidden.items()}}


def cases() -> list[tuple[str, str, str]]:
    return [(profile, path, name) for profile in PROFILES for path in COMMANDS
            for name in sorted(listed(path, profile))]


def line(path: str, flag: str, kind: str) -> str:
    value = "" if kind == "bool" else " " + VALUES.get(kind, "x")
    args = "" if path in NO_ARGS else " " + ARGS.get(path, "web")
    return f"{path} --{flag}{value}{args}"


def seen(lab: Lab) -> list[str]:
    """What a learner can look at: every container and network, inspected."""
    return [lab.sh(text).stdout for text in (
        "docker ps -a --no-trunc", "docker network ls --no-trunc",
        "docker inspect web web2", "docker network inspect lab n1")]


@pytest.mark.parametrize(("profile", "path", "flag"), cases())
def test_every_listed_flag_is_classified(profile: str, path: str, flag: str) -> None:
    """A flag a help text lists (or a hidden one) has a rule: modelled or not simulated."""
    table = rules_for(path)
    assert table is not None, f"{path} has no flag table"
    assert flag in table, f"{path} --{flag} is neither modelled nor refused"


def refused_cases() -> list[tuple[str, str, str, str]]:
    return [(profile, path, name, kind) for profile in PROFILES for path in OTHERS
            for name, kind in sorted(listed(path, profile).items())
            if isinstance(OTHERS[path].get(name), NotSimulated)]


@pytest.mark.parametrize(("profile", "path", "flag", "kind"), refused_cases())
def test_refused_flags_answer_the_note(profile: str, path: str, flag: str, kind: str) -> None:
    """A refused flag: the one plain note naming it, exit 1, nothing changed."""
    lab = Lab(backend="sim", engine=profile, seed=0)
    for text in SETUP:
        lab.sh(text)
    before = seen(lab)
    result = lab.sh(line(path, flag, kind))
    assert (result.stdout, result.exit_code) == ("", 1)
    assert result.stderr == (f"coursekit: --{flag} is not simulated in this lab, so `{path}` "
                             "did not run (nothing was created or changed)\n")
    assert seen(lab) == before


def test_the_tables_name_only_real_flags() -> None:
    """No table lists a flag neither CLI has (a typo would classify nothing)."""
    for path in OTHERS:
        known = set(listed(path, "28.5")) | set(listed(path, "20.10")) | {"help"}
        assert set(OTHERS[path]) <= known, (path, sorted(set(OTHERS[path]) - known))
    assert set(OTHERS) | {"docker run", "docker create", "docker network create",
                          "docker network connect"} == set(COMMANDS)


@pytest.mark.parametrize("path", ["docker container ls", "docker image ls",
                                  "docker container stop"])
def test_aliases_share_the_table(path: str) -> None:
    """``docker container ls`` is ``docker ps``: its flags are classified the same."""
    assert rules_for(path) is not None
