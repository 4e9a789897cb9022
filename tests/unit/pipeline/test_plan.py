from __future__ import annotations

from gt_watch.model import Budget, FolderRules, Mode, OrderKind, OrderRule
from gt_watch.pipeline.plan import DeliveryPlan, plan_file, rule_from_json, rule_to_json
from gt_watch.results.naming import sidecar_name
from gt_watch.results.profiles import NETFLIX_EN


def _rule(**params: str) -> OrderRule:
    return OrderRule(
        name="english-captions",
        kind=OrderKind.CAPTIONS,
        params={"language": "english", **params},
        mode=Mode.LIVE,
        outputs=("srt", "vtt"),
    )


def _rules(*orders: OrderRule) -> FolderRules:
    return FolderRules(
        folder="/media",
        sources=("/media/.gt-watch.yaml",),
        match=("*.wav",),
        ignore=(),
        orders=orders,
        caption_profile=NETFLIX_EN,
        budget=Budget(max_per_order=5.0),
    )


def test_delivery_plan_survives_its_json_form() -> None:
    child = OrderRule(
        name="de",
        kind=OrderKind.TRANSLATION,
        mode=Mode.LIVE,
        params={"translate_to": "german"},
        outputs=("docx",),
        fingerprint="f2",
    )
    parent = OrderRule(
        name="t",
        kind=OrderKind.TRANSCRIPTION,
        mode=Mode.LIVE,
        params={"language": "english"},
        then=(child,),
        fingerprint="f1",
    )
    [planned] = plan_file(_rules(parent))
    assert planned.fingerprint == "f1"
    assert planned.delivery.language == "english"
    assert DeliveryPlan.from_json(planned.delivery.to_json()) == planned.delivery
    assert planned.delivery.budget.max_per_order == 5.0
    assert rule_from_json(rule_to_json(parent)) == parent


def test_sidecar_names_use_language_tags_media_servers_understand() -> None:
    def name(language: str | None, ext: str = "srt") -> str:
        return sidecar_name(
            "{stem}.{lang}.{ext}",
            stem="interview",
            language=language,
            output=ext,
            rule="r",
            kind="captions",
        )

    assert name("english") == "interview.en.srt"
    assert name("german", "vtt") == "interview.de.vtt"
    assert name("hindi") == "interview.hin.srt"  # `.hi.` means "hearing impaired" to Plex
    assert name("portuguese-brazil") == "interview.pt-BR.srt"
    assert name(None) == "interview.und.srt"
