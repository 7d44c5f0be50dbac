"""TopologyPicture and lab.show(): PNG, HTML figure with alt text and caption, plain words."""

from __future__ import annotations

import base64
import io
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from coursekit import Lab
from coursekit.viz.picture import COLOURS, TopologyPicture, render_png

MIMETYPES = {"text/html", "text/plain"}
"""No image/png beside the HTML figure: a saved notebook would carry the PNG twice."""


class Figure(HTMLParser):
    """Collects the img's alt text and the figcaption's text from the picture's HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.alt = ""
        self.caption = ""
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "img":
            self.alt = dict(attrs).get("alt") or ""
        self._in_caption |= tag == "figcaption"

    def handle_endtag(self, tag: str) -> None:
        self._in_caption &= tag != "figcaption"

    def handle_data(self, data: str) -> None:
        if self._in_caption:
            self.caption += data


def parsed(html_text: str) -> Figure:
    parser = Figure()
    parser.feed(html_text)
    return parser


@pytest.fixture
def lab() -> Lab:
    lab = Lab(backend="sim")
    lab.run("docker network create front",
            "docker run -d --name web --network front -p 8080:80 busybox httpd -f -p 80",
            "docker run -d --name u1 busybox sleep 1d")
    return lab


def test_bundle_has_the_figure_once_and_words(lab: Lab) -> None:
    """The bundle offers the HTML figure (the PNG inside it) and the words of lab.describe()."""
    picture = lab.show()
    bundle = picture._repr_mimebundle_()
    assert set(bundle) == MIMETYPES
    assert picture.png.startswith(b"\x89PNG\r\n\x1a\n") and bundle["text/html"].count("<img") == 1
    assert bundle["text/plain"] == lab.describe()


def test_the_png_is_a_small_palette_image(lab: Lab) -> None:
    """Quantised to a palette: far fewer bytes than matplotlib's RGBA, the same size on screen."""
    from PIL import Image

    lab.run(*(f"docker run -d --name c{k} busybox sleep 1d" for k in range(6)))
    picture = lab.show()
    image = Image.open(io.BytesIO(picture.png))
    assert image.mode == "P" and len(image.getcolors() or []) <= COLOURS
    assert image.size == Image.open(io.BytesIO(render_full(picture))).size
    assert len(picture.png) < len(render_full(picture)) / 2


def render_full(picture: TopologyPicture) -> bytes:
    """What matplotlib writes before the palette is applied."""
    from unittest import mock

    with mock.patch("coursekit.viz.picture.compact_png", lambda png: png):
        return render_png(picture.topology)


def test_alt_text_and_caption_name_every_container(lab: Lab) -> None:
    """A learner who cannot see the picture gets the whole description (quotes survive)."""
    picture = lab.show()
    figure = parsed(picture.html())
    assert figure.tags[:2] == ["figure", "img"] and "figcaption" in figure.tags
    assert figure.alt == picture.description.strip() and "Docker's" in figure.alt
    assert picture.description.strip() in figure.caption
    for name in ("web", "u1", "front", "docker0"):
        assert name in figure.alt and name in figure.caption


def test_html_embeds_the_same_png(lab: Lab) -> None:
    picture = lab.show()
    assert f"data:image/png;base64,{base64.b64encode(picture.png).decode()}" in picture.html()


def test_same_topology_same_bytes(lab: Lab) -> None:
    """No software version or date in the PNG: nbval can compare outputs."""
    first, second = TopologyPicture(lab.snapshot()), TopologyPicture(lab.snapshot())
    assert first.png == second.png
    assert b"Software" not in first.png and b"matplotlib" not in first.png


def test_show_follows_the_lab(lab: Lab) -> None:
    before = lab.show().description
    lab.sh("docker rm -f u1")
    after = lab.show().description
    assert "u1 (running)" in before and "u1 (running)" not in after


def test_rendering_leaves_no_pyplot_figure(lab: Lab) -> None:
    """Nothing for the inline backend to show a second time, nothing left open."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    lab.show()._repr_mimebundle_()
    assert plt.get_fignums() == before


def test_plain_repr_is_the_description(lab: Lab) -> None:
    picture = lab.show()
    assert repr(picture) == lab.describe()


def test_import_coursekit_loads_neither_matplotlib_nor_ipywidgets() -> None:
    code = ("import sys, coursekit, coursekit.viz.picture; "
            "print('matplotlib' in sys.modules, 'ipywidgets' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["False", "False"]
