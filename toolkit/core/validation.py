"""Input rules for everything a participant or facilitator sends: types, lengths, allowed values.

Each check raises :class:`~toolkit.core.errors.ValidationError` with a message in ``lang``.
The UI may check the same things for convenience, but these functions are the ones that count.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any

from toolkit.core.definitions import FormField, Phase, Workshop
from toolkit.core.errors import ValidationError
from toolkit.core.i18n import ROLES

NAME_MAX = 80
PAYLOAD_MAX_BYTES = 400_000
# Marks, embeddings, overrides and isolates that change the direction of the text after them:
# in a name they would reverse what a page shows next to it ("gnitekraM · everyone").
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
                                       "\u2066\u2067\u2068\u2069"))


def check_text(value: Any, lang: str, limit: int, field: str = "text", required: bool = True) -> str:
    """A text as typed (not stripped), or an error when it is empty, too long or unstorable."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError("wrong_type", lang, field=field)
    if required and not value.strip():
        raise ValidationError("text_empty", lang)
    if len(value) > limit:
        raise ValidationError("text_too_long", lang, length=len(value), limit=limit)
    if "\x00" in value:
        raise ValidationError("text_bad_chars", lang)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates: not text any database can store.
        raise ValidationError("text_bad_chars", lang) from None
    return value


def check_name(value: Any, lang: str) -> str | None:
    """An optional display name: ``None`` for empty, else the name without outer spaces and
    without direction controls (:data:`BIDI_CONTROLS`)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError("wrong_type", lang, field="name")
    value = value.translate(BIDI_CONTROLS).strip()
    if not value:
        return None
    if len(value) > NAME_MAX:
        raise ValidationError("name_too_long", lang, limit=NAME_MAX)
    return check_text(value, lang, NAME_MAX, field="name")


def check_role(value: Any, workshop: Workshop, lang: str) -> str:
    """A role allowed by the workshop."""
    if not isinstance(value, str) or value not in ROLES or value not in workshop.roles:
        raise ValidationError("role_invalid", lang)
    return value


def check_choice(value: Any, allowed: Iterable[str], field: str, lang: str) -> str:
    """One of ``allowed``."""
    allowed = list(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise ValidationError("choice_invalid", lang, value=str(value)[:40], field=field)
    return value


def check_int(value: Any, low: int, high: int, lang: str, key: str = "score_out_of_range", **params: Any) -> int:
    """A whole number from ``low`` to ``high`` (bools and floats with a fraction are refused)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(key, lang, low=low, high=high, **params)
    if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
        raise ValidationError(key, lang, low=low, high=high, **params)
    value = int(value)
    if not low <= value <= high:
        raise ValidationError(key, lang, low=low, high=high, **params)
    return value


def check_size(payload: dict[str, Any], lang: str) -> None:
    """Refuse a payload whose JSON is larger than :data:`PAYLOAD_MAX_BYTES`."""
    if len(json.dumps(payload, ensure_ascii=False).encode("utf-8")) > PAYLOAD_MAX_BYTES:
        raise ValidationError("payload_too_large", lang)


def check_note(payload: Any, phase: Phase, lang: str) -> dict[str, Any]:
    """A note: ``{"text": ..., "prompt": optional prompt id, "cluster": optional label}``."""
    if not isinstance(payload, dict):
        raise ValidationError("wrong_type", lang, field="payload")
    unknown = set(payload) - {"text", "prompt", "cluster"}
    if unknown:
        raise ValidationError("field_unknown", lang, field=sorted(unknown)[0][:40])
    clean: dict[str, Any] = {"text": check_text(payload.get("text"), lang, phase.max_length)}
    if payload.get("prompt") is not None:
        clean["prompt"] = check_choice(payload["prompt"], [p.id for p in phase.prompts], "prompt", lang)
    elif phase.prompts:
        clean["prompt"] = phase.prompts[0].id
    if payload.get("cluster") not in (None, ""):
        clean["cluster"] = check_text(payload["cluster"], lang, 80, field="cluster")
    return clean


def check_form(
    payload: Any, phase: Phase, lang: str, options_of: dict[str, list[str]], refs_of: dict[str, set[str]]
) -> dict[str, Any]:
    """A form: every field of the phase checked by its type.

    ``options_of`` gives the allowed ids of each named list; ``refs_of`` the ids (as text) of the
    live contributions of each phase that a ``ref`` field may point at.
    """
    if not isinstance(payload, dict):
        raise ValidationError("wrong_type", lang, field="payload")
    fields = {f.id: f for f in phase.fields}
    unknown = set(payload) - set(fields)
    if unknown:
        raise ValidationError("field_unknown", lang, field=str(sorted(unknown)[0])[:40])
    clean: dict[str, Any] = {}
    for field in phase.fields:
        value = payload.get(field.id)
        if value is None or (isinstance(value, str) and not value.strip()):
            if field.required:
                raise ValidationError("field_required", lang, field=field.label(lang))
            continue
        clean[field.id] = _check_field(value, field, lang, options_of, refs_of)
    if not clean:
        raise ValidationError("text_empty", lang)
    check_size(clean, lang)
    return clean


def _check_field(value: Any, field: FormField, lang: str, options_of, refs_of) -> Any:
    label = field.label(lang)
    if field.type in ("text", "longtext"):
        return check_text(value, lang, field.max_length, field=label)
    if field.type == "choice":
        allowed = [o.id for o in field.options] if field.options else options_of.get(field.list or "", [])
        return check_choice(value, allowed, label, lang)
    if field.type == "ref":
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        return check_choice(value, refs_of.get(field.ref_phase or "", set()), label, lang)
    # number
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError("wrong_type", lang, field=label)
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float
        raise ValidationError("wrong_type", lang, field=label) from None
    low = -math.inf if field.low is None else field.low
    high = math.inf if field.high is None else field.high
    if not math.isfinite(number) or not low <= number <= high:
        raise ValidationError("wrong_type", lang, field=label)
    return number
