"""Deterministic identifiers: what the daemon draws at random, drawn from the lab's seed.

Docker names everything with random numbers: a container or network ID is 32 random
bytes written as 64 hex digits (``docker ps`` shows the first 12); an endpoint (one
attachment of a container to a network) has such an ID too; the host end of a veth
pair is ``veth`` plus 7 hex digits; a container without ``--name`` gets
``adjective_surname`` (``docker run busybox`` -> ``eager_hopper``). The simulator draws
all of these from one :class:`random.Random` seeded with the lab's seed, so the same
commands always produce the same IDs and names, and notebooks compare byte for byte.

The daemon also reads names: :func:`parse_signal` turns ``docker kill -s`` values
(``KILL``, ``sigterm``, ``9``, ``RTMIN+3``) into Linux signal numbers as moby/sys/signal
does, refusing the others in the daemon's words (``invalid signal: x``, ``the linux daemon
does not support signal 99``).

The word lists are this project's own (notable scientists and engineers on the right,
as Docker does); like Docker, the generator never returns ``boring_wozniak``.
"""

from __future__ import annotations

import random
import re

from coursekit.errors import DockerError, InvalidArgument

ADJECTIVES: tuple[str, ...] = tuple("""
adoring affectionate agitated amazing angry awesome beautiful blissful bold boring brave
busy charming clever compassionate competent condescending confident cool cranky crazy
dazzling determined distracted dreamy eager ecstatic elastic elated elegant eloquent epic
exciting fervent festive flamboyant focused friendly frosty funny gallant gifted goofy
gracious great happy hardcore heuristic hopeful hungry infallible inspiring intelligent
interesting jolly jovial keen kind laughing loving lucid magical modest musing mystifying
naughty nervous nice nifty nostalgic objective optimistic peaceful pedantic pensive
practical priceless quirky quizzical recursing relaxed reverent romantic sad serene sharp
silly sleepy stoic strange stupefied suspicious sweet tender thirsty trusting unruffled
upbeat vibrant vigilant vigorous wizardly wonderful xenodochial youthful zealous zen
""".split())

SURNAMES: tuple[str, ...] = tuple("""
agnesi albattani allen almeida antonelli archimedes ardinghelli aryabhata austin babbage
banach banzai bardeen bartik bassi beaver bell benz bhabha bhaskara black blackburn
blackwell bohr booth borg bose bouman boyd brahmagupta brattain brown buck burnell
cannon carson cartwright carver cerf chandrasekhar chaplygin chatelet chatterjee
chaum chebyshev clarke cohen colden cori cray curie curran darwin davinci dewdney dhawan
diffie dijkstra dirac driscoll dubinsky easley edison einstein elbakyan elgamal elion
ellis engelbart euclid euler faraday feistel fermat fermi feynman franklin gagarin
galileo galois ganguly gates gauss germain goldberg goldstine goldwasser golick goodall
gould greider grothendieck haibt hamilton haslett hawking heisenberg hellman hermann
herschel hertz heyrovsky hodgkin hofstadter hoover hopper hugle hypatia ishizaka jackson
jang jemison jennings jepsen johnson joliot jones kalam kapitsa kare keldysh keller
kepler khayyam khorana kilby kirch knuth kowalevski lalande lamarr lamport leakey
leavitt lederberg lehmann lewin lichterman liskov lovelace lumiere mahavira margulis
matsumoto maxwell mayer mccarthy mcclintock mclaren mclean mcnulty meitner mendel
mendeleev merkle mestorf mirzakhani montalcini moore morse moser murdock napier nash
neumann newton nightingale nobel noether northcutt noyce panini pare pascal pasteur
payne perlman pike poincare poitras proskuriakova ptolemy raman ramanujan rhodes ride
ritchie robinson roentgen rosalind rubin saha sammet sanderson satoshi shamir shannon
shaw shirley shockley shtern sinoussi snyder solomon spence stonebraker sutherland
swanson swartz swirles taussig tereshkova tesla tharp thompson torvalds tu turing
varahamihira vaughan villani visvesvaraya volhard wescoff wilbur wiles williams
williamson wilson wing wozniak wright wu yalow yonath zhukovsky
""".split())

EXCLUDED_NAME = "boring_wozniak"
"""Steve Wozniak is not boring (Docker's own rule, kept here)."""


