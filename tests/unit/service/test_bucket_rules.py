"""Rules of an S3 watch from rules objects (read per prefix on demand) and config.yaml's
rules_file; the reader is a plain function over a dict of objects, the seam the service
fills with a real bucket."""

from __future__ import annotations

from pathlib import Path

import pytest

from gt_watch.config.resolve import RuleDefaults
from gt_watch.errors import ConfigError, StorageError
from gt_watch.model import Mode
from gt_watch.service.bucket_rules import MAX_RULES_BYTES, BucketRules
from gt_watch.service.rules import WatchedRules

ROOT = "s3://media/in/"
CAPTIONS = "orders:\n  - {kind: captions, language: english, outputs: [srt]}\n"
GERMAN = "orders:\n  - {kind: subtitles, translate_from: english, translate_to: german}\n"
BROKEN = "orders:\n  - kind: captions\n    language: [english\n"


class Objects:
    """A bucket's objects by key, counting the reads."""

    def __init__(self, objects: dict[str, bytes]) -> None:
        self.objects = objects
        self.reads: list[str] = []
        self.failing = False

    def __call__(self, key: str, limit: int) -> bytes | None:
        self.reads.append(key)
        if self.failing:
            raise StorageError("reading (s3://media/x) failed: could not connect")
        data = self.objects.get(key)
        return None if data is None else data[:limit]


def _rules(objects: Objects, rules_file: Path | None = None) -> BucketRules:
    return BucketRules(
        ROOT, RuleDefaults(mode=Mode.LIVE), read_object=objects, rules_file=rules_file
    )


def test_deeper_prefixes_inherit_and_override_like_folders() -> None:
    objects = Objects(
        {"in/.gt-watch.yaml": CAPTIONS.encode(), "in/de/.gt-watch.yaml": GERMAN.encode()}
    )
    rules = _rules(objects)
    root = rules.rules_for("s3://media/in/a b.wav")
    german = rules.rules_for("s3://media/in/de/interviews/c+d.wav")
    assert [order.name for order in root.orders] == ["captions-english"]
    assert [order.name for order in german.orders] == ["captions-english", "subtitles-german"]
    assert german.sources == ("s3://media/in/.gt-watch.yaml", "s3://media/in/de/.gt-watch.yaml")


def test_each_prefix_is_read_once_until_it_is_reported_changed() -> None:
    objects = Objects({"in/.gt-watch.yaml": CAPTIONS.encode()})
    rules = _rules(objects)
    for name in ("a.wav", "b.wav", "x/c.wav", "x/d.wav"):
        rules.rules_for(f"s3://media/in/{name}")
    assert objects.reads == ["in/.gt-watch.yaml", "in/x/.gt-watch.yaml"]
    objects.objects["in/x/.gt-watch.yaml"] = GERMAN.encode()
    assert len(rules.rules_for("s3://media/in/x/e.wav").orders) == 1
    rules.reload("s3://media/in/x")
    assert len(rules.rules_for("s3://media/in/x/e.wav").orders) == 2


def test_a_broken_rules_object_disables_only_its_prefix_loudly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    objects = Objects(
        {"in/.gt-watch.yaml": CAPTIONS.encode(), "in/bad/.gt-watch.yaml": BROKEN.encode()}
    )
    rules = _rules(objects)
    assert rules.rules_for("s3://media/in/good/a.wav").orders
    with pytest.raises(ConfigError, match=r"s3://media/in/bad/\.gt-watch\.yaml:4: YAML syntax"):
        rules.rules_for("s3://media/in/bad/deeper/a.wav")
    assert "prefix disabled until fixed" in caplog.text
    assert [problem.path for problem in rules.problems()] == ["s3://media/in/bad/.gt-watch.yaml"]


@pytest.mark.parametrize(
    ("data", "said"),
    [(b"\xff\xfe orders", "not UTF-8"), (b"#" * (MAX_RULES_BYTES + 1), "larger than 256 KiB")],
)
def test_an_unreadable_rules_object_disables_its_prefix_saying_why(data: bytes, said: str) -> None:
    rules = _rules(Objects({"in/x/.gt-watch.yaml": data}))
    with pytest.raises(ConfigError, match=said):
        rules.rules_for("s3://media/in/x/a.wav")


