"""The map of what was said (Kramfors' "mental karta"): a process's themes sized by how many
contributions raised them, placed so that themes often raised together lie near each other and
are linked, filterable by channel, district and age band, with the same figures as a table.

The layout is computed on the server and drawn as SVG by a template (no script): themes are
placed by multidimensional scaling (scikit-learn's ``MDS``) of how seldom they are raised
together (1 − Jaccard similarity of their contributions), then pushed apart until no two
circles overlap. Officials see exact figures; the public version (once an official publishes
it) follows the small-count rule of ``visionsprocess.disclosure``: a theme raised by fewer than
five is drawn at the smallest size and reads "hidden", and a link is drawn only between themes
raised together by at least five.
"""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np
from django.db.models import Count
from django.utils.translation import gettext as _
from sklearn.manifold import MDS

from visionsprocess.disclosure import HIDDEN, THRESHOLD

from .models import Contribution, ContributionTheme, ModerationState, Theme

WIDTH, HEIGHT = 720, 480
MIN_RADIUS, MAX_RADIUS = 16, 64
#: A link is drawn from this Jaccard similarity of two themes' contributions.
LINK_FROM = 0.08


@dataclasses.dataclass
class Node:
    theme: Theme
    count: int
    shown: str
    x: float = 0.0
    y: float = 0.0
    r: float = MIN_RADIUS
    neighbours: list[str] = dataclasses.field(default_factory=list)

    @property
    def label_y(self) -> float:
        return self.y + self.r + 16 if self.y + self.r + 16 < HEIGHT - 4 else self.y - self.r - 6


@dataclasses.dataclass
class Link:
    a: Node
    b: Node
    together: int
    jaccard: float

    @property
    def width(self) -> float:
        return round(1 + 6 * self.jaccard, 1)


@dataclasses.dataclass
class ThemeMap:
    nodes: list[Node]
    links: list[Link]
    contributions: int
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def has_hidden(self) -> bool:
        return any(n.shown == str(HIDDEN) for n in self.nodes)


def _scope(process, *, channel="", district="", age_band=""):
    queryset = Contribution.objects.filter(process=process).exclude(
        moderation_state=ModerationState.HIDDEN
    )
    if channel:
        queryset = queryset.filter(channel=channel)
    if district:
        queryset = queryset.filter(district_id=district)
    if age_band:
        queryset = queryset.filter(age_band=age_band)
    return queryset


def build(process, *, public: bool, channel="", district="", age_band="") -> ThemeMap:
    """The map of ``process`` for the given filters (values already validated)."""
    scope = _scope(process, channel=channel, district=district, age_band=age_band)
    themes = list(Theme.objects.filter(process=process).order_by("order", "name"))
    pairs = list(
        ContributionTheme.objects.filter(contribution__in=scope.values("pk")).values_list(
            "contribution_id", "theme_id"
        )
    )
    total = scope.aggregate(n=Count("pk"))["n"]
    by_contribution: dict[int, set[int]] = {}
    for cid, tid in pairs:
        by_contribution.setdefault(cid, set()).add(tid)
    counts = {t.pk: 0 for t in themes}
    together: dict[tuple[int, int], int] = {}
    for tids in by_contribution.values():
        for tid in tids:
            counts[tid] = counts.get(tid, 0) + 1
        for a, b in itertools.combinations(sorted(tids), 2):
            together[(a, b)] = together.get((a, b), 0) + 1
    raised = [t for t in themes if counts.get(t.pk)]
    nodes = []
    for theme in raised:
        n = counts[theme.pk]
        hidden = public and n < THRESHOLD
        nodes.append(
            Node(theme=theme, count=0 if hidden else n, shown=str(HIDDEN) if hidden else str(n))
        )
    links = []
    by_id = {node.theme.pk: node for node in nodes}
    for (a, b), n in together.items():
        union = counts[a] + counts[b] - n
        jaccard = n / union if union else 0.0
        if jaccard < LINK_FROM or (public and n < THRESHOLD) or a not in by_id or b not in by_id:
            continue
        links.append(Link(a=by_id[a], b=by_id[b], together=n, jaccard=jaccard))
    for link in sorted(links, key=lambda link: -link.together):
        link.a.neighbours.append(link.b.theme.name)
        link.b.neighbours.append(link.a.theme.name)
    _layout(nodes, counts, together)
    return ThemeMap(nodes=nodes, links=links, contributions=total)


def _layout(nodes: list[Node], counts: dict, together: dict) -> None:
    if not nodes:
        return
    largest = max(max(n.count for n in nodes), 1)
    for node in nodes:
        # Area in proportion to the count; hidden counts at the smallest size.
        node.r = MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(node.count / largest)
    if len(nodes) == 1:
        nodes[0].x, nodes[0].y = WIDTH / 2, HEIGHT / 2
        return
    ids = [n.theme.pk for n in nodes]
    distance = np.ones((len(ids), len(ids)))
    for i, a in enumerate(ids):
        distance[i, i] = 0.0
        for j, b in enumerate(ids[i + 1 :], start=i + 1):
            n = together.get((min(a, b), max(a, b)), 0)
            union = counts[a] + counts[b] - n
            distance[i, j] = distance[j, i] = 1.0 - (n / union if union else 0.0)
    points = MDS(
        n_components=2, metric="precomputed", init="classical_mds", random_state=0, max_iter=300
    ).fit_transform(distance)
    points -= points.mean(axis=0)
    span = np.abs(points).max(axis=0)
    span[span == 0] = 1
    points = points / span * [(WIDTH / 2 - MAX_RADIUS - 10), (HEIGHT / 2 - MAX_RADIUS - 20)]
    for node, (x, y) in zip(nodes, points, strict=True):
        node.x, node.y = WIDTH / 2 + x, HEIGHT / 2 + y
    _separate(nodes)


def _separate(nodes: list[Node], rounds: int = 200) -> None:
    """Push overlapping circles apart (and inside the drawing)."""
    for _round in range(rounds):
        moved = False
        for a, b in itertools.combinations(nodes, 2):
            dx, dy = b.x - a.x, b.y - a.y
            gap = math.hypot(dx, dy) or 0.01
            need = a.r + b.r + 24  # room for a label
            if gap < need:
                push = (need - gap) / 2
                ux, uy = (dx / gap, dy / gap) if gap > 0.01 else (1.0, 0.0)
                a.x, a.y = a.x - ux * push, a.y - uy * push
                b.x, b.y = b.x + ux * push, b.y + uy * push
                moved = True
        for node in nodes:
            node.x = min(max(node.x, node.r + 4), WIDTH - node.r - 4)
            node.y = min(max(node.y, node.r + 4), HEIGHT - node.r - 22)
        if not moved:
            break
    for node in nodes:
        node.x, node.y, node.r = round(node.x, 1), round(node.y, 1), round(node.r, 1)


def describe(theme_map: ThemeMap) -> str:
    """A sentence for the drawing's text alternative."""
    if not theme_map.nodes:
        return _("No theme has been raised yet.")
    biggest = max(theme_map.nodes, key=lambda n: n.count)
    return _(
        "%(n)d themes. The one raised most is “%(theme)s”. Themes raised together are near "
        "each other and linked; the table gives the figures."
    ) % {"n": len(theme_map.nodes), "theme": biggest.theme.name}
