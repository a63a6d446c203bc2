"""core.paging.BoundedPaginator: the pages read ids first show what plain OFFSET pages show."""

import pytest

from core.paging import BoundedPaginator
from signatories.models import Signature
from signatories.tests.factories import OrganisationFactory, SignatureFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "order", [("organisation__name", "pk"), ("-signed_on", "-pk"), ("compact__name", "pk")]
)
def test_ids_first_pages_are_the_offset_pages(herefordshire, hertfordshire, order):
    for i in range(23):
        SignatureFactory(
            organisation=OrganisationFactory(name=f"Trust {i % 4}"),
            compact=(herefordshire, hertfordshire)[i % 2],
            approved=True,
        )
    rows = (
        Signature.objects.filter(state="approved")
        .select_related("organisation", "compact")
        .order_by(*order)
    )
    plain = BoundedPaginator(rows, 5, max_rows=20)
    first = BoundedPaginator(rows, 5, max_rows=20, ids_first=True)
    assert first.num_pages == plain.num_pages == 4
    for number in plain.page_range:
        expected = [s.pk for s in plain.page(number).object_list]
        assert [s.pk for s in first.page(number).object_list] == expected
        assert len(expected) == 5