class NameGenerator:
    """Seeded source of every random-looking identifier the simulated daemon hands out."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)

    def hex_id(self, digits: int = 64) -> str:
        """A lowercase hex string (64 digits: a container, network or endpoint ID)."""
        return f"{self._rng.getrandbits(4 * digits):0{digits}x}"

    def object_id(self, taken: set[str] | frozenset[str] = frozenset()) -> str:
        """A 64-hex ID whose 12-digit short form is not numeric-only and not taken."""
        while True:
            candidate = self.hex_id()
            if not candidate[:12].isdigit() and candidate not in taken:
                return candidate

    def container_name(self, taken: set[str] | frozenset[str] = frozenset()) -> str:
        """``adjective_surname`` not in ``taken``; a digit is appended after a clash."""
        for attempt in range(20):
            name = self._adjective_surname()
            if attempt:
                name += str(self._rng.randrange(10))
            if name not in taken:
                return name
        return f"{self._adjective_surname()}_{self.hex_id(6)}"

    def _adjective_surname(self) -> str:
        while True:
            name = f"{self._rng.choice(ADJECTIVES)}_{self._rng.choice(SURNAMES)}"
            if name != EXCLUDED_NAME:
                return name

    def veth_name(self) -> str:
        """Host end of a veth pair: ``veth`` and 7 hex digits (``veth6484d0c``)."""
        return f"veth{self.hex_id(7)}"

    def random_mac(self, prefix: str = "") -> str:
        """A MAC address; with ``prefix`` (``02:42``) only the rest is random.

        Without a prefix the first byte is locally administered and unicast, as the
        kernel makes for a veth end (``5a:ee:92:32:eb:ce``).
        """
        given = [int(part, 16) for part in prefix.split(":")] if prefix else []
        rest = [self._rng.randrange(256) for _ in range(6 - len(given))]
        octets = given + rest
        if not given:
            octets[0] = (octets[0] & 0xFC) | 0x02
        return ":".join(f"{octet:02x}" for octet in octets)

    def jitter_us(self, low: int, high: int) -> int:
        """A number of microseconds in ``[low, high]`` (the clock's sub-second drift)."""
        return self._rng.randint(low, high)


# ------------------------------------------------------------ signal names

SIGKILL, SIGTERM, SIGSTOP = 9, 15, 19
SIGNAL_NAMES = ("HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM "
                "STKFLT CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO "
                "PWR SYS").split()
"""Linux's signals 1-31 in number order (moby/sys/signal's table adds aliases)."""
ALIASES = {"IOT": 6, "CLD": 17, "POLL": 29, "RTMIN": 34, "RTMAX": 64}


def parse_signal(text: str, invalid: str = "invalid signal: {text}") -> int:
    """The daemon's ``signal.ParseSignal``: ``9``, ``KILL``, ``sigterm``, ``RTMIN+3`` (any
    number parses; :func:`check_signal` says whether Linux has it)."""
    if re.fullmatch(r"[+-]?\d+", text):
        if int(text) == 0:
            raise InvalidArgument(invalid.format(text=text))
        return int(text)
    name = text.upper().removeprefix("SIG")
    if name in SIGNAL_NAMES:
        return SIGNAL_NAMES.index(name) + 1
    if name in ALIASES:
        return ALIASES[name]
    match = re.fullmatch(r"RTM(IN\+|AX-)(\d+)", name)
    if match and 1 <= int(match[2]) <= 15:
        return 34 + int(match[2]) if match[1] == "IN+" else 64 - int(match[2])
    raise InvalidArgument(invalid.format(text=text))


def check_signal(number: int,
                 unsupported: str = "the linux daemon does not support signal {number}") -> int:
    """``ValidSignalForPlatform``: Linux's 1-31 and the real-time 34-64 (32, 33 are libc's)."""
    if not (1 <= number <= 31 or 34 <= number <= 64):
        raise InvalidArgument(unsupported.format(number=number))
    return number



def stop_signal(text: str, ref: str, invalid: str, wrapped: str) -> int:
    """What ``docker stop/restart -s TEXT REF`` sends: SIGTERM unless named (the lab has
    no ``--stop-signal``); the daemon's refusal inside ``wrapped`` (``{ref}``, ``{reason}``).
    A number Linux lacks (``-s 99``) the daemon accepts and sends nothing: not simulated."""
    try:
        number = parse_signal(text, invalid) if text else SIGTERM
    except DockerError as err:
        raise type(err)(wrapped.format(ref=ref, reason=err.message)) from None
    if not (1 <= number <= 31 or 34 <= number <= 64):
        raise NotImplementedError(f"signal {text} (not a Linux signal) is not simulated")
    return number


def signal_gap(signal: str, ref: str, argv: tuple[str, ...]) -> NotImplementedError:
    """What the simulator cannot say: what ``signal`` does to the main process ``argv``."""
    return NotImplementedError(f"what signal {signal} does to the main process of {ref} "
                               f"({' '.join(argv)}) is not simulated")
