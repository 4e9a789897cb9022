"""Replanning when a folder's rules change, against a real state database and a real folder
with real rules files: what the rules no longer ask for is superseded unless its order may
have been placed (then it goes on and is delivered, marked), and comes back with the rules.

Jobs are moved through the store as the ordering steps would move them (no API here)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from gt_watch.config.resolve import RuleDefaults
from gt_watch.config.rules_schema import RULES_FILE_NAME
from gt_watch.errors import StateError
from gt_watch.model import JobState, Mode, OrderReceipt
from gt_watch.pipeline import ordering
from gt_watch.pipeline.chain import plan_children
from gt_watch.pipeline.context import Context
from gt_watch.pipeline.intake import give_up, intake
from gt_watch.pipeline.ordering import place
from gt_watch.pipeline.plan import DeliveryPlan
from gt_watch.pipeline.ports import Settings
from gt_watch.pipeline.replan import replan
from gt_watch.pipeline.sources import LocalSources, SourceRouter
from gt_watch.service.rules import WatchedRules
from gt_watch.storage.signed import SignedUrls
from gt_watch.store import Store
from gt_watch.store.database import utc_now
from gt_watch.store.rows import DeliveryState, FileRecord, JobRecord
from tests.support.media import write_wav

S = JobState
CAPTIONS = "  - {name: captions, kind: captions, language: english, outputs: [srt]}\n"
GERMAN = "  - {name: captions, kind: captions, language: german, outputs: [srt]}\n"
TRANSCRIPT = "  - {name: transcript, kind: transcription, language: english, outputs: [txt]}\n"
AI_THEN_PROOFREAD = """\
  - name: ai
    kind: ai_transcription
    language: english
    outputs: [txt]
    then:
      - {name: proofread, kind: proofreading, outputs: [txt], naming: "{stem}.{rule}.{ext}"}
