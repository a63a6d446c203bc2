"""Big exports as files (core/built_files.py): written whole, replaced at once, read from disk."""

from __future__ import annotations

import os
import time

import pytest

from core import built_files

pytestmark = pytest.mark.django_db


def build_of(*chunks: str):
    return lambda: list(chunks)


def read(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_first_request_builds_a_missing_file_once_and_then_reads_it(settings):
    calls = []

    def build():
        calls.append(1)
        return ["whole"]

    assert read(built_files.serve("f.txt", build, content_type="text/plain")) == b"whole"
    assert read(built_files.serve("f.txt", build, content_type="text/plain")) == b"whole"
    assert calls == [1]


def test_a_reader_during_the_rebuild_gets_the_old_file(django_capture_on_commit_callbacks):
    built_files.write_atomically("f.txt", ["old"])
    response = built_files.serve("f.txt", build_of("unused"), content_type="text/plain")
    with django_capture_on_commit_callbacks(execute=True):
        built_files.mark_stale("f.txt")
    assert built_files.rebuild_if_stale("f.txt", build_of("new"))
    assert read(response) == b"old"  # opened before the replace: the old file, whole
    assert read(built_files.serve("f.txt", build_of(), content_type="text/plain")) == b"new"


def test_a_half_written_file_is_never_served():
    built_files.write_atomically("f.txt", ["old ", "and whole"])
    seen = []

    def build():
        yield "new "
        # half-way through writing, a request is served
        seen.append(read(built_files.serve("f.txt", build_of(), content_type="text/plain")))
        yield "and whole"

    built_files.write_atomically("f.txt", build())
    assert seen == [b"old and whole"]
    assert built_files.path_for("f.txt").read_bytes() == b"new and whole"


def test_a_build_that_fails_leaves_the_old_file_and_no_part_file():
    built_files.write_atomically("f.txt", ["old"])

    def build():
        yield "half"
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        built_files.write_atomically("f.txt", build())
    assert built_files.path_for("f.txt").read_bytes() == b"old"
    assert sorted(p.name for p in built_files.root().iterdir()) == ["f.txt"]


def test_a_change_is_marked_only_when_its_transaction_commits(django_capture_on_commit_callbacks):
    built_files.write_atomically("f.txt", ["old"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        built_files.mark_stale("f.txt")
    assert not built_files.is_stale("f.txt")
    callbacks[0]()
    assert built_files.is_stale("f.txt")


def test_only_one_sweep_rebuilds_a_marked_file(django_capture_on_commit_callbacks):
    built_files.write_atomically("f.txt", ["old"])
    with django_capture_on_commit_callbacks(execute=True):
        built_files.mark_stale("f.txt")
    assert built_files.rebuild_if_stale("f.txt", build_of("new"))
    assert not built_files.rebuild_if_stale("f.txt", build_of("newer"))
    assert built_files.path_for("f.txt").read_bytes() == b"new"


def test_a_file_built_on_an_earlier_day_is_stale(time_machine):
    time_machine.move_to("2026-11-22 12:00Z")
    built_files.write_atomically("f.txt", ["yesterday"])
    now = time.time()  # the travelled clock: the file's time is set by the real one
    os.utime(built_files.path_for("f.txt"), (now, now))
    assert not built_files.is_stale("f.txt")
    time_machine.move_to("2026-11-23 12:00Z")
    assert built_files.is_stale("f.txt")
    assert built_files.rebuild_if_stale("f.txt", build_of("today"))
    now = time.time()
    os.utime(built_files.path_for("f.txt"), (now, now))
    assert not built_files.is_stale("f.txt")


def test_with_no_beat_a_request_rebuilds_a_stale_file(settings, django_capture_on_commit_callbacks):
    settings.EXPORTS_REBUILT_ON_REQUEST = True
    built_files.write_atomically("f.txt", ["old"])
    assert read(built_files.serve("f.txt", build_of("new"), content_type="text/plain")) == b"old"
    with django_capture_on_commit_callbacks(execute=True):
        built_files.mark_stale("f.txt")
    assert read(built_files.serve("f.txt", build_of("new"), content_type="text/plain")) == b"new"


def test_after_a_bulk_load_every_file_is_stale():
    built_files.write_atomically("a.json", ["a"])
    built_files.write_atomically("b.ics", ["b"])
    built_files.mark_every_file_stale()
    assert built_files.is_stale("a.json") and built_files.is_stale("b.ics")
    assert built_files.rebuild_if_stale("a.json", build_of("A"))
    assert not built_files.is_stale("a.json")
