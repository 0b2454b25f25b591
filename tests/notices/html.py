"""Read elements marked with ``data-testid`` from a page (standard library only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[Element | None] = []
        self.found: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        element = Element(tag, values) if "data-testid" in values else None
        if element is not None:
            self.found.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        for element in self.open:
            if element is not None:
                element.parts.append(data)


def by_testid(html: bytes | str, testid: str) -> list[Element]:
    collector = _Collector()
    collector.feed(html.decode() if isinstance(html, bytes) else html)
    return [e for e in collector.found if e.attrs["data-testid"] == testid]


def one(html: bytes | str, testid: str) -> Element:
    [element] = by_testid(html, testid)
    return element
