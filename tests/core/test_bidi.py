"""Text people write is isolated (<bdi> or dir="auto"), so mixed Arabic and Latin reads right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = sorted(Path(__file__).resolve().parents[2].glob("src/jisr/*/templates/**/*.html"))
# Fields that hold what a person typed: names, titles, subjects, descriptions, reasons.
USER_TEXT = re.compile(
    r"\{\{ ((?:m|message|case|alert|hit|event|e|venue|i|r|p|s|screening|note|d|a|c|l|n\.hit"
    r"|n\.alert|item\.alert|hit\.alert|m\.case|row\.venue|i\.venue)\."
    r"(?:subject|display_name|name|title|location|address|text|description|purpose|file_name"
    r"|threat|mitigation|organisation|full_name|author_name|response_note|outcome_note|officer"
    r"|review_reason|filename|reference|circumstances|offence_description|physical_description"
    r"|place_of_birth|legal_authority|legal_reference|reason))(\|[^}]*)? \}\}"
)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_user_written_text_is_isolated_for_bidirectional_display(path: Path) -> None:
    text = path.read_text()
    problems = []
    for match in USER_TEXT.finditer(text):
        before = text[: match.start()]
        if before.rfind("<") > before.rfind(">") or before.rfind("{%") > before.rfind("%}"):
            continue  # inside an attribute or a template tag (a URL, a translation argument)
        if before.rfind("<title>") > before.rfind("</title>"):
            continue
        if before.rfind("{% block title %}") > before.rfind("{% endblock %}"):
            continue
        if "|linebreaks" in (match.group(2) or "") and "linebreaksbr" not in (match.group(2) or ""):
            # a block of paragraphs: its container carries dir="auto"
            if 'dir="auto"' not in before[before.rfind("<") :]:
                problems.append(match.group(0))
            continue
        if not (re.search(r"<bdi[^>]*>$", before) or before.endswith('dir="auto">')):
            problems.append(match.group(0))
    assert not problems, problems
