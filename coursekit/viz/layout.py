"""Where everything goes in a topology picture: a pure function from Topology to Layout.

The page reads top to bottom like the machine:

- a frame for the host's network namespace: its interfaces (``lo``, the NIC,
  ``virbr0``), the host-mode containers that live there, and at its foot one
  header per Docker network: the Linux bridge (``docker0``, ``br-<id>``) with
  subnet and gateway;
- under each header, the bridge drops as a bus (dashed for an internal network)
  through one or more columns of containers: each plugs in through its veth pairs
  (see :mod:`coursekit.viz.units`); a container on several networks gets a row
  of its own across the lanes in between, so its extra cables cross only buses;
- last, under a caption, the containers with no network (``--network none``);
- a legend at the foot.

Column widths come from the longest address or interface name; the number of
columns per network grows until the picture is about :data:`TARGET_W` inches wide.
Deterministic, and linear in the number of containers.
"""

from __future__ import annotations

from dataclasses import dataclass

from coursekit.i18n import _
from coursekit.i18n.width import columns
from coursekit.models import Topology
from coursekit.viz import labels
from coursekit.viz.scene import Lane, Scene, Unit, build_scene
from coursekit.viz.shapes import (
    CHAR_W,
    LEGEND_SAMPLE_W,
    LINE_H,
    PAD,
    Box,
    Layout,
    Wire,
    box_h,
    longest,
    text_w,
)
from coursekit.viz.units import BUS_DX, FRAME_PAD, BusFor, Metrics, place, unit_height

TARGET_W = 10.0
FRAME_MIN_W = 4.0
LEGEND_MIN_W = 6.0
MARGIN = 0.12
MIN_CHARS, MAX_CHARS = 20, 34
ROW_GAP = 0.22
FRAME_IN = 0.1
HOST = "frame:host"


@dataclass(frozen=True)
class _Column:
    lane: int
    x: float


@dataclass(frozen=True)
class _Cell:
    unit: Unit
    col: int
    row: int


def layout(topology: Topology, legend: bool = True, target_width: float = TARGET_W) -> Layout:
    """Boxes, wires and figure size for ``topology`` (what ``lab.plot()`` draws).

    ``target_width`` (inches) is how wide the picture may grow by giving crowded
    networks more columns; it is exceeded only when every network needs one.
    """
    scene = build_scene(topology)
    m = _metrics(scene)
    counts = _columns_per_lane(scene.lanes, m, target_width)
    cols = _column_xs(counts, m, MARGIN + FRAME_IN)
    top = _host_part(scene, cols, counts, m)
    body_top = top[0].bottom + 0.3
    captions = [_moved(b, body_top) for b in top if b.kind == "caption"]
    caption_h = max((c.bottom + 0.15 - body_top for c in captions), default=0.0)
    cells = _assign_rows(scene, cols)
    boxes, wires = _place_cells(scene, cells, cols, m, _row_tops(cells, m, body_top), caption_h)
    bridges = [b for b in top if b.kind == "bridge"]
    boxes = [b for b in top if b.kind != "caption"] + captions + boxes
    return _finish(topology, boxes, _buses(scene, cols, bridges, wires) + wires, legend)


def _host_part(scene: Scene, cols: list[_Column], counts: list[int], m: Metrics) -> list[Box]:
    """The host frame (first), its NICs and host-mode containers, the lanes' headers."""
    wired = sum(1 for c in cols if scene.lanes[c.lane].network is not None)
    frame, flow = _host_band(scene, m, wired * m.col_w - m.gap)
    header_y = max((b.bottom for b in flow), default=frame.y + PAD + LINE_H) + 0.12
    headers = _headers(scene, cols, counts, m, header_y)
    bottom = max((h.bottom for h in headers if h.kind == "bridge"), default=header_y) + 0.1
    frame = Box(frame.key, frame.kind, frame.x, frame.y, frame.w, bottom - frame.y, frame.lines)
    return [frame, *flow, *headers]


def _finish(topology: Topology, boxes: list[Box], wires: list[Wire], legend: bool) -> Layout:
    """Add the legend under everything and size the figure to its content."""
    if legend:
        boxes += _legend(max(b.bottom for b in boxes) + 0.22,
                         max(max(b.right for b in boxes), LEGEND_MIN_W))
    return Layout(round(max(b.right for b in boxes) + MARGIN, 3),
                  round(max(b.bottom for b in boxes) + MARGIN, 3), tuple(boxes), tuple(wires),
                  f"{topology.host_name} ({topology.backend})")