"""


def rules(*orders: str, mode: str = "live", extra: str = "") -> str:
    return f"mode: {mode}\n{extra}orders:\n" + "".join(orders)


@dataclass
class World:
    """A watched folder, its rules, and the pipeline context over a real state database."""

    folder: Path
    ctx: Context

    @property
    def store(self) -> Store:
        return self.ctx.store

    def write_rules(self, text: str, folder: str = "") -> None:
        """Change a rules file and have the rules read again, as the daemon does."""
        path = self.folder / folder / RULES_FILE_NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.ctx.rules.reload(str(path.parent))  # type: ignore[attr-defined]

    def take_in(self, name: str, seed: int = 1) -> FileRecord:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            write_wav(path, 1.0, seed=seed)
        intake(self.ctx, str(path), str(self.folder), path.stat().st_size, f"v{seed}")
        return self.file(name)

    def file(self, name: str) -> FileRecord:
        record = self.store.files.by_source(str(self.folder / name))
        assert record is not None
        return record

    def replan(self, name: str) -> None:
        replan(self.ctx, self.file(name))

    def job(self, name: str, rule: str, mode: Mode = Mode.LIVE) -> JobRecord:
        """The job of `rule` (in `mode`) that the file owes, wanted or not."""
        record = self.file(name)
        [job] = [
            job
            for job in self.jobs_of(record)
            if job.rule_name == rule and job.mode is mode
        ]  # fmt: skip
        return job

    def jobs_of(self, record: FileRecord) -> list[JobRecord]:
        return [
            self.store.jobs.get(delivery.job_id)
            for delivery in self.store.deliveries.for_file(record.id)
        ]

    def delivery_state(self, name: str, job: JobRecord) -> str:
        [delivery] = [
            d for d in self.store.deliveries.for_file(self.file(name).id) if d.job_id == job.id
        ]
        return delivery.state

    def unwanted(self, name: str, job: JobRecord) -> bool:
        [delivery] = [
            d for d in self.store.deliveries.for_file(self.file(name).id) if d.job_id == job.id
        ]
        return delivery.unwanted_since is not None

    def state(self, job: JobRecord) -> JobState:
        return self.store.jobs.get(job.id).state

    def notes(self, job: JobRecord) -> list[str]:
        return [entry.note or "" for entry in self.store.jobs.history(job.id)]

    # -- the ordering steps, as they leave the store ------------------------------------------

    def hold(self, job: JobRecord) -> None:
        """A spending guard stopped the job before any intent."""
        self.store.jobs.transition(job.id, S.STAGED, expect={S.STABLE})
        self.store.jobs.transition(
            job.id, S.NEEDS_ATTENTION, expect={S.STAGED}, error="above max_per_order"
        )

    def begin(self, job: JobRecord) -> None:
        """The intent is committed; the POST has not answered."""
        self.store.jobs.transition(job.id, S.STAGED, expect={S.STABLE})
        self.store.intents.begin(job.id, f"gtw-{job.id}", {"language": "english"})

    def place(self, job: JobRecord, order_id: int = 41) -> None:
        self.begin(job)
        self.store.intents.placed(job.id, receipt(order_id), note="placed")

    def quote(self, job: JobRecord) -> None:
        self.begin(job)
        self.store.intents.quoted(job.id, receipt(None))

    def fetch(self, job: JobRecord) -> JobRecord:
        """Placed, finished and its results fetched (revision 1)."""
        self.place(job)
        return self.results_in(job)

    def results_in(self, job: JobRecord) -> JobRecord:
        """A placed order finished and its results were fetched (revision 1)."""
        self.store.jobs.transition(job.id, S.FINISHED, expect={S.ORDERED})
        return self.store.jobs.transition(job.id, S.FETCHED, expect={S.FINISHED}, revision=1)


def receipt(order_id: int | None) -> OrderReceipt:
    return OrderReceipt(
        mode=Mode.LIVE if order_id else Mode.TEST,
        status="success",
        order_id=order_id,
        order_total=1.14,
        seconds=60,
        in_wallet=100.0,
        delivery_estimate=None,
    )


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    media = tmp_path / "media"
    media.mkdir()
    (media / RULES_FILE_NAME).write_text(rules(CAPTIONS, TRANSCRIPT))
    watched = WatchedRules({media: True}, RuleDefaults(mode=Mode.LIVE))
    settings = Settings(public_url=None, callback_secret="s", results_dir=tmp_path / "results")
    with Store.open(tmp_path / "state.db") as store:
        # Replanning never orders: no API client is needed. Signed URLs of gt-watch's own
        # server stage without I/O, for the tests that take a job up to its order.
        stager = SignedUrls(b"k" * 32, "http://127.0.0.1:9")
        sources = SourceRouter([LocalSources(stager)])
        yield World(media, Context(store, None, sources, watched, settings, utc_now))  # type: ignore[arg-type]


def test_an_order_removed_while_it_waits_behind_a_spending_guard_is_superseded(
    world: World,
) -> None:
    world.take_in("talk.wav")
    held, other = world.job("talk.wav", "captions"), world.job("talk.wav", "transcript")
    world.hold(held)

    world.write_rules(rules(TRANSCRIPT))
    world.replan("talk.wav")

    assert world.state(held) is S.SUPERSEDED
    assert world.delivery_state("talk.wav", held) == DeliveryState.SUPERSEDED
    assert world.store.jobs.get(held.id).error is None  # its "raise the limit" is moot
    assert "the rules of talk.wav no longer ask for this order; nothing was paid" in world.notes(
        held
    )
    assert world.state(other) is S.STABLE
    assert world.delivery_state("talk.wav", other) == DeliveryState.PENDING


def test_an_order_whose_language_changed_is_superseded_and_the_new_language_is_planned(
    world: World,
) -> None:
    world.take_in("talk.wav")
    english = world.job("talk.wav", "captions")
    world.store.jobs.transition(english.id, S.STAGED, expect={S.STABLE})

    world.write_rules(rules(GERMAN, TRANSCRIPT))
    world.replan("talk.wav")

    assert world.state(english) is S.SUPERSEDED
    german = [
        job
        for job in world.jobs_of(world.file("talk.wav"))
        if job.rule_name == "captions" and job.params["language"] == "german"
    ]
    assert [job.state for job in german] == [S.STABLE]


def test_a_folder_switched_from_test_to_live_supersedes_its_quotes_and_plans_live_jobs(
    world: World,
) -> None:
    world.write_rules(rules(CAPTIONS, mode="test"))
    world.take_in("talk.wav")
    quoted = world.job("talk.wav", "captions", Mode.TEST)
    world.quote(quoted)

    world.write_rules(rules(CAPTIONS, mode="live"))
    world.replan("talk.wav")

    assert world.state(quoted) is S.SUPERSEDED
    assert any("now ask for this order in live mode" in note for note in world.notes(quoted))
    assert world.state(world.job("talk.wav", "captions", Mode.LIVE)) is S.STABLE


def test_an_order_placed_before_the_rules_dropped_it_is_still_tracked_delivered_and_marked(
    world: World,
) -> None:
    world.take_in("talk.wav")
    ordered = world.job("talk.wav", "captions")
    world.place(ordered)

    world.write_rules(rules(TRANSCRIPT))
    world.replan("talk.wav")
    world.replan("talk.wav")  # seen again: nothing more happens

    assert world.state(ordered) is S.ORDERED
    assert world.delivery_state("talk.wav", ordered) == DeliveryState.PENDING
    assert world.unwanted("talk.wav", ordered)
    assert [note for note in world.notes(ordered) if "no longer ask" in note] == [
        "the rules of talk.wav no longer ask for this order; ordered already, so still delivered"
    ]


@pytest.mark.parametrize("found_nothing", [False, True], ids=["being-posted", "in-doubt"])
def test_an_order_whose_intent_is_committed_goes_on_when_the_rules_drop_it(
    world: World, found_nothing: bool
) -> None:
    world.take_in("talk.wav")
    job = world.job("talk.wav", "captions")
    world.begin(job)
    if found_nothing:
        # Reconciliation found no such order: a person decides; the intent is still open.
        world.store.intents.in_doubt(job.id, "timed out")
        world.store.jobs.transition(job.id, S.NEEDS_ATTENTION, expect={S.IN_DOUBT})
    before = world.state(job)

    world.write_rules(rules(TRANSCRIPT))
    world.replan("talk.wav")

    assert world.state(job) is before
    assert world.delivery_state("talk.wav", job) == DeliveryState.PENDING
    assert world.unwanted("talk.wav", job)


def test_an_intent_committed_between_reading_the_deliveries_and_giving_up_keeps_its_order(
    world: World, tmp_path: Path
) -> None:
    world.take_in("talk.wav")
    job = world.job("talk.wav", "captions")
    world.store.jobs.transition(job.id, S.STAGED, expect={S.STABLE})
    [stale] = [
        delivery
        for delivery in world.store.deliveries.for_file(world.file("talk.wav").id)
        if delivery.job_id == job.id
    ]
    with Store.open(tmp_path / "state.db") as placing:  # the ordering step's own connection
        placing.intents.begin(job.id, "gtw-1", {"language": "english"})

    give_up(world.ctx, stale, "the rules no longer ask for it", keep_if_ordered=True)

    assert world.state(job) is S.ORDERING
    assert world.delivery_state("talk.wav", job) == DeliveryState.PENDING
    assert world.unwanted("talk.wav", job)


def test_an_order_cannot_be_placed_once_its_job_was_superseded(
    world: World, tmp_path: Path
) -> None:
    world.take_in("talk.wav")
    job = world.job("talk.wav", "captions")
    world.store.jobs.transition(job.id, S.STAGED, expect={S.STABLE})

    world.write_rules(rules(TRANSCRIPT))
    world.replan("talk.wav")

    with (
        Store.open(tmp_path / "state.db") as placing,
        pytest.raises(StateError, match="superseded"),
    ):
        placing.intents.begin(job.id, "gtw-1", {"language": "english"})
    assert world.store.intents.get(job.id) is None
    assert world.state(job) is S.SUPERSEDED


def test_a_placing_step_that_finds_its_job_superseded_stops_quietly(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    world.take_in("talk.wav")
    job = world.job("talk.wav", "captions")
    staged = world.store.jobs.transition(job.id, S.STAGED, expect={S.STABLE})
    world.write_rules(rules(TRANSCRIPT))  # while the step checks its spending guards
    world.replan("talk.wav")

    with caplog.at_level(logging.INFO):
        after = place(world.ctx, staged)

    assert after.state is S.SUPERSEDED
    assert world.store.intents.get(job.id) is None
    assert "not ordered: the job was superseded" in caplog.text
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_a_rules_change_during_the_spending_guard_check_leaves_nothing_to_place(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    world.take_in("talk.wav")
    job = world.job("talk.wav", "captions")
    staged = world.store.jobs.transition(job.id, S.STAGED, expect={S.STABLE})
    assert staged.mode is Mode.LIVE
    check_guards = ordering._check_guards

    def rules_change_meanwhile(ctx: Context, job: JobRecord, params: dict[str, str]) -> None:
        check_guards(ctx, job, params)
        world.write_rules(rules(TRANSCRIPT))
        world.replan("talk.wav")

    monkeypatch.setattr(ordering, "_check_guards", rules_change_meanwhile)
    with caplog.at_level(logging.INFO):
        after = place(world.ctx, staged)

    assert after.state is S.SUPERSEDED
    assert world.store.intents.get(job.id) is None
    assert "not ordered: the job was superseded" in caplog.text
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_broken_rules_keep_every_job_as_it_was(world: World, tmp_path: Path) -> None:
    world.take_in("talk.wav")
    held = world.job("talk.wav", "captions")
    world.hold(held)
    (world.folder / RULES_FILE_NAME).write_text("orders:\n  - kind: captions\n    language: [x\n")
    # A daemon started with the broken file: the folder is disabled, its rules unreadable.
    world.ctx.rules = WatchedRules({world.folder: True}, RuleDefaults(mode=Mode.LIVE))

    world.replan("talk.wav")

    assert world.state(held) is S.NEEDS_ATTENTION
    assert {d.state for d in world.store.deliveries.for_file(world.file("talk.wav").id)} == {
        DeliveryState.PENDING
    }


def test_a_rules_file_broken_while_running_keeps_the_rules_in_force_and_every_job(
    world: World,
) -> None:
    world.take_in("talk.wav")
    held = world.job("talk.wav", "captions")
    world.hold(held)

    world.write_rules("orders:\n  - kind: captions\n    language: [x\n")
    world.replan("talk.wav")

    assert world.state(held) is S.NEEDS_ATTENTION
    assert world.delivery_state("talk.wav", held) == DeliveryState.PENDING


def test_rules_changed_back_revive_the_superseded_job_for_the_file(world: World) -> None:
    world.take_in("talk.wav")
    held = world.job("talk.wav", "captions")
    world.hold(held)
    world.write_rules(rules(TRANSCRIPT))
    world.replan("talk.wav")
    assert world.state(held) is S.SUPERSEDED

    world.write_rules(rules(CAPTIONS, TRANSCRIPT))
    world.replan("talk.wav")

    assert world.job("talk.wav", "captions").id == held.id
    assert world.state(held) is S.STABLE
    assert world.delivery_state("talk.wav", held) == DeliveryState.PENDING


def test_rules_changed_back_clear_the_mark_of_an_order_placed_meanwhile(world: World) -> None:
    world.take_in("talk.wav")
    ordered = world.job("talk.wav", "captions")
    world.place(ordered)
    world.write_rules(rules(TRANSCRIPT))
    world.replan("talk.wav")

    world.write_rules(rules(CAPTIONS, TRANSCRIPT))
    world.replan("talk.wav")

    assert world.state(ordered) is S.ORDERED
    assert not world.unwanted("talk.wav", ordered)


def test_a_file_its_rules_no_longer_match_gives_up_its_unordered_jobs_only(
    world: World,
) -> None:
    world.take_in("talk.wav")
    ordered, held = world.job("talk.wav", "captions"), world.job("talk.wav", "transcript")
    world.place(ordered)
    world.hold(held)

    world.write_rules(rules(CAPTIONS, TRANSCRIPT, extra='match: ["*.mp3"]\n'))
    world.replan("talk.wav")

    assert world.state(held) is S.SUPERSEDED
    assert world.state(ordered) is S.ORDERED and world.unwanted("talk.wav", ordered)


def test_a_job_a_copy_in_another_folder_still_wants_is_not_superseded(world: World) -> None:
    world.write_rules(rules(CAPTIONS), folder="archive")
    world.take_in("talk.wav", seed=1)
    world.take_in("archive/talk.wav", seed=1)
    shared = world.job("talk.wav", "captions")
    assert world.job("archive/talk.wav", "captions").id == shared.id

    world.write_rules(rules(TRANSCRIPT))
    world.replan("talk.wav")

    assert world.state(shared) is S.STABLE
    assert world.delivery_state("talk.wav", shared) == DeliveryState.SUPERSEDED
    assert world.delivery_state("archive/talk.wav", shared) == DeliveryState.PENDING


def test_a_chained_order_whose_parent_rule_is_gone_is_superseded_and_the_paid_parent_goes_on(
    world: World,
) -> None:
    world.write_rules(rules(AI_THEN_PROOFREAD))
    world.take_in("talk.wav")
    parent = world.fetch(world.job("talk.wav", "ai"))
    plan_children(world.ctx, parent)
    child = world.job("talk.wav", "proofread")
    world.hold(child)

    world.write_rules(rules(TRANSCRIPT))
    world.replan("talk.wav")

    assert world.state(child) is S.SUPERSEDED
    assert world.state(parent) is S.FETCHED and world.unwanted("talk.wav", parent)
    # A re-delivery of the parent's order plans no chained order the rules dropped.
    assert plan_children(world.ctx, world.store.jobs.get(parent.id)) == 0


def test_a_chained_order_comes_back_with_its_parent_s_rule(world: World) -> None:
    world.write_rules(rules(AI_THEN_PROOFREAD))
    world.take_in("talk.wav")
    parent = world.fetch(world.job("talk.wav", "ai"))
    plan_children(world.ctx, parent)
    child = world.job("talk.wav", "proofread")
    world.write_rules(rules(TRANSCRIPT))
    world.replan("talk.wav")

    world.write_rules(rules(AI_THEN_PROOFREAD))
    world.replan("talk.wav")

    assert world.state(child) is S.STABLE
    assert world.delivery_state("talk.wav", child) == DeliveryState.PENDING
    assert not world.unwanted("talk.wav", parent)


def test_a_then_order_removed_before_its_parent_s_results_arrive_is_never_planned(
    world: World,
) -> None:
    world.write_rules(rules(AI_THEN_PROOFREAD))
    world.take_in("talk.wav")
    parent = world.job("talk.wav", "ai")
    world.place(parent)

    world.write_rules(rules(AI_THEN_PROOFREAD.split("    then:")[0]))
    world.replan("talk.wav")
    fetched = world.results_in(parent)

    assert plan_children(world.ctx, fetched) == 0
    [delivery] = world.store.deliveries.for_file(world.file("talk.wav").id)
    assert DeliveryPlan.from_json(delivery.rule).then == ()
