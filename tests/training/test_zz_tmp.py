from typing import Any
import pytest
from tests.support.web import logged_in
from tests.training.test_pages import _certificate
pytestmark = pytest.mark.django_db

def test_dump(supervisor: Any, ma_session: Any) -> None:
    c = _certificate(supervisor, ma_session)
    for lang in ("ar", "fr"):
        r = logged_in(supervisor).get(f"/training/certificates/{c.code}/{lang}.pdf")
        open(f"/tmp/cert-{lang}.pdf", "wb").write(r.content)
