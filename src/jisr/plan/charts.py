"""Charts drawn on the server as SVG: no script, the same markup on pages and in PDFs.

In Arabic the time axis runs right to left: the first period is drawn at the right.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

COLOURS = {"green": "#1a7f37", "amber": "#b26a00", "red": "#c62828", "grey": "#6b7280"}


def _scale(values: Sequence[float | None]) -> tuple[float, float]:
    present = [float(v) for v in values if v is not None]
    if not present:
        return 0.0, 1.0
    low, high = min(0.0, min(present)), max(present)
    return low, (high if high > low else low + 1.0)


def sparkline(
    values: Sequence[float | None],
    *,
    rtl: bool = False,
    width: int = 120,
    height: int = 28,
    colour: str = "grey",
    label: str = "",
    target: float | None = None,
) -> SafeString:
    """A small line of ``values`` in order (a gap where a value is missing), with the target."""
    n = len(values)
    low, high = _scale([*values, target])
    pad = 3

    def x(i: int) -> float:
        step = (width - 2 * pad) / max(n - 1, 1)
        pos = pad + i * step
        return round(width - pos if rtl else pos, 1)

    def y(v: float) -> float:
        return round(height - pad - (v - low) / (high - low) * (height - 2 * pad), 1)

    stroke = COLOURS.get(colour, colour)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}">'
    ]
    if label:
        parts.append(f"<title>{escape(label)}</title>")
    if target is not None:
        ty = y(float(target))
        parts.append(
            f'<line x1="{pad}" x2="{width - pad}" y1="{ty}" y2="{ty}" stroke="#9ca3af" '
            'stroke-dasharray="3 2" stroke-width="1"/>'
        )
    run: list[str] = []
    runs: list[list[str]] = []
    for i, value in enumerate(values):
        if value is None:
            if run:
                runs.append(run)
            run = []
            continue
        run.append(f"{x(i)},{y(float(value))}")
    if run:
        runs.append(run)
    for points in runs:
        if len(points) == 1:
            cx, cy = points[0].split(",")
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="1.8" fill="{stroke}"/>')
        else:
            parts.append(
                f'<polyline fill="none" stroke="{stroke}" stroke-width="1.6" '
                f'points="{" ".join(points)}"/>'
            )
    last = next((i for i in range(n - 1, -1, -1) if values[i] is not None), None)
    if last is not None:
        value = values[last]
        assert value is not None
        parts.append(f'<circle cx="{x(last)}" cy="{y(float(value))}" r="2.4" fill="{stroke}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped


def bars(
    values: Sequence[float | None],
    labels: Sequence[str],
    *,
    rtl: bool = False,
    width: int = 480,
    height: int = 140,
    colour: str = "#2563eb",
    target: float | None = None,
    texts: Sequence[str] = (),
) -> SafeString:
    """A bar chart for reports: one bar per period, labelled under it, mirrored in Arabic.

    ``texts`` are the values as shown (``"87 %"``), written above their bars.
    """
    n = max(len(values), 1)
    low, high = _scale([*values, target])
    bottom, top, pad = 18, 14, 4
    slot = (width - 2 * pad) / n
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bars" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">'
    ]

    def y(v: float) -> float:
        return round(height - bottom - (v - low) / (high - low) * (height - bottom - top), 1)

    base = y(low)
    parts.append(
        f'<line x1="{pad}" x2="{width - pad}" y1="{base}" y2="{base}" stroke="#6b7280" '
        'stroke-width="0.8"/>'
    )
    for i, value in enumerate(values):
        left = pad + (n - 1 - i if rtl else i) * slot
        text_x = round(left + slot / 2, 1)
        if value is not None:
            top_y = y(float(value))
            parts.append(
                f'<rect x="{round(left + slot * 0.15, 1)}" y="{top_y}" '
                f'width="{round(slot * 0.7, 1)}" height="{round(base - top_y, 1)}" '
                f'fill="{colour}"/>'
            )
            if i < len(texts) and n <= 16:
                parts.append(
                    f'<text x="{text_x}" y="{round(top_y - 3, 1)}" font-size="8" '
                    f'text-anchor="middle" fill="#111827">{escape(texts[i])}</text>'
                )
        if n <= 16 or i % max(n // 12, 1) == 0:
            parts.append(
                f'<text x="{text_x}" y="{height - 5}" font-size="8" text-anchor="middle" '
                f'fill="#374151">{escape(labels[i])}</text>'
            )
    if target is not None:
        ty = y(float(target))
        parts.append(
            f'<line x1="{pad}" x2="{width - pad}" y1="{ty}" y2="{ty}" stroke="#c62828" '
            'stroke-dasharray="4 3" stroke-width="1"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped
