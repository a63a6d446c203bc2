"""seed_demo loads every role and all three sectors, and can run twice."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from signatories.models import Compact, Organisation, ReferenceGroupMember, Sector, Signature

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_every_role_and_sector_and_is_idempotent():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = (Organisation.objects.count(), Signature.objects.count(), User.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Organisation.objects.count(), Signature.objects.count(), User.objects.count()) == first
    printed = out.getvalue()
    assert "password for all: compact-demo-2026" in printed
    for compact in Compact.objects.all():
        sectors = set(
            Organisation.objects.filter(signatures__compact=compact).values_list(
                "sector", flat=True
            )
        )
        assert sectors == set(Sector.values)
        group = ReferenceGroupMember.objects.filter(compact=compact)
        assert group.count() >= 8
        assert len({m.organisation.sector for m in group}) == 3
        for role in ("officer", "contact", "public", "reference"):
            assert f"{role}@{compact.slug}.demo" in printed
    officer = User.objects.get(email="officer@herefordshire.demo")
    assert officer.check_password("compact-demo-2026")
    assert officer.is_compact_officer_for(Compact.objects.get(slug="herefordshire"))


def test_seed_demo_scale_multiplies_the_volume():
    call_command("seed_demo", "--scale", "2", stdout=StringIO())
    herefordshire = Compact.objects.get(slug="herefordshire")
    assert Organisation.objects.filter(signatures__compact=herefordshire).count() == 400


def test_seed_demo_adds_compacts_that_copy_the_seeded_rules_and_fills_each():
    """The national load's path (--national is this with 300 Compacts and larger volumes)."""
    from consultations.models import Consultation
    from disputes.models import Case
    from funding.models import FundingAgreement

    out = StringIO()
    call_command("seed_demo", "--compacts", "5", stdout=out)
    added = Compact.objects.filter(slug__startswith="demo-").order_by("slug")
    assert [c.slug for c in added] == ["demo-004", "demo-005"]
    rules = ("consultation_min_weeks", "funding_end_notice_months", "resolution_stages")
    seeded = {
        repr([getattr(c, rule) for rule in rules]): set(
            c.commitments.values_list("clause", flat=True)
        )
        for c in Compact.objects.exclude(slug__startswith="demo-")
    }
    for compact in added:
        clauses = seeded[repr([getattr(compact, rule) for rule in rules])]
        assert set(compact.commitments.values_list("clause", flat=True)) == clauses
        assert Signature.objects.filter(compact=compact).count() == 200
        assert Consultation.objects.filter(compact=compact).exists()
        assert FundingAgreement.objects.filter(compact=compact).exists()
        assert Case.objects.filter(compact=compact).exists()
    assert "2 demo Compacts added." in out.getvalue()


def test_the_demo_data_is_believable():
    """Names and titles drawn from each Compact's area, the real public bodies by role, letters
    dated after their case opened, distinct lessons."""
    from consultations.models import Consultation
    from disputes.models import Case, Message

    call_command("seed_demo", stdout=StringIO())
    titles = list(Consultation.objects.values_list("title", flat=True))
    assert len(titles) == len(set(titles)), "a consultation title repeats"
    herefordshire = Compact.objects.get(slug="herefordshire")
    assert Consultation.objects.filter(compact=herefordshire, title__endswith="Herefordshire")
    names = list(Organisation.objects.values_list("name", flat=True))
    assert not [n for n in names if n.rsplit(" ", 1)[-1].isdigit()], "a name ends in a number"
    public = set(
        Organisation.objects.filter(
            signatures__compact=herefordshire, sector=Sector.PUBLIC
        ).values_list("name", flat=True)
    )
    assert {"Herefordshire Council", "West Mercia Police"} <= public
    assert not any("Herefordshire Constabulary" in n for n in names)
    for letter in Message.objects.select_related("case"):
        assert letter.sent_on >= letter.case.initial_contact_on
        assert letter.sent_on >= letter.case.created_at.date()
    lessons = list(Case.objects.exclude(lesson_learnt="").values_list("lesson_learnt", flat=True))
    assert len(lessons) >= 3
    per_compact = {}
    for case in Case.objects.exclude(lesson_learnt=""):
        per_compact.setdefault(case.compact_id, []).append(case.lesson_learnt)
    for shown in per_compact.values():
        assert len(shown) == len(set(shown)), "a Compact's lessons repeat"
