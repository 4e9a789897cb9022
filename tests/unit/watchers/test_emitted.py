"""The memory of what was handed on: bounded by what the last full scan saw."""

from __future__ import annotations

from gt_watch.watchers.emitted import EmittedFiles


def test_a_file_handed_on_is_unchanged_only_with_the_same_size_and_mtime() -> None:
    memory = EmittedFiles()
    memory.remember("/w/a.wav", 10, 1)
    assert memory.unchanged("/w/a.wav", 10, 1)
    assert not memory.unchanged("/w/a.wav", 10, 2)
    assert not memory.unchanged("/w/a.wav", 11, 1)
    assert not memory.unchanged("/w/b.wav", 10, 1)


def test_a_full_scan_drops_what_it_did_not_see() -> None:
    memory = EmittedFiles()
    memory.remember("/w/kept.wav", 1, 1)
    memory.remember("/w/deleted.wav", 1, 1)
    memory.begin_scan()
    assert memory.unchanged("/w/kept.wav", 1, 1)
    memory.end_scan(complete=True)
    assert memory.knows("/w/kept.wav")
    assert not memory.knows("/w/deleted.wav")
    assert len(memory) == 1


def test_a_file_handed_on_during_a_scan_survives_it() -> None:
    memory = EmittedFiles()
    memory.begin_scan()
    memory.remember("/w/behind-the-scanner.wav", 1, 1)
    memory.end_scan(complete=True)
    assert memory.unchanged("/w/behind-the-scanner.wav", 1, 1)


def test_an_incomplete_scan_drops_nothing() -> None:
    memory = EmittedFiles()
    memory.remember("/w/a.wav", 1, 1)
    memory.begin_scan()
    memory.end_scan(complete=False)
    assert memory.unchanged("/w/a.wav", 1, 1)


def test_a_scan_interrupted_by_another_drops_nothing_it_did_not_prove_gone() -> None:
    memory = EmittedFiles()
    memory.remember("/w/a.wav", 1, 1)
    memory.begin_scan()
    memory.begin_scan()
    memory.end_scan(complete=False)
    assert memory.knows("/w/a.wav")


def test_files_in_folders_the_scan_could_not_read_are_kept() -> None:
    memory = EmittedFiles()
    memory.remember("/w/locked/a.wav", 1, 1)
    memory.remember("/w/lockedout/b.wav", 1, 1)
    memory.begin_scan()
    memory.end_scan(complete=True, unread_folders=["/w/locked"])
    assert memory.knows("/w/locked/a.wav")
    assert not memory.knows("/w/lockedout/b.wav")


def test_forget_and_forget_under_reach_both_generations() -> None:
    memory = EmittedFiles()
    memory.remember("/w/a.wav", 1, 1)
    memory.remember("/w/sub/b.wav", 1, 1)
    memory.remember("/w/sub/c.wav", 1, 1)
    memory.remember("/w/subway.wav", 1, 1)
    memory.begin_scan()
    memory.remember("/w/sub/c.wav", 2, 2)
    memory.forget("/w/a.wav")
    assert sorted(memory.forget_under("/w/sub")) == ["/w/sub/b.wav", "/w/sub/c.wav"]
    assert not memory.knows("/w/a.wav")
    assert not memory.knows("/w/sub/b.wav")
    assert not memory.knows("/w/sub/c.wav")
    assert memory.knows("/w/subway.wav")


def test_remember_all_is_remember_of_each() -> None:
    one_by_one, at_once = EmittedFiles(), EmittedFiles()
    entries = [("/w/a.wav", 1, 10), ("/w/b.wav", 2, 20), ("/w/a.wav", 3, 30)]
    for entry in entries:
        one_by_one.remember(*entry)
    at_once.remember_all(entries)
    for memory in (one_by_one, at_once):
        assert memory.unchanged("/w/a.wav", 3, 30)
        assert not memory.unchanged("/w/a.wav", 1, 10)
        assert memory.unchanged("/w/b.wav", 2, 20)


def test_remember_all_during_a_scan_survives_it() -> None:
    memory = EmittedFiles()
    memory.remember("/w/old.wav", 1, 1)
    memory.begin_scan()
    memory.remember_all([("/w/old.wav", 2, 2), ("/w/new.wav", 1, 1)])
    memory.end_scan(complete=True)
    assert memory.unchanged("/w/old.wav", 2, 2)
    assert memory.unchanged("/w/new.wav", 1, 1)
    assert len(memory) == 2


def test_a_file_the_consumer_has_at_this_size_and_mtime_is_no_news_and_costs_no_entry() -> None:
    consumer = {"/w/known.wav": (10, 1)}
    memory = EmittedFiles(lambda path, size, mtime_ns: consumer.get(path) == (size, mtime_ns))
    memory.begin_scan()
    seen = [("/w/known.wav", 10, 1), ("/w/changed.wav", 10, 2), ("/w/new.wav", 5, 5)]
    consumer["/w/changed.wav"] = (10, 1)
    assert memory.news(seen) == [("/w/changed.wav", 10, 2), ("/w/new.wav", 5, 5)]
    memory.end_scan(complete=True)
    assert len(memory) == 0
    assert memory.unchanged("/w/known.wav", 10, 1)
    assert not memory.unchanged("/w/known.wav", 11, 1)


def test_what_the_consumer_took_in_since_is_asked_not_remembered_from_the_start() -> None:
    consumer: dict[str, tuple[int, int]] = {}
    memory = EmittedFiles(lambda path, size, mtime_ns: consumer.get(path) == (size, mtime_ns))
    assert not memory.unchanged("/w/a.wav", 1, 1)
    consumer["/w/a.wav"] = (1, 1)  # taken in from another watcher's event, say
    assert memory.unchanged("/w/a.wav", 1, 1)
    assert memory.news([("/w/a.wav", 1, 1)]) == []