def _metrics(scene: Scene) -> Metrics:
    """Characters per row: room for the longest address, MAC, veth or port label."""
    units = [u for lane in scene.lanes for u in lane.units] + list(scene.host_units)
    rows = [r for u in units for p in u.pairs for r in (*labels.iface_rows(p.inside),
                                                        labels.chip_row(p))]
    rows += [r for u in units for g in u.ports for r in labels.port_rows(g)]
    rows += [labels.state_title(u.container, MAX_CHARS) for u in units]
    rows += [r for lane in scene.lanes if lane.network for r in labels.header_rows(lane, 99)]
    rows += labels.word_rows()
    chars = min(max(longest(rows), MIN_CHARS), MAX_CHARS)
    return Metrics(chars, max((len(u.pairs) for u in units), default=1),
                   max((len(u.ports) for u in units), default=0))


def _columns_per_lane(lanes: tuple[Lane, ...], m: Metrics, target: float) -> list[int]:
    """One column per lane, more for the most crowded lanes while the page has room."""
    counts = [1] * len(lanes)
    budget = max(len(lanes), int((target - 2 * MARGIN - FRAME_IN) / m.col_w))
    while sum(counts) < budget:
        rows = [-(-len(lane.units) // k) for lane, k in zip(lanes, counts, strict=True)]
        worst = max(range(len(lanes)), key=lambda i: rows[i])
        if rows[worst] <= 1:
            break
        counts[worst] += 1
    return counts


def _column_xs(counts: list[int], m: Metrics, x0: float) -> list[_Column]:
    """Columns left to right, lane after lane (the no-network lane last)."""
    starts = [sum(counts[:k]) for k in range(len(counts))]
    return [_Column(k, x0 + (starts[k] + i) * m.col_w)
            for k in range(len(counts)) for i in range(counts[k])]


def _flow(items: list[tuple[float, float]], x0: float, y0: float, width: float,
          gap: float = 0.1, row_gap: float = 0.1) -> list[tuple[float, float]]:
    """Top-left corners placing boxes of the given sizes left to right, wrapping."""
    spots, x, y, row_h = [], x0, y0, 0.0
    for w, h in items:
        if x > x0 and x + w > x0 + width:
            x, y, row_h = x0, y + row_h + row_gap, 0.0
        spots.append((x, y))
        x, row_h = x + w + gap, max(row_h, h)
    return spots


def _host_band(scene: Scene, m: Metrics, lanes_w: float) -> tuple[Box, list[Box]]:
    """The host frame's title and, flowed inside, its NICs and host-mode containers."""
    top = scene.topology
    nics = [(f"nic:{i.name}", labels.nic_rows(i)) for i in scene.host_nics]
    if scene.other_bridges or scene.stray_veths:
        nics.append(("nic:others", labels.others_rows(scene.other_bridges, scene.stray_veths)))
    sizes = [(text_w(longest(rows)), box_h(len(rows))) for _key, rows in nics]
    units = [place(u, 0.0, 0.0, m, lambda name: None, with_bus=False)[0]
             for u in scene.host_units]
    sizes += [(m.box_w + 2 * FRAME_PAD, max(b.bottom for b in bs)) for bs in units]
    flow_w = max([lanes_w, *(w for w, _h in sizes), FRAME_MIN_W])
    title = _("host {name}: the host's network namespace").format(name=top.host_name)
    frame = Box(HOST, "frame", MARGIN, MARGIN, flow_w + 2 * FRAME_IN, 0.0, (title,))
    spots = _flow(sizes, MARGIN + FRAME_IN, MARGIN + PAD + LINE_H + 0.08, flow_w)
    boxes = [Box(key, "nic", x, y, w, h, rows, parent=HOST)
             for (key, rows), (x, y), (w, h) in zip(nics, spots, sizes, strict=False)]
    for unit, (x, y) in zip(scene.host_units, spots[len(nics):], strict=True):
        boxes += [_reparent(b) for b in place(unit, x + FRAME_PAD, y, m, lambda n: None,
                                              with_bus=False)[0]]
    return frame, boxes


def _reparent(b: Box) -> Box:
    return b if b.parent else Box(b.key, b.kind, b.x, b.y, b.w, b.h, b.lines, b.style,
                                  b.colour, HOST)


def _headers(scene: Scene, cols: list[_Column], counts: list[int], m: Metrics,
             y: float) -> list[Box]:
    """One header per lane above its first column: the bridge, or the no-network caption."""
    boxes = []
    for k, lane in enumerate(scene.lanes):
        x = next(c.x for c in cols if c.lane == k)
        w = counts[k] * m.col_w - m.gap
        rows = labels.header_rows(lane, int((w - 2 * PAD - 0.02) / CHAR_W))
        if lane.network is None:
            w = m.box_w
            boxes.append(Box("lane:none", "caption", x, y, w, box_h(len(rows)), rows))
        else:
            boxes.append(Box(f"net:{lane.network.name}", "bridge", x, y, w, box_h(len(rows)),
                             rows, "internal" if lane.network.internal else "", lane.colour,
                             HOST))
    return boxes


def _moved(caption: Box, top: float) -> Box:
    """The no-network caption, at the head of its lane's column below the host frame."""
    return Box(caption.key, caption.kind, caption.x, top, caption.w, caption.h, caption.lines)


def _assign_rows(scene: Scene, cols: list[_Column]) -> list[_Cell]:
    """Row-major filling per lane; a multi-homed container reserves its row across lanes."""
    next_row = [0] * len(cols)
    lane_of = {lane.network.name: k for k, lane in enumerate(scene.lanes) if lane.network}
    cells = []
    for k, lane in enumerate(scene.lanes):
        own = [i for i, c in enumerate(cols) if c.lane == k]
        for unit in lane.units:
            home = min(own, key=lambda i: (next_row[i], i))
            span = [home] + [_nearest(cols, lane_of[p.network.name], home)
                             for p in unit.pairs if p.network and p.network.name in lane_of]
            lo, hi = min(span), max(span)
            row = max(next_row[lo: hi + 1])
            next_row[lo: hi + 1] = [row + 1] * (hi + 1 - lo)
            cells.append(_Cell(unit, home, row))
    return cells


def _nearest(cols: list[_Column], lane: int, home: int) -> int:
    """Index of the column of ``lane`` closest to column ``home``."""
    return min((i for i, c in enumerate(cols) if c.lane == lane), key=lambda i: abs(i - home))


def _row_tops(cells: list[_Cell], m: Metrics, top: float) -> dict[int, float]:
    """Top of each row: rows are as tall as their tallest unit."""
    heights: dict[int, float] = {}
    for cell in cells:
        heights[cell.row] = max(heights.get(cell.row, 0.0), unit_height(cell.unit, m))
    tops, y = {}, top
    for row in range(max(heights, default=-1) + 1):
        tops[row], y = y, y + heights.get(row, 0.0) + ROW_GAP
    return tops


def _bus_finder(scene: Scene, cols: list[_Column], home: int) -> BusFor:
    """Where a unit in column ``home`` finds each network's bus (the nearest column)."""
    lane_of = {lane.network.name: k for k, lane in enumerate(scene.lanes) if lane.network}

    def bus_for(name: str) -> tuple[float, int | None, bool] | None:
        if name not in lane_of:
            return None
        lane = scene.lanes[lane_of[name]]
        col = cols[_nearest(cols, lane_of[name], home)]
        return col.x + BUS_DX, lane.colour, bool(lane.network and lane.network.internal)

    return bus_for


def _place_cells(scene: Scene, cells: list[_Cell], cols: list[_Column], m: Metrics,
                 row_y: dict[int, float], caption_h: float) -> tuple[list[Box], list[Wire]]:
    """Every unit in its cell (the no-network lane starts under its caption)."""
    boxes: list[Box] = []
    wires: list[Wire] = []
    for cell in cells:
        wired = scene.lanes[cols[cell.col].lane].network is not None
        y = row_y[cell.row] + (0.0 if wired else caption_h)
        bs, ws = place(cell.unit, cols[cell.col].x, y, m, _bus_finder(scene, cols, cell.col),
                       wired)
        boxes += bs
        wires += ws
    return boxes, wires


def _buses(scene: Scene, cols: list[_Column], bridges: list[Box],
           wires: list[Wire]) -> list[Wire]:
    """Each bridge's bus, from its header down past the last veth end plugged into it, in
    every column where one is plugged in. A column with no veth end (its containers are
    stopped, or it has none) gets no bus, nor does a network with nothing plugged in: the
    bridge's header stands alone, and no line leads to nothing."""
    buses = []
    for i, col in enumerate(cols):
        lane = scene.lanes[col.lane]
        if lane.network is None:
            continue
        x, head = col.x + BUS_DX, bridges[col.lane]
        ends = [w.dots[0][1] for w in wires if w.kind == "stub" and abs(w.dots[0][0] - x) < 1e-9]
        if not ends:
            continue
        end = max(ends) + 0.06
        buses.append(Wire(f"bus:{lane.network.name}:{i}", "bus", ((x, head.bottom), (x, end)),
                          "dashed" if lane.network.internal else "solid", lane.colour))
    return buses


def _legend(y: float, width: float) -> list[Box]:
    entries = [(sample, _(text)) for sample, text in labels.LEGEND]
    sizes = [(LEGEND_SAMPLE_W + text_w(columns(text)), box_h(1)) for _sample, text in entries]
    spots = _flow(sizes, MARGIN, y, width - MARGIN, gap=0.15, row_gap=0.05)
    return [Box(f"legend:{sample}", "legend", x, yy, w, h, (text,), sample)
            for (sample, text), (x, yy), (w, h) in zip(entries, spots, sizes, strict=True)]


def legend_layout(width: float) -> Layout:
    """The legend alone, flowed in ``width`` inches (for a figure of several panels)."""
    boxes = _legend(MARGIN, width - MARGIN)
    return Layout(round(max(b.right for b in boxes) + MARGIN, 3),
                  round(max(b.bottom for b in boxes) + MARGIN, 3), tuple(boxes), (), "legend")
