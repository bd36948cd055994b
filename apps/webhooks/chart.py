"""The school home's chart: events per topic per day, as stacked bars drawn in SVG."""

from __future__ import annotations

import math
from dataclasses import dataclass

from apps.connections.models import Connection
from apps.core import display
from apps.webhooks.selectors import DailyCounts, event_counts_by_day

COLORS = ("#1f4fd1", "#17803d", "#c2410c", "#7c3aed", "#0e7490", "#94a3b8")
WIDTH, HEIGHT = 720, 200
LEFT, RIGHT, BOTTOM, TOP = 34, 38, 22, 8  # room for the axis labels: half a date right


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    color: str


@dataclass(frozen=True)
class Bar:
    label: str  # "Mar 3, 2026: 5 events (3 Order created, 2 New user)"
    rects: tuple[Rect, ...]
    hit: Rect  # the whole column, so a day with few events is still easy to point at


@dataclass(frozen=True)
class Tick:
    position: float
    text: str


@dataclass(frozen=True)
class Chart:
    counts: DailyCounts
    bars: tuple[Bar, ...]
    legend: tuple[tuple[str, str, int], ...]  # label, color, total
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM

    @property
    def rows(self) -> list[tuple]:
        """(day, counts per series, total) for the table beside the chart."""
        days = self.counts.days
        return [
            (day, [s.counts[i] for s in self.counts.series], self.counts.totals[i])
            for i, day in enumerate(days)
        ][::-1]


def activity_chart(*, connection: Connection, days: int = 30) -> Chart:
    return draw(event_counts_by_day(connection=connection, days=days))


def draw(counts: DailyCounts) -> Chart:
    top = _nice_ceiling(counts.peak)
    plot_height = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(counts.days))
    bars = []
    colors = {s.label: COLORS[min(i, len(COLORS) - 1)] for i, s in enumerate(counts.series)}
    for i, day in enumerate(counts.days):
        x = LEFT + i * slot + slot * 0.15
        y = HEIGHT - BOTTOM
        rects = []
        for series in counts.series:
            n = series.counts[i]
            if not n:
                continue
            h = plot_height * n / top
            y -= h
            rects.append(
                Rect(
                    round(x, 1),
                    round(y, 1),
                    round(slot * 0.7, 1),
                    round(h, 1),
                    colors[series.label],
                )
            )
        parts = [f"{s.counts[i]} {s.label}" for s in counts.series if s.counts[i]]
        total = counts.totals[i]
        label = f"{display.date(day)}: {total} event{'s' if total != 1 else ''}"
        if parts:
            label += f" ({', '.join(parts)})"
        hit = Rect(round(LEFT + i * slot, 1), TOP, round(slot, 1), plot_height, "transparent")
        bars.append(Bar(label=label, rects=tuple(rects), hit=hit))
    y_ticks = tuple(
        Tick(round(HEIGHT - BOTTOM - plot_height * value / top, 1), str(value))
        for value in (0, top // 2, top)
    )
    x_ticks = tuple(
        Tick(round(LEFT + i * slot + slot / 2, 1), display.date(day))
        for i, day in enumerate(counts.days)
        if i % 7 == (len(counts.days) - 1) % 7
    )
    legend = tuple((s.label, colors[s.label], s.total) for s in counts.series)
    return Chart(counts=counts, bars=tuple(bars), legend=legend, y_ticks=y_ticks, x_ticks=x_ticks)


def _nice_ceiling(peak: int) -> int:
    """A round top for the axis: 4, 10, 20, 50, 100, ... at or above the busiest day."""
    if peak <= 4:
        return 4
    magnitude = 10 ** math.floor(math.log10(peak))
    for step in (1, 2, 5, 10):
        if peak <= step * magnitude:
            return step * magnitude
    return 10 * magnitude
