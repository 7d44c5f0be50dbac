"""Geometry of one container as drawn: cables above, its box, its guests, its ports below.

A unit occupies one cell of a lane's column. Top to bottom:

- one chip per veth pair: the host end (``26: veth1a2b3c4@if25``), with a stub to its
  bridge's bus on the left (a dot marks the junction) and a cable that turns down the
  strip beside the box and enters it at the row of the container end (``eth0@if26``);
  the home network's chip is lowest, so the cables nest without crossing;
- the container's box (inside a dotted ``shared netns`` frame when other containers
  borrowed its namespace, their boxes below it);
- one chip per published host port, with an arrow up the right-hand side into the
  box's ``port 8080/tcp`` row (nested brackets: the first port is the outermost).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coursekit.i18n import _
from coursekit.viz import labels
from coursekit.viz.scene import Unit, VethPair
from coursekit.viz.shapes import LINE_H, PAD, Box, Wire, box_h, longest, text_w

BUS_DX = 0.08
CHIP_GAP = 0.05
FRAME_PAD = 0.04


@dataclass(frozen=True)
class Metrics:
    """Column metrics shared by every unit of a picture."""

    chars: int
    max_pairs: int
    max_ports: int

    @property
    def box_w(self) -> float:
        return text_w(self.chars)

    @property
    def strip(self) -> float:
        """Room left of a box: the bus, then one cable lane per pair."""
        return BUS_DX + 0.12 + 0.05 * max(self.max_pairs - 1, 0)

    @property
    def gap(self) -> float:
        """Room right of a box: one arrow lane per published port, then a margin."""
        return 0.1 + 0.045 * self.max_ports

    @property
    def col_w(self) -> float:
        return self.strip + self.box_w + self.gap


BusFor = Callable[[str], tuple[float, int | None, bool] | None]
"""Network name -> (bus x, colour, internal) of the nearest column of its lane."""


def unit_height(unit: Unit, m: Metrics) -> float:
    """Height of the unit's cell (chips, frame, boxes, port chips)."""
    boxes, _wires = place(unit, 0.0, 0.0, m, lambda name: None, with_bus=True)
    return max(b.bottom for b in boxes)


def place(unit: Unit, x: float, y: float, m: Metrics, bus_for: BusFor,
          with_bus: bool) -> tuple[list[Box], list[Wire]]:
    """Boxes and wires of ``unit`` in the cell whose top-left is (x, y)."""
    key = f"ctr:{unit.container.name}"
    box_x = x + (m.strip if with_bus else 0.0)
    chips = list(reversed(unit.pairs)) if with_bus else []
    boxes, wires, top = [], [], y
    chip_h = box_h(1)
    for pair in chips:
        row = labels.chip_row(pair)
        boxes.append(Box(f"veth:{unit.container.name}:{pair.inside.name}", "veth", box_x,
                         top, text_w(longest((row,))), chip_h, (row,),
                         colour=_colour(pair, bus_for)))
        top += chip_h + CHIP_GAP
    top += 0.05 if chips else 0.0
    own = _own_boxes(unit, box_x, top, m, key)
    boxes += own
    body = own[0] if own[0].kind == "container" else own[1]
    for k, chip in enumerate(reversed(boxes[: len(chips)])):
        wires += _cable(unit, k, chip, body, m, bus_for)
    port_boxes, port_wires = _ports(unit, body, max(b.bottom for b in own), key)
    return boxes + port_boxes, wires + port_wires


def _colour(pair: VethPair, bus_for: BusFor) -> int | None:
    found = bus_for(pair.network.name) if pair.network is not None else None
    return found[1] if found else None


def _own_boxes(unit: Unit, box_x: float, top: float, m: Metrics, key: str) -> list[Box]:
    """The container's box, and around it the shared-namespace frame with its guests."""
    c = unit.container
    rows = labels.container_rows(unit, m.chars)
    framed = bool(unit.followers)
    inner = top + (PAD + LINE_H + 0.03 if framed else 0.0)
    main = Box(key, "container", box_x, inner, m.box_w, box_h(len(rows)), rows,
               style=c.state, parent=f"netns:{c.name}" if framed else None)
    boxes = [main]
    for guest in unit.followers:
        g_rows = labels.follower_rows(unit, guest, m.chars)
        boxes.append(Box(f"ctr:{guest.name}", "container", box_x, boxes[-1].bottom + 0.06,
                         m.box_w, box_h(len(g_rows)), g_rows, style=guest.state,
                         parent=main.parent))
    if not framed:
        return boxes
    frame = Box(f"netns:{c.name}", "netns", box_x - FRAME_PAD, top, m.box_w + 2 * FRAME_PAD,
                boxes[-1].bottom + FRAME_PAD - top, (_("shared netns"),))
    return [frame, *boxes]


def _pair_row(unit: Unit, k: int, m: Metrics) -> int:
    """Row of the container box where pair ``k``'s block (``eth0@if26``) starts."""
    before = len(labels.mode_rows(unit, m.chars)) + len(unit.loopbacks)
    return 1 + before + sum(len(labels.iface_rows(p.inside)) for p in unit.pairs[:k])


def _cable(unit: Unit, k: int, chip: Box, body: Box, m: Metrics,
           bus_for: BusFor) -> list[Wire]:
    """Stub from the chip to its bus, cable from the chip to the container's row."""
    pair, name = unit.pairs[k], f"{unit.container.name}:{unit.pairs[k].inside.name}"
    lane_x = body.x - 0.06 - 0.05 * k
    y_c, y_e = chip.y + chip.h * 0.72, body.row_y(_pair_row(unit, k, m))
    wires = [Wire(f"veth:{name}", "veth", ((chip.x, y_c), (lane_x, y_c), (lane_x, y_e),
                                          (body.x, y_e)), dots=((chip.x, y_c), (body.x, y_e)))]
    found = bus_for(pair.network.name) if pair.network is not None else None
    if found is not None:
        bus_x, colour, internal = found
        y_s = chip.y + chip.h * 0.3
        start = chip.right if bus_x > chip.right else chip.x
        wires.append(Wire(f"stub:{name}", "stub", ((start, y_s), (bus_x, y_s)),
                          "dashed" if internal else "solid", colour, dots=((bus_x, y_s),)))
    return wires


def _ports(unit: Unit, body: Box, below: float, key: str) -> tuple[list[Box], list[Wire]]:
    """Port chips under the unit, bottom-up, each with an arrow into its ``port`` row."""
    groups, boxes, wires = unit.ports, [], []
    top = below + 0.12
    first_row = len(body.lines) - len(groups)
    for i in reversed(range(len(groups))):
        rows = labels.port_rows(groups[i])
        chip = Box(f"port:{unit.container.name}:{i}", "port", body.x, top,
                   text_w(longest(rows)), box_h(len(rows)), rows)
        boxes.append(chip)
        top = chip.bottom + CHIP_GAP
        lane = body.right + 0.06 + 0.045 * (len(groups) - 1 - i)
        y_chip, y_row = chip.y + chip.h / 2, body.row_y(first_row + i)
        wires.append(Wire(f"{key}:port{i}", "port", ((chip.right, y_chip), (lane, y_chip),
                                                     (lane, y_row), (body.right, y_row)),
                          arrow=True))
    return boxes, wires
