"""Workshop definitions: ``workshops/<id>.yaml`` loaded into validated, immutable models.

A definition says what a workshop asks of its participants, phase by phase, in Dutch and English.
A file that does not validate raises :class:`~toolkit.core.errors.DefinitionError` naming the
file, the field path and what is wrong.
"""
from __future__ import annotations

import functools
import re
import time
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic import ValidationError as PydanticValidationError

from toolkit.core.data_files import workshops_dir
from toolkit.core.errors import DefinitionError
from toolkit.core.i18n import ROLES

WORKSHOPS_DIR = workshops_dir()


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(_Frozen):
    """A user-facing string in both languages."""

    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def __call__(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


class Option(_Frozen):
    """One entry of a list: a stable id and its label."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")
    label: Text


class Scale(_Frozen):
    """A rating scale from ``low`` to ``high`` with labels for both ends."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")
    low: int
    high: int
    low_label: Text
    high_label: Text

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if self.high <= self.low:
            raise ValueError("high must be greater than low")
        if self.high - self.low > 20:
            raise ValueError("a scale has at most 21 steps")
        return self


FieldType = Literal["text", "longtext", "choice", "number", "ref"]


class FormField(_Frozen):
    """One field of a form phase.

    ``choice`` takes its options from ``options`` or from a named list of the definition
    (``list``); ``ref`` points at a contribution of the phase ``ref_phase``.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    label: Text
    type: FieldType = "text"
    required: bool = False
    max_length: int = Field(default=500, ge=1, le=100_000)
    options: tuple[Option, ...] = ()
    list: str | None = None
    ref_phase: str | None = None
    low: float | None = None
    high: float | None = None

    @model_validator(mode="after")
    def _complete(self) -> FormField:
        if self.type == "choice" and not (self.options or self.list):
            raise ValueError("a choice field needs 'options' or 'list'")
        if self.type == "ref" and not self.ref_phase:
            raise ValueError("a ref field needs 'ref_phase'")
        return self


class Axis(_Frozen):
    """Where the rows or columns of a rating grid come from: a named list or an earlier phase."""

    list: str | None = None
    phase: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Axis:
        if (self.list is None) == (self.phase is None):
            raise ValueError("give exactly one of 'list' or 'phase'")
        return self


class RatingSpec(_Frozen):
    """A rating grid: rows x (optional) columns x dimensions, each scored on ``scale``."""

    rows: Axis
    columns: Axis | None = None
    dimensions: tuple[Option, ...] = Field(min_length=1)
    scale: str


InputKind = Literal["none", "note", "form", "rating", "vote"]


class Phase(_Frozen):
    """One step of a workshop."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")
    title: Text
    instructions: Text
    facilitator_notes: Text | None = None
    input: InputKind = "none"
    timebox_minutes: int | None = Field(default=None, ge=1, le=180)
    silent: bool = False
    prompts: tuple[Option, ...] = ()
    fields: tuple[FormField, ...] = ()
    rating: RatingSpec | None = None
    vote_on: str | None = None
    vote_budget: int = Field(default=5, ge=1, le=20)
    max_length: int = Field(default=1000, ge=1, le=100_000)

    @model_validator(mode="after")
    def _input_complete(self) -> Phase:
        if self.input == "form" and not self.fields:
            raise ValueError("a form phase needs 'fields'")
        if self.input == "rating" and self.rating is None:
            raise ValueError("a rating phase needs 'rating'")
        if self.input == "vote" and not self.vote_on:
            raise ValueError("a vote phase needs 'vote_on' (the id of the phase whose input is voted on)")
        return self


