"""The 360Giving package is a file: built by the task, served from disk, rebuilt after a change."""

from __future__ import annotations

import json

from core import built_files
from funding import opendata, tasks
from funding.tests.factories import AgreementFactory
from signatories.tests.factories import OrganisationFactory


def titles(client) -> list[str]:
    response = client.get("/funding/360giving.json")
    assert response["Content-Type"] == "application/json"
    return [g["title"] for g in json.loads(response.getvalue())["grants"]]


def publishing_agreement(compact, title):
    funder = OrganisationFactory(public=True, publish_funding=True)
    return AgreementFactory(compact=compact, funder=funder, title=title)


def test_the_package_is_built_by_the_task_and_served_without_the_export_queries(
    client, herefordshire, django_assert_max_num_queries
):
    publishing_agreement(herefordshire, "Advice in Leominster")
    assert tasks.rebuild_360giving.delay().get() is True
    assert built_files.path_for(opendata.FILE).exists()
    with django_assert_max_num_queries(0):
        assert titles(client) == ["Advice in Leominster"]


def test_a_change_marks_the_package_stale_and_the_next_sweep_rebuilds_it(
    client, herefordshire, django_capture_on_commit_callbacks
):
    agreement = publishing_agreement(herefordshire, "Advice in Leominster")
    tasks.rebuild_360giving()
    with django_capture_on_commit_callbacks(execute=True):
        agreement.title = "Advice in Ledbury"
        agreement.save()
    assert titles(client) == ["Advice in Leominster"]  # until the sweep
    assert tasks.rebuild_360giving() is True
    assert titles(client) == ["Advice in Ledbury"]
    assert tasks.rebuild_360giving() is False  # nothing changed since


def test_a_funder_that_stops_publishing_leaves_the_package_at_the_next_sweep(
    client, herefordshire, django_capture_on_commit_callbacks
):
    agreement = publishing_agreement(herefordshire, "Advice in Leominster")
    tasks.rebuild_360giving()
    with django_capture_on_commit_callbacks(execute=True):
        agreement.funder.publish_funding = False
        agreement.funder.save()
    tasks.rebuild_360giving()
    assert titles(client) == []


def test_the_first_request_builds_a_missing_package(client, herefordshire):
    publishing_agreement(herefordshire, "Advice in Leominster")
    assert not built_files.path_for(opendata.FILE).exists()
    assert titles(client) == ["Advice in Leominster"]
    assert built_files.path_for(opendata.FILE).exists()
