"""Reading a list page as a person would: the rows of a table, the pager's words."""

from __future__ import annotations

import re
from html import unescape


def table_rows(html: str, testid: str) -> list[str]:
    """The text of each body row of the table ``data-testid=testid``, tags removed."""
    match = re.search(rf'<table[^>]*data-testid="{testid}"[^>]*>(.*?)</table>', html, re.S)
    assert match, f"no table {testid}"
    body = match.group(1).split("<tbody>", 1)[-1]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in rows]


def pager_text(html: str) -> str:
    match = re.search(r'<nav class="pager"[^>]*data-testid="pager">(.*?)</nav>', html, re.S)
    assert match, "no pager"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split())


def pager_links(html: str) -> dict[str, str]:
    """The pager's links by their ``rel`` (prev, next), as URLs."""
    match = re.search(r'<nav class="pager"[^>]*data-testid="pager">(.*?)</nav>', html, re.S)
    assert match, "no pager"
    return {
        rel: unescape(href)
        for href, rel in re.findall(r'<a href="([^"]+)" rel="(\w+)"', match.group(1))
    }