class Workshop(_Frozen):
    """A complete workshop definition."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")
    title: Text
    description: Text
    duration_minutes: int = Field(ge=5, le=600)
    roles: tuple[str, ...] = ROLES
    scales: tuple[Scale, ...] = ()
    lists: dict[str, tuple[Option, ...]] = {}
    phases: tuple[Phase, ...] = Field(min_length=1)

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, roles: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [r for r in roles if r not in ROLES]
        if unknown:
            raise ValueError(f"unknown role(s) {unknown}; allowed: {list(ROLES)}")
        return roles

    @model_validator(mode="after")
    def _references(self) -> Workshop:
        phase_ids = [p.id for p in self.phases]
        if len(set(phase_ids)) != len(phase_ids):
            raise ValueError("phase ids must be unique")
        scale_ids = {s.id for s in self.scales}
        for i, phase in enumerate(self.phases):
            earlier = set(phase_ids[: i + 1])
            where = f"phases.{i}"
            if phase.vote_on and phase.vote_on not in earlier:
                raise ValueError(f"{where}.vote_on: '{phase.vote_on}' is not this or an earlier phase")
            if phase.rating:
                if phase.rating.scale not in scale_ids:
                    raise ValueError(f"{where}.rating.scale: unknown scale '{phase.rating.scale}'")
                for axis_name, axis in (("rows", phase.rating.rows), ("columns", phase.rating.columns)):
                    if axis is None:
                        continue
                    if axis.list and axis.list not in self.lists:
                        raise ValueError(f"{where}.rating.{axis_name}.list: unknown list '{axis.list}'")
                    if axis.phase and axis.phase not in earlier:
                        raise ValueError(f"{where}.rating.{axis_name}.phase: '{axis.phase}' is not an earlier phase")
            for j, field in enumerate(phase.fields):
                if field.list and field.list not in self.lists:
                    raise ValueError(f"{where}.fields.{j}.list: unknown list '{field.list}'")
                if field.ref_phase and field.ref_phase not in earlier:
                    raise ValueError(
                        f"{where}.fields.{j}.ref_phase: '{field.ref_phase}' is not this or an earlier phase"
                    )
        return self

    def phase(self, phase_id: str) -> Phase:
        """The phase with id ``phase_id``."""
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        raise KeyError(phase_id)

    def scale(self, scale_id: str) -> Scale:
        """The scale with id ``scale_id``."""
        return next(s for s in self.scales if s.id == scale_id)


def _field_path(loc: tuple) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


_CROSS_REFERENCE = re.compile(r"^Value error, (?P<path>[\w.-]+): (?P<reason>.*)$", re.DOTALL)


def _problem(err: dict) -> tuple[str, str]:
    """``(field path, reason)`` of one pydantic error; cross-reference checks name their own path."""
    path = _field_path(err["loc"])
    match = _CROSS_REFERENCE.match(err["msg"])
    if match and "." in match["path"]:
        prefix = "" if path == "(top level)" else path + "."
        return prefix + match["path"], match["reason"]
    return path, err["msg"]


def load_workshop(path: str | Path) -> Workshop:
    """Load and validate one definition file.

    Raises
    ------
    DefinitionError
        When the file cannot be read, is not YAML, or does not validate; the error names the
        file, each field path and the reason.
    """
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DefinitionError(str(path), [("(file)", f"cannot be read: {exc.strerror}")]) from None
    except UnicodeDecodeError:
        raise DefinitionError(str(path), [("(file)", "is not UTF-8 text")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        reason = getattr(exc, "problem", None) or str(exc)
        raise DefinitionError(str(path), [(where, f"is not valid YAML: {reason}")]) from None
    if not isinstance(raw, dict):
        raise DefinitionError(str(path), [("(top level)", "must be a mapping of fields")])
    try:
        workshop = Workshop.model_validate(raw)
    except PydanticValidationError as exc:
        problems = [_problem(err) for err in exc.errors()]
        raise DefinitionError(str(path), problems) from None
    if workshop.id != path.stem:
        raise DefinitionError(str(path), [("id", f"'{workshop.id}' must match the file name '{path.stem}'")])
    return workshop


def definition_paths(folder: Path = WORKSHOPS_DIR) -> list[Path]:
    """The definition files in ``folder``, sorted by name."""
    return sorted(folder.glob("*.yaml"))


@functools.cache
def _cached(path: str, mtime: float) -> Workshop:
    return load_workshop(path)


# A definition is read on every request of every page: its file is looked at again (has it
# changed?) at most once a second, not on every lookup.
RECHECK_SECONDS = 1.0
_checked: dict[tuple[str, str], tuple[float, str, float]] = {}  # (folder, id) -> (checked at, path, mtime)


def get_workshop(workshop_id: str, folder: Path = WORKSHOPS_DIR) -> Workshop:
    """The definition with id ``workshop_id`` (cached until the file changes)."""
    from toolkit.core.errors import NotFoundError

    key = (str(folder), workshop_id)
    now = time.monotonic()
    seen = _checked.get(key) if isinstance(workshop_id, str) else None
    if seen is not None and now - seen[0] < RECHECK_SECONDS:
        return _cached(seen[1], seen[2])
    path = folder / f"{workshop_id}.yaml"
    if not path.is_file() or not workshop_id or "/" in workshop_id:
        raise NotFoundError("workshop_not_found", "en", workshop=workshop_id[:40])
    mtime = path.stat().st_mtime
    _checked[key] = (now, str(path), mtime)
    return _cached(str(path), mtime)


def all_workshops(folder: Path = WORKSHOPS_DIR) -> list[Workshop]:
    """Every definition in ``folder``; raises on the first broken one."""
    return [get_workshop(p.stem, folder) for p in definition_paths(folder)]
