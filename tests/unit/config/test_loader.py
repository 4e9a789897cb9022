"""config.yaml: defaults, anchoring, and every problem at once at the line of its key."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from gt_watch import redact
from gt_watch.config.loader import load_config, parse_config
from gt_watch.config.paths import config_path
from gt_watch.config.schema import BuiltinStorage, Config, LocalWatch, S3Storage, S3Watch
from gt_watch.errors import ConfigError, Problem
from gt_watch.model import Mode

MINIMAL = """\
storage:
  type: s3
  bucket: media-bucket
watches:
  - path: /srv/media
"""


def parse(text: str, **kwargs: object) -> Config:
    return parse_config(textwrap.dedent(text), "config.yaml", **kwargs)  # type: ignore[arg-type]


def problems_of(text: str, **kwargs: object) -> list[Problem]:
    with pytest.raises(ConfigError) as caught:
        parse(text, **kwargs)
    return list(caught.value.problems)


def lines_and_messages(text: str) -> list[tuple[int | None, str]]:
    return [(problem.line, problem.message) for problem in problems_of(text)]


def test_a_minimal_config_gets_safe_defaults() -> None:
    config = parse(MINIMAL)
    assert config.mode is Mode.TEST
    assert config.api.base_url == "https://gotranscript.com/api/v4"
    assert config.state.database == Path("/var/lib/gt-watch/state.db")
    assert config.server.listen == "127.0.0.1:8750"
    assert (config.server.host, config.server.port) == ("127.0.0.1", 8750)
    assert isinstance(config.storage, S3Storage)
    assert config.storage.url_ttl == 7 * 24 * 3600
    assert config.storage.prefix == "gt-watch/"
    watch = config.watches[0]
    assert isinstance(watch, LocalWatch)
    assert (watch.recursive, watch.polling, watch.quiet_period) == (True, False, 5.0)
    assert watch.rescan_interval == 600.0
    assert config.limits.max_per_order == 50.0


def test_state_database_follows_systemds_state_directory() -> None:
    config = parse(MINIMAL, environ={"STATE_DIRECTORY": "/var/lib/gt-watch-2:/other"})
    assert config.state.database == Path("/var/lib/gt-watch-2/state.db")


def test_relative_paths_are_anchored_at_the_config_files_folder(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text(
        "api: {token_file: secrets/token}\nstate: {database: state/gt.db}\n"
        "storage: {type: s3, bucket: media-bucket}\nwatches: [{path: media}]\n"
    )
    config = load_config(tmp_path / "config.yaml", environ={})
    assert config.api.token_file == tmp_path / "secrets/token"
    assert config.state.database == tmp_path / "state/gt.db"
    assert config.watches[0].path == tmp_path / "media"


def test_durations_sizes_and_s3_watches_are_read() -> None:
    config = parse("""\
        storage: {type: s3, bucket: media-bucket, prefix: /up/, multipart_threshold: 64MiB,
                  part_size: 8MiB, url_ttl: 2h, endpoint_url: "http://127.0.0.1:9000/"}
        watches:
          - {path: /srv/media, quiet_period: 500ms, rescan_interval: 2m, polling: true}
          - {path: "s3://in-bucket/incoming", list_interval: 30s, region: eu-west-1}
        """)
    assert isinstance(config.storage, S3Storage)
    assert config.storage.prefix == "up/"
    assert config.storage.part_size == 8 * 1024 * 1024
    assert config.storage.url_ttl == 7200.0
    assert config.storage.endpoint_url == "http://127.0.0.1:9000"
    assert config.watches[0].quiet_period == 0.5
    s3_watch = config.watches[1]
    assert isinstance(s3_watch, S3Watch)
    assert (s3_watch.bucket, s3_watch.prefix, s3_watch.list_interval) == (
        "in-bucket", "incoming/", 30.0,
    )  # fmt: skip


def test_wrong_types_are_reported_at_the_line_of_their_key() -> None:
    found = lines_and_messages("""\
        mode: live
        storage:
          type: s3
          bucket: media-bucket
          path_style: maybe
        watches:
          - path: /srv/media
            recursive: sometimes
        limits:
          workers: many
        """)
    assert found == [
        (5, "should be true or false, not 'maybe'"),
        (8, "should be true or false, not 'sometimes'"),
        (10, "should be a whole number, not 'many'"),
    ]


def test_unknown_keys_get_a_did_you_mean_hint_at_their_line() -> None:
    found = lines_and_messages("""\
        storage: {type: s3, bucket: media-bucket}
        watches:
          - path: /srv/media
            quiet_priod: 5s
        server:
          public_ur: https://gt.example.com
        limit: {}
        """)
    assert found == [
        (4, "unknown key 'quiet_priod' (did you mean 'quiet_period'?)"),
        (6, "unknown key 'public_ur' (did you mean 'public_url'?)"),
        (7, "unknown key 'limit' (did you mean 'limits'?)"),
    ]


def test_an_unknown_key_without_a_close_match_lists_the_known_ones() -> None:
    (problem,) = problems_of(MINIMAL + "    polling: true\n    xyzzy: 1\n")
    assert problem.line == 7
    assert "known keys: path, recursive, polling" in problem.message


def test_every_problem_of_the_file_is_reported_at_once() -> None:
    problems = problems_of("""\
        mode: lve
        storage: {type: s4}
        watches: []
        server: {listen: localhost}
        """)
    assert [(problem.line, problem.key) for problem in problems] == [
        (1, "mode"), (2, "storage.type"), (3, "watches"), (4, "server.listen"),
    ]  # fmt: skip
    assert "did you mean 'live'" in problems[0].message
    assert "choose one of: s3, builtin" in problems[1].message
    assert "at least 1" in problems[2].message


def test_missing_sections_are_named() -> None:
    messages = [problem.message for problem in problems_of("mode: test\n")]
    assert messages == ["missing required key 'watches'"]


def test_a_local_folder_needs_storage_and_the_problem_is_at_its_watch() -> None:
    (problem,) = problems_of(
        "mode: test\nwatches:\n  - path: s3://media-bucket/in\n  - path: /srv\n"
    )
    assert (problem.line, problem.key) == (4, "watches[1].path")
    assert "/srv is a local folder" in problem.message
    assert "needs `storage:`" in problem.message


def test_a_config_watching_only_buckets_needs_no_storage() -> None:
    config = parse("watches: [{path: s3://media-bucket/incoming}]\n")
    assert config.storage is None


def test_an_empty_or_non_mapping_config_says_what_it_needs() -> None:
    assert "needs at least `watches`" in problems_of("")[0].message
    assert "must be a mapping" in problems_of("- a\n- b\n")[0].message


def test_a_literal_token_is_refused_with_advice_and_never_echoed() -> None:
    token = "gt-secret-0123456789"
    (problem,) = problems_of(f"api:\n  token: {token}\n" + MINIMAL)
    assert problem.line == 2
    assert "api.token_file" in problem.message
    assert "api.token_env" in problem.message
    assert "LoadCredential=gt-api-token" in problem.message
    assert token not in str(problem)
    assert redact.redact(f"leaked {token}") == "leaked ***"


def test_a_token_pasted_into_token_env_is_not_echoed() -> None:
    token = "gt secret 0123456789"
    (problem,) = problems_of(f"api:\n  token_env: {token}\n" + MINIMAL)
    assert problem.line == 2
    assert "NAME of an environment variable" in problem.message
    assert token not in str(problem)


def test_plain_http_is_accepted_only_for_a_local_api() -> None:
    assert parse("api: {base_url: 'http://127.0.0.1:8080/api/v4'}\n" + MINIMAL)
    (problem,) = problems_of("api: {base_url: 'http://gotranscript.com/api/v4'}\n" + MINIMAL)
    assert "must use https" in problem.message


def test_two_token_sources_are_one_too_many() -> None:
    (problem,) = problems_of("api: {token_file: /t, token_env: GT_TOKEN}\n" + MINIMAL)
    assert (problem.line, problem.key) == (1, "api.token_env")


def test_builtin_storage_needs_a_public_url() -> None:
    (problem,) = problems_of("storage: {type: builtin}\nwatches: [{path: /srv}]\n")
    assert (problem.line, problem.key) == (1, "storage.type")
    assert "server.public_url" in problem.message
    config = parse(
        "storage: {type: builtin}\nserver: {public_url: 'https://gt.example.com/'}\n"
        "watches: [{path: /srv}]\n"
    )
    assert isinstance(config.storage, BuiltinStorage)
    assert config.server.public_url == "https://gt.example.com"


def test_presigned_urls_cannot_outlive_seven_days() -> None:
    (problem,) = problems_of(
        "storage: {type: s3, bucket: media-bucket, url_ttl: 8d}\nwatches: [{path: /srv}]\n"
    )
    assert "between 1m and 7d" in problem.message


def test_a_small_part_size_is_refused() -> None:
    (problem,) = problems_of(
        "storage: {type: s3, bucket: media-bucket, part_size: 1MiB}\nwatches: [{path: /srv}]\n"
    )
    assert problem.key == "storage.part_size"


@pytest.mark.parametrize(
    ("watches", "message"),
    [
        ("[{path: /srv}, {path: /srv/}]", "/srv is already watched by watches[0]"),
        (
            "[{path: /srv}, {path: /srv/a}]",
            "/srv/a lies inside watches[0] (/srv), which is recursive",
        ),
        ("[{path: /srv/a}, {path: /srv}]", "/srv contains watches[0] (/srv/a) and is recursive"),
    ],
)
def test_overlapping_watches_are_refused(watches: str, message: str) -> None:
    (problem,) = problems_of(f"storage: {{type: s3, bucket: media-bucket}}\nwatches: {watches}\n")
    assert message in problem.message
    assert problem.key == "watches[1].path"


def test_a_non_recursive_watch_may_sit_above_another() -> None:
    config = parse(
        "storage: {type: s3, bucket: media-bucket}\n"
        "watches: [{path: /srv, recursive: false}, {path: /srv/a}]\n"
    )
    assert len(config.watches) == 2


@pytest.mark.parametrize(
    ("watch", "message"),
    [
        ("{path: 's3://Bad_Bucket/x'}", "a bucket name has 3 to 63 lowercase"),
        ("{path: 'gs://bucket/x'}", "a local folder or s3://bucket/prefix"),
        ("{path: 's3://in-bucket/x', polling: true}", "unknown key 'polling'"),
        ("{path: 's3://in-bucket/../x'}", "must not contain '.' or '..'"),
    ],
)
def test_watch_paths_are_local_folders_or_s3_prefixes(watch: str, message: str) -> None:
    (problem,) = problems_of(f"storage: {{type: s3, bucket: media-bucket}}\nwatches: [{watch}]\n")
    assert message in problem.message


def test_a_daily_cap_below_the_order_cap_is_contradictory() -> None:
    (problem,) = problems_of(MINIMAL + "limits: {max_per_order: 100, max_per_day: 20}\n")
    assert problem.key == "limits.max_per_order"


def test_limits_can_be_switched_off_with_null() -> None:
    config = parse(MINIMAL + "limits: {max_per_order: null, max_per_day: null}\n")
    assert (config.limits.max_per_order, config.limits.max_per_day) == (None, None)


def test_a_missing_config_file_says_how_to_point_at_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "nope.yaml")
    assert "does not exist" in str(caught.value)
    assert "--config" in str(caught.value)


def test_a_config_that_is_not_utf8_is_refused_clearly(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_bytes(b"mode: t\xe9st\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(tmp_path / "config.yaml")


def test_config_path_prefers_the_option_then_the_environment_then_etc() -> None:
    assert config_path(Path("/a.yaml"), {"GT_WATCH_CONFIG": "/b.yaml"}) == Path("/a.yaml")
    assert config_path(None, {"GT_WATCH_CONFIG": "/b.yaml"}) == Path("/b.yaml")
    assert config_path(None, {}) == Path("/etc/gt-watch/config.yaml")


def test_one_bucket_is_reached_one_way_by_all_its_watches() -> None:
    (problem,) = problems_of(
        "storage: {type: s3, bucket: media-bucket}\n"
        "watches:\n"
        "  - {path: 's3://in-bucket/a', endpoint_url: 'http://127.0.0.1:9000'}\n"
        "  - {path: 's3://in-bucket/b'}\n"
    )
    assert problem.key == "watches[1].path" and problem.line == 4
    assert "bucket in-bucket is also watched by watches[0] with another endpoint_url" in (
        problem.message
    )


def test_s3_watch_options_are_read_with_their_defaults(tmp_path: Path) -> None:
    config = parse(
        "storage: {type: s3, bucket: media-bucket}\n"
        "watches:\n"
        "  - {path: 's3://in-bucket/a', rules_file: rules/a.yaml, list_interval: 30s}\n",
        base_dir=tmp_path,
    )
    (watch,) = config.watches
    assert isinstance(watch, S3Watch)
    assert watch.rules_file == tmp_path / "rules/a.yaml"
    assert (watch.list_interval, watch.full_list_interval, watch.list_page_size) == (30, 600, 1000)
    assert watch.bucket_rules and watch.profile is None


def test_full_listings_come_no_more_often_than_incremental_ones() -> None:
    (problem,) = problems_of(
        "storage: {type: s3, bucket: media-bucket}\n"
        "watches: [{path: 's3://in-bucket/a', list_interval: 10m, full_list_interval: 1m}]\n"
    )
    assert "full_list_interval must be at least list_interval" in problem.message
