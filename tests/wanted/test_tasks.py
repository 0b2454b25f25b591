"""Worker tasks: batch screening advances in slices and finishes with downloadable results."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from jisr.audit.models import AuditEntry
from jisr.wanted import services
from jisr.wanted.models import Screening

pytestmark = pytest.mark.django_db


def test_a_batch_is_screened_by_the_worker_with_progress(
    make_active_alert: Any, staff: Any
) -> None:
    alert = make_active_alert()
    lines = (
        ["names,birth_date"]
        + [f"Person{i} Testname{i}," for i in range(30)]
        + ["ياسين بنكيران,1986"]
    )
    job = services.screening_batch_create(
        acting_user=staff["officer"],
        purpose="Accreditation list, event 7",
        filename="list.csv",
        content="\n".join(lines).encode(),
    )
    assert (job.status, job.total, job.progress) == ("queued", 31, 0)
    assert services.screening_batch_step(chunk=10)
    job.refresh_from_db()
    assert job.status == "done" and job.progress == 31 and len(job.results) == 31
    assert [c["alert_id"] for c in job.results[30]["candidates"]] == [str(alert.id)]
    assert job.hits == 1
    assert not services.screening_batch_step()
    assert AuditEntry.objects.filter(
        action="screening.batch", justification="Accreditation list, event 7"
    ).exists()


def test_a_batch_stops_at_its_time_budget_and_resumes(staff: Any) -> None:
    content = ("names\n" + "\n".join(f"Name{i} Person" for i in range(50))).encode()
    services.screening_batch_create(
        acting_user=staff["officer"], purpose="case 9", filename="l.csv", content=content
    )
    services.screening_batch_step(budget_seconds=0, chunk=20)
    job = Screening.objects.get()
    assert (job.status, job.progress) == ("running", 20)
    while services.screening_batch_step(chunk=20):
        pass
    job.refresh_from_db()
    assert (job.status, job.progress, len(job.results)) == ("done", 50, 50)


def test_a_malformed_batch_creates_no_job(staff: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.screening_batch_create(
            acting_user=staff["officer"],
            purpose="case 9",
            filename="l.csv",
            content=b"names,birth_date\nA,1986-02-30\n,\nB,x\n",
        )
    assert len(exc.value.message_dict["file"]) == 2
    assert not Screening.objects.exists()


def test_alerts_reach_partners_linked_after_approval(staff: Any, alert_data: Any) -> None:
    from jisr.federation.models import OutboxEnvelope, Partner
    from jisr.federation.services import replicas_catch_up

    alert = services.alert_create(acting_user=staff["officer"], data=alert_data)
    services.alert_submit(acting_user=staff["officer"], alert=alert)
    Partner.objects.update(status="suspended")
    services.alert_review(
        acting_user=staff["reviewer"], alert=alert, decision="approve", reason="r", share_with=[]
    )
    alert.shared_with = ["FR-DGPN"]
    alert.save(update_fields=["shared_with"])
    assert replicas_catch_up() == 0
    Partner.objects.update(status="active")
    assert replicas_catch_up() == 1
    assert OutboxEnvelope.objects.filter(type="replica.upsert").count() == 1
    assert replicas_catch_up() == 0
