"""Deterministic IDs, names, veth names and MACs (coursekit.backends.sim.daemon.names)."""

from __future__ import annotations

import random
import re

from coursekit.backends.sim.daemon.names import (
    ADJECTIVES,
    EXCLUDED_NAME,
    SURNAMES,
    NameGenerator,
)
from coursekit.backends.sim.profiles.links import mac_from_ipv4


def test_same_seed_gives_same_sequence() -> None:
    """Two generators with one seed draw identical IDs and names."""
    first, second = NameGenerator(7), NameGenerator(7)
    assert [first.hex_id() for _ in range(5)] == [second.hex_id() for _ in range(5)]
    assert first.container_name() == second.container_name()


def test_different_seeds_differ() -> None:
    """Another seed gives another ID."""
    assert NameGenerator(1).hex_id() != NameGenerator(2).hex_id()


def test_object_id_is_64_hex_and_short_id_not_numeric() -> None:
    """Docker IDs are 64 lowercase hex digits; a short ID is never all digits."""
    gen = NameGenerator(0)
    for _ in range(200):
        value = gen.object_id()
        assert re.fullmatch(r"[0-9a-f]{64}", value)
        assert not value[:12].isdigit()


def test_object_id_avoids_taken() -> None:
    """An ID already in use is not handed out again."""
    taken = {NameGenerator(3).object_id()}
    assert NameGenerator(3).object_id(taken) not in taken


def test_container_name_shape_and_word_lists() -> None:
    """Auto names are adjective_surname from the project's own lists."""
    gen = NameGenerator(0)
    for _ in range(300):
        adjective, surname = gen.container_name().split("_", 1)
        assert adjective in ADJECTIVES and surname.rstrip("0123456789") in SURNAMES
    assert len(ADJECTIVES) >= 100 and len(SURNAMES) >= 150


class ScriptedRandom(random.Random):
    """Chooses from a script of words, to force a given draw."""

    def __init__(self, words: list[str]) -> None:
        super().__init__(0)
        self.words = words

    def choice(self, seq):  # type: ignore[no-untyped-def]
        return self.words.pop(0)


def test_never_boring_wozniak() -> None:
    """boring_wozniak is drawn again, though both words are in the lists."""
    assert "boring" in ADJECTIVES and "wozniak" in SURNAMES
    gen = NameGenerator(0)
    gen._rng = ScriptedRandom(["boring", "wozniak", "boring", "turing"])
    assert gen.container_name() == "boring_turing"
    assert EXCLUDED_NAME == "boring_wozniak"


def test_container_name_avoids_taken_names() -> None:
    """A clash with an existing name draws again and appends a digit."""
    taken = {NameGenerator(5).container_name()}
    assert NameGenerator(5).container_name(taken) not in taken


def test_veth_name() -> None:
    """Host veth ends are veth + 7 hex digits."""
    assert re.fullmatch(r"veth[0-9a-f]{7}", NameGenerator(0).veth_name())


def test_random_mac_with_and_without_prefix() -> None:
    """Bridges get 02:42 + random bytes; veth ends a locally administered unicast MAC."""
    gen = NameGenerator(0)
    assert gen.random_mac("02:42").startswith("02:42:")
    first = int(gen.random_mac().split(":")[0], 16)
    assert first & 0x02 and not first & 0x01


def test_mac_from_ipv4() -> None:
    """172.17.0.2 gives 02:42:ac:11:00:02, as Docker up to 27 does."""
    assert mac_from_ipv4("172.17.0.2") == "02:42:ac:11:00:02"
    assert mac_from_ipv4("10.10.0.1") == "02:42:0a:0a:00:01"

