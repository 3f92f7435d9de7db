"""The view's palette: every node kind tells apart from every other, on the white page."""

from __future__ import annotations

import itertools
import math

from graph.render.style import NODE_STYLES, OTHER_NODE

MIN_DELTA_E = 15.0
"""CIEDE2000 between any two kinds' colours (about 2.3 is a just-noticeable difference)."""
MIN_CONTRAST = 1.8
"""WCAG contrast of a fill against the white background (the border is dark in any case)."""


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(color: str) -> tuple[float, float, float]:
    r, g, b = (_linear(int(color[i : i + 2], 16)) for i in (1, 3, 5))
    return r, g, b


def luminance(color: str) -> float:
    r, g, b = _rgb(color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(color: str) -> tuple[float, float, float]:
    r, g, b = _rgb(color)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def ciede2000(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    """Sharma, Wu and Dalal (2005), with kL = kC = kH = 1."""
    L1, a1, b1 = first
    L2, a2, b2 = second
    mean_c = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(mean_c**7 / (mean_c**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dh = 0.0 if c1p * c2p == 0 else (h2p - h1p + 180) % 360 - 180
    dL, dC = L2 - L1, c2p - c1p
    dH = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    mean_l, mean_cp = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        mean_h = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        mean_h = (h1p + h2p) / 2
    else:
        mean_h = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(mean_h - 30))
        + 0.24 * math.cos(math.radians(2 * mean_h))
        + 0.32 * math.cos(math.radians(3 * mean_h + 6))
        - 0.20 * math.cos(math.radians(4 * mean_h - 63))
    )
    rotation = 30 * math.exp(-(((mean_h - 275) / 25) ** 2))
    rc = 2 * math.sqrt(mean_cp**7 / (mean_cp**7 + 25**7))
    sl = 1 + 0.015 * (mean_l - 50) ** 2 / math.sqrt(20 + (mean_l - 50) ** 2)
    sc = 1 + 0.045 * mean_cp
    sh = 1 + 0.015 * mean_cp * t
    rt = -math.sin(math.radians(2 * rotation)) * rc
    return math.sqrt((dL / sl) ** 2 + (dC / sc) ** 2 + (dH / sh) ** 2 + rt * (dC / sc) * (dH / sh))


def test_ciede2000_matches_the_published_test_data() -> None:
    # Pairs 1, 7 and 17 of Sharma, Wu and Dalal's table of reference values.
    assert round(ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)), 4) == 2.0425
    assert round(ciede2000((50, 0, 0), (50, -1, 2)), 4) == 2.3669
    assert round(ciede2000((50, 2.5, 0), (73, 25, -18)), 4) == 27.1492


def test_node_kinds_have_colours_far_apart() -> None:
    styles = {**NODE_STYLES, "Other": OTHER_NODE}
    closest = min(
        (ciede2000(lab(a.color), lab(b.color)), ka, kb)
        for (ka, a), (kb, b) in itertools.combinations(styles.items(), 2)
    )
    assert closest[0] >= MIN_DELTA_E, closest


def test_fills_stand_out_on_the_white_page() -> None:
    weak = {k: round(contrast(s.color, "#ffffff"), 2) for k, s in NODE_STYLES.items()}
    assert min(weak.values()) >= MIN_CONTRAST, weak


def test_shape_and_colour_are_unique_per_kind_and_no_shape_is_overused() -> None:
    pairs = [(s.shape, s.color) for s in NODE_STYLES.values()]
    assert len(set(pairs)) == len(pairs)
    shapes = [s.shape for s in NODE_STYLES.values()]
    assert max(shapes.count(shape) for shape in shapes) <= 3
    # the two pairs the old palette confused
    assert NODE_STYLES["TalentProgram"].color != NODE_STYLES["Target"].color
    assert ciede2000(lab(NODE_STYLES["Industry"].color), lab(NODE_STYLES["Project"].color)) > 30


def test_labels_are_distinct() -> None:
    labels = [s.label for s in NODE_STYLES.values()]
    assert len(set(labels)) == len(labels)
