from __future__ import annotations

from gt_watch.store import Store
from gt_watch.store.rows import FileState


def test_states_of_a_page_of_sources_come_in_one_call_with_version_and_state(
    store: Store,
) -> None:
    for n in range(0, 2500, 3):
        store.files.observe(f"s3://b/in/{n:05}.wav", "s3://b/in/", 10, f"etag{n}")
    ready = store.files.by_source("s3://b/in/00003.wav")
    assert ready is not None
    store.files.checked(ready.id, content_hash="h", duration=None, state=FileState.READY)
    page = [f"s3://b/in/{n:05}.wav" for n in range(2500)]
    states = store.files.states_of(page)
    assert len(states) == len(range(0, 2500, 3))
    assert states["s3://b/in/00000.wav"] == ("etag0", FileState.SEEN)
    assert states["s3://b/in/00003.wav"] == ("etag3", FileState.READY)
    assert "s3://b/in/00001.wav" not in states
    assert store.files.states_of([]) == {}