def test_an_endpoint_out_of_reach_is_not_taken_for_no_rules() -> None:
    objects = Objects({"in/.gt-watch.yaml": CAPTIONS.encode()})
    rules = _rules(objects)
    objects.failing = True
    with pytest.raises(StorageError):
        rules.rules_for("s3://media/in/a.wav")
    objects.failing = False
    assert rules.rules_for("s3://media/in/a.wav").orders


def test_config_rules_file_stands_for_the_watched_prefix(tmp_path: Path) -> None:
    rules_file = tmp_path / "in.gt-watch.yaml"
    rules_file.write_text(CAPTIONS)
    objects = Objects({"in/de/.gt-watch.yaml": GERMAN.encode()})
    rules = _rules(objects, rules_file)
    german = rules.rules_for("s3://media/in/de/a.wav")
    assert german.sources == (str(rules_file), "s3://media/in/de/.gt-watch.yaml")


def test_a_root_object_next_to_the_config_rules_file_is_refused_naming_both(
    tmp_path: Path,
) -> None:
    rules_file = tmp_path / "in.gt-watch.yaml"
    rules_file.write_text(CAPTIONS)
    rules = _rules(Objects({"in/.gt-watch.yaml": CAPTIONS.encode()}), rules_file)
    with pytest.raises(ConfigError, match=r"rules_file .*in\.gt-watch\.yaml.* remove one"):
        rules.rules_for("s3://media/in/a.wav")


def test_without_bucket_rules_only_the_config_rules_file_counts(tmp_path: Path) -> None:
    rules_file = tmp_path / "in.gt-watch.yaml"
    rules_file.write_text(CAPTIONS)
    rules = BucketRules(ROOT, RuleDefaults(), read_object=None, rules_file=rules_file)
    assert [order.name for order in rules.rules_for("s3://media/in/de/a.wav").orders] == [
        "captions-english"
    ]


def test_a_broken_config_rules_file_disables_the_watch_with_its_line(tmp_path: Path) -> None:
    rules_file = tmp_path / "in.gt-watch.yaml"
    rules_file.write_text(BROKEN)
    rules = BucketRules(ROOT, RuleDefaults(), read_object=None, rules_file=rules_file)
    with pytest.raises(ConfigError, match=rf"{rules_file}:4: YAML syntax"):
        rules.rules_for("s3://media/in/a.wav")


def test_watched_rules_answer_for_local_files_and_bucket_objects_alike(tmp_path: Path) -> None:
    (tmp_path / ".gt-watch.yaml").write_text(GERMAN)
    bucket = _rules(Objects({"in/.gt-watch.yaml": CAPTIONS.encode()}))
    watched = WatchedRules({tmp_path: True}, RuleDefaults(), {ROOT: bucket})
    local = watched.rules_for(str(tmp_path / "a.wav"))
    remote = watched.rules_for("s3://media/in/sub/a.WAV")
    assert local.orders[0].name == "subtitles-german"
    assert remote.orders[0].name == "captions-english"
    assert watched.matches(remote, "s3://media/in/sub/a.WAV")
    assert not watched.matches(remote, "s3://media/in/sub/a.pdf")
    with pytest.raises(ConfigError, match="not under any watched s3:// prefix"):
        watched.rules_for("s3://media/elsewhere/a.wav")


def test_watched_rules_reload_the_bucket_prefix_whose_rules_object_changed(
    tmp_path: Path,
) -> None:
    objects = Objects({"in/.gt-watch.yaml": CAPTIONS.encode()})
    watched = WatchedRules({}, RuleDefaults(), {ROOT: _rules(objects)})
    assert len(watched.rules_for("s3://media/in/sub/a.wav").orders) == 1
    objects.objects["in/sub/.gt-watch.yaml"] = GERMAN.encode()
    watched.reload("s3://media/in/sub")
    assert len(watched.rules_for("s3://media/in/sub/a.wav").orders) == 2
