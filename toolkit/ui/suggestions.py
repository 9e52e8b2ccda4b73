"""Suggested groups and possible duplicates on the facilitator's board.

The facilitator asks for them (``tk-suggest-groups``, ``tk-suggest-duplicates``); each suggestion
shows with its notes and waits. Accepting a group (``tk-suggestion-accept``, with the label as the
facilitator edited it) is the ordinary "make a cluster" operation of core; accepting a duplicate
(``tk-duplicate-merge``) merges the second note into the first; rejecting
(``tk-suggestion-reject``) only drops the suggestion. Nothing is grouped or merged otherwise, and
what was accepted is undone like any curation. The suggestions come from
:func:`toolkit.methods.grouping.for_board`, offline, in the session's language.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as w

from toolkit.methods.grouping import for_board
from toolkit.ui.text import esc, t

if TYPE_CHECKING:
    from toolkit.ui.board import Board


class SuggestionPanel:
    """The suggestion buttons of a facilitator's board and the suggestions waiting for a decision."""

    def __init__(self, board: Board) -> None:
        self.board = board
        self.groups_button = w.Button(layout=w.Layout(width="auto"))
        self.groups_button.add_class("tk-suggest-groups")
        self.groups_button.on_click(lambda _b: self.suggest_groups())
        self.duplicates_button = w.Button(layout=w.Layout(width="auto"))
        self.duplicates_button.add_class("tk-suggest-duplicates")
        self.duplicates_button.on_click(lambda _b: self.suggest_duplicates())
        self.message = w.HTML()
        self.items = w.VBox()
        self.widget = w.VBox([w.HBox([self.groups_button, self.duplicates_button],
                                     layout=w.Layout(flex_flow="row wrap")), self.message, self.items])
        self.widget.add_class("tk-suggestions")
        self.set_language(board.lang)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.groups_button.description = t("suggest_groups", lang)
        self.duplicates_button.description = t("suggest_duplicates", lang)

    def _notes(self) -> list[tuple[int, str]]:
        """The notes a suggestion may take: shown on the board now, of its phase, not hidden."""
        phase = self.board._phase
        return [(cid, card.note.text) for cid, card in self.board.cards.items()
                if not card.note.hidden and card.note.phase == phase]

    def _texts(self) -> dict[int, str]:
        return {cid: card.note.text for cid, card in self.board.cards.items()}

    def suggest_groups(self) -> None:
        found = for_board(self._notes(), self.board.notes_language).groups
        texts = self._texts()
        self.items.children = [self._group_row(label, members, texts) for label, members in found]
        self.message.value = "" if found else f"<i>{esc(t('suggest_none_groups', self.lang))}</i>"

    def suggest_duplicates(self) -> None:
        found = for_board(self._notes(), self.board.notes_language).duplicates
        texts = self._texts()
        self.items.children = [self._duplicate_row(a, b, score, texts) for a, b, score in found]
        self.message.value = "" if found else f"<i>{esc(t('suggest_none_duplicates', self.lang))}</i>"

    def _drop(self, row: w.Widget) -> None:
        self.items.children = [c for c in self.items.children if c is not row]

    def _group_row(self, label: str, members: tuple[int, ...], texts: dict[int, str]) -> w.Widget:
        name = w.Text(value=label, description=t("suggest_label", self.lang),
                      style={"description_width": "initial"}, layout=w.Layout(width="auto"))
        name.add_class("tk-suggestion-label")
        notes = w.HTML("<ul>" + "".join(f"<li>{esc(texts.get(m, ''))}</li>" for m in members) + "</ul>")
        accept = w.Button(description=t("suggest_accept", self.lang), layout=w.Layout(width="auto"))
        accept.add_class("tk-suggestion-accept")
        reject = w.Button(description=t("suggest_reject", self.lang), layout=w.Layout(width="auto"))
        reject.add_class("tk-suggestion-reject")
        row = w.VBox([w.HBox([name, accept, reject], layout=w.Layout(flex_flow="row wrap")), notes])
        row.add_class("tk-suggestion")

        def on_accept(_b) -> None:
            phase = self.board.cards[members[0]].note.phase if members[0] in self.board.cards else self.board._phase
            if self.board.curate("cluster_create", phase, name.value, list(members)):
                self._drop(row)

        accept.on_click(on_accept)
        reject.on_click(lambda _b: self._drop(row))
        return row

    def _duplicate_row(self, first: int, second: int, score: float, texts: dict[int, str]) -> w.Widget:
        pair = w.HTML(f"<div>{esc(texts.get(first, ''))}</div><div>{esc(texts.get(second, ''))}</div>"
                      f"<small>{esc(t('suggest_score', self.lang, score=f'{score:.2f}'))}</small>")
        merge = w.Button(description=t("suggest_merge", self.lang), layout=w.Layout(width="auto"))
        merge.add_class("tk-duplicate-merge")
        reject = w.Button(description=t("suggest_reject", self.lang), layout=w.Layout(width="auto"))
        reject.add_class("tk-suggestion-reject")
        row = w.VBox([pair, w.HBox([merge, reject])])
        row.add_class("tk-duplicate")

        def on_merge(_b) -> None:
            if self.board.curate("merge", first, [second]):
                self._drop(row)

        merge.on_click(on_merge)
        reject.on_click(lambda _b: self._drop(row))
        return row
