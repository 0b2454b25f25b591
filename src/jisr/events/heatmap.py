"""The risk heat map (likelihood × impact), drawn on the server as SVG.

Impact runs up the vertical axis, likelihood along the horizontal one, in the reading
direction: left to right in French and English, right to left in Arabic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi, ngettext
from django.utils.translation import gettext as _

CELL = 56
LEFT = 70
TOP = 20


def _colour(level: int) -> str:
    if level >= 15:
        return "#c0392b"
    if level >= 8:
        return "#e67e22"
    if level >= 4:
        return "#f1c40f"
    return "#27ae60"


def heatmap_svg(risks: Iterable[Any]) -> SafeString:
    counts = Counter((int(r.likelihood), int(r.impact)) for r in risks)
    rtl = get_language_bidi()
    width = LEFT + 5 * CELL + 20
    height = TOP + 5 * CELL + 60
    title = _("Risk heat map: likelihood by impact")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="heatmap" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-label="{escape(title)}" direction="{"rtl" if rtl else "ltr"}">',
        f"<title>{escape(title)}</title>",
    ]

    def x_of(likelihood: int) -> int:
        col = (5 - likelihood) if rtl else (likelihood - 1)
        return LEFT + col * CELL

    for likelihood in range(1, 6):
        for impact in range(1, 6):
            x = x_of(likelihood)
            y = TOP + (5 - impact) * CELL
            n = counts.get((likelihood, impact), 0)
            label = ngettext(
                "likelihood %(l)s, impact %(i)s: %(n)s risk",
                "likelihood %(l)s, impact %(i)s: %(n)s risks",
                n,
            ) % {
                "l": likelihood,
                "i": impact,
                "n": n,
            }
            parts.append(
                f'<g data-likelihood="{likelihood}" data-impact="{impact}" data-count="{n}">'
                f"<title>{escape(label)}</title>"
                f'<rect x="{x}" y="{y}" width="{CELL - 2}" height="{CELL - 2}" '
                f'fill="{_colour(likelihood * impact)}" fill-opacity="{0.9 if n else 0.35}"/>'
            )
            if n:
                parts.append(
                    f'<text x="{x + CELL // 2 - 1}" y="{y + CELL // 2 + 6}" text-anchor="middle" '
                    f'font-size="18" font-weight="bold" fill="#000">{n}</text>'
                )
            parts.append("</g>")
    for i in range(1, 6):
        parts.append(
            f'<text x="{x_of(i) + CELL // 2 - 1}" y="{TOP + 5 * CELL + 16}" text-anchor="middle" font-size="12">{i}</text>'
        )
        parts.append(
            f'<text x="{LEFT - 8}" y="{TOP + (5 - i) * CELL + CELL // 2 + 4}" text-anchor="end" font-size="12">{i}</text>'
        )
    parts.append(
        f'<text x="{LEFT + 5 * CELL // 2}" y="{TOP + 5 * CELL + 40}" text-anchor="middle" font-size="14">'
        f"{escape(_('Likelihood'))} {'←' if rtl else '→'}</text>"
    )
    parts.append(
        f'<text x="16" y="{TOP + 5 * CELL // 2}" text-anchor="middle" font-size="14" '
        f'transform="rotate(-90 16 {TOP + 5 * CELL // 2})">{escape(_("Impact"))} →</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
