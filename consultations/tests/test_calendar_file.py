"""The calendar is a file per Compact (and one for all): built by a task, served from disk."""

from __future__ import annotations

from icalendar import Calendar

from consultations import ical, tasks
from consultations.tests.factories import ConsultationFactory
from core import built_files


def summaries(client, compact=None) -> set[str]:
    url = "/consultations/calendar.ics" + (f"?compact={compact.slug}" if compact else "")
    response = client.get(url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return {str(e["summary"]) for e in Calendar.from_ical(response.getvalue()).walk("VEVENT")}


def test_each_compact_has_its_own_calendar_file(client, herefordshire, hertfordshire):
    ConsultationFactory(compact=herefordshire, title="Parks")
    ConsultationFactory(compact=hertfordshire, title="Roads")
    assert {s.split(" ")[0] for s in summaries(client, herefordshire)} == {"Parks"}
    assert {s.split(" ")[0] for s in summaries(client)} == {"Parks", "Roads"}
    assert built_files.path_for(ical.file_name(herefordshire.pk)).exists()
    assert not built_files.path_for(ical.file_name(hertfordshire.pk)).exists()


def test_a_built_calendar_is_served_without_the_export_queries(
    client, herefordshire, django_assert_max_num_queries
):
    ConsultationFactory(compact=herefordshire, title="Parks")
    summaries(client, herefordshire)
    with django_assert_max_num_queries(1):  # the Compact, by its slug
        assert len(summaries(client, herefordshire)) == 2


def test_a_change_marks_its_compacts_calendars_stale_and_the_sweep_rebuilds_them(
    client, herefordshire, hertfordshire, django_capture_on_commit_callbacks
):
    consultation = ConsultationFactory(compact=herefordshire, title="Parks")
    ConsultationFactory(compact=hertfordshire, title="Roads")
    for compact in (herefordshire, hertfordshire, None):
        summaries(client, compact)
    with django_capture_on_commit_callbacks(execute=True):
        consultation.title = "Playgrounds"
        consultation.save()
    assert built_files.is_stale(ical.file_name(herefordshire.pk))
    assert built_files.is_stale(ical.file_name())
    assert not built_files.is_stale(ical.file_name(hertfordshire.pk))
    assert not any(s.startswith("Playgrounds") for s in summaries(client, herefordshire))
    assert tasks.rebuild_calendars.delay().get() == 2
    assert any(s.startswith("Playgrounds") for s in summaries(client, herefordshire))
    assert any(s.startswith("Playgrounds") for s in summaries(client))


def test_a_lead_body_renamed_renews_the_calendars_of_its_consultations(
    client, herefordshire, django_capture_on_commit_callbacks
):
    consultation = ConsultationFactory(compact=herefordshire, title="Parks")
    summaries(client, herefordshire)
    with django_capture_on_commit_callbacks(execute=True):
        consultation.lead_body.name = "Herefordshire Parks Trust"
        consultation.lead_body.save()
    tasks.rebuild_calendars()
    assert "Parks opens (Herefordshire Parks Trust)" in summaries(client, herefordshire)
