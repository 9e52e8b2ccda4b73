"""Typed errors raised by core; each carries a message in the session's language."""
from __future__ import annotations

from toolkit.core.i18n import message


class ToolkitError(Exception):
    """Base error. ``key`` names the message; ``str(error)`` is the message in ``lang``."""

    def __init__(self, key: str, lang: str = "en", **params: object) -> None:
        self.key = key
        self.lang = lang
        self.params = params
        super().__init__(message(key, lang, **params))

    def in_language(self, lang: str) -> str:
        """The same message in another language (for a page whose user switched language)."""
        return message(self.key, lang, **self.params)


class ValidationError(ToolkitError):
    """Input that breaks a rule: empty, too long, wrong type, not an allowed value."""


class NotFoundError(ToolkitError):
    """A session, participant or contribution that does not exist."""


class PermissionDenied(ToolkitError):
    """A facilitator action without the right key, or a change to someone else's input."""


class PhaseError(ToolkitError):
    """Input that the current phase does not take, or input while the facilitator locked it."""


class LimitReached(ToolkitError):
    """A limit that protects the room: too many notes in a phase, too many writes or guesses.

    Nothing the user typed is lost: the page keeps the draft and may try again later.
    """


class RateLimited(LimitReached):
    """Too many attempts in a short time; ``retry_after`` is how many seconds to wait."""

    def __init__(self, key: str, lang: str = "en", retry_after: float = 0, **params: object) -> None:
        self.retry_after = retry_after
        super().__init__(key, lang, **params)


class SchemaVersionError(ToolkitError):
    """The database was written by a toolkit with another schema version."""


class DefinitionError(Exception):
    """A workshop definition file that does not validate: names the file, the field and the reason."""

    def __init__(self, path: str, problems: list[tuple[str, str]]) -> None:
        self.path = path
        self.problems = problems
        lines = [f"{path}: {field}: {reason}" for field, reason in problems]
        super().__init__("\n".join(lines))
