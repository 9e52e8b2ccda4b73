"""The board: everyone's notes, grouped by prompt or cluster, updated one card at a time."""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from toolkit.core.definitions import Phase
from toolkit.core.i18n import role_label
from toolkit.core.sessions import Contribution
from toolkit.ui.text import esc, t


def card_html(contribution: Contribution, lang: str, anonymous: bool, labels: dict[str, str], votes: int | None) -> str:
    """The inside of one note card; every piece of participant text escaped."""
    payload = contribution.payload
    if contribution.kind == "form":
        lines = []
        for key, value in payload.items():
            shown = labels.get(str(value), value) if isinstance(value, str) else value
            lines.append(f"<span class='tk-note-field'>{esc(key)}:</span> {esc(shown)}")
        body = "<br>".join(lines)
    else:
        body = esc(contribution.text)
    who = esc(role_label(contribution.role, lang))
    if not anonymous and contribution.author:
        who = f"<bdi>{esc(contribution.author)}</bdi> · {who}"  # <bdi>: the name's direction stays its own
    badge = f"<span class='tk-note-votes'>● {votes}</span>" if votes else ""
    return (f"<div class='tk-note-text'>{body}</div>"
            f"<div class='tk-note-meta'>{who} {badge}</div>")


class NoteCard:
    """One note on the board; its own author gets Edit and Delete."""

    def __init__(self, board: Board, contribution: Contribution, own: bool) -> None:
        self.board = board
        self.contribution = contribution
        self.own = own
        self.html = w.HTML()
        self.html.add_class("tk-note-body")
        if not own:
            # Someone else's note is one widget: with 60 pages open, every widget a new note
            # creates is created 60 times.
            self.widget = self.html
            self.widget.add_class("tk-note")
            self.render()
            return
        self.editor = w.Textarea(layout=w.Layout(width="100%", display="none"))
        self.editor.add_class("tk-note-editor")
        buttons = []
        if own and contribution.kind == "note":
            self.edit = w.Button(icon="pencil", layout=w.Layout(width="auto"))
            self.edit.add_class("tk-note-edit")
            self.edit.on_click(self._toggle_edit)
            buttons.append(self.edit)
        if own:
            self.delete = w.Button(icon="trash", layout=w.Layout(width="auto"))
            self.delete.add_class("tk-note-delete")
            self.delete.on_click(lambda _b: board.on_delete(self.contribution.id))
            buttons.append(self.delete)
        self.widget = w.VBox([self.html, self.editor, w.HBox(buttons)])
        self.widget.add_class("tk-note")
        self.widget.add_class("tk-note-own")
        self.render()

    def render(self) -> None:
        b = self.board
        value = card_html(self.contribution, b.lang, b.anonymous, b.labels, b.votes.get(self.contribution.id))
        if self.html.value != value:
            self.html.value = value
        if hasattr(self, "edit"):
            editing = self.editor.layout.display != "none"
            self.edit.description = t("save" if editing else "edit", b.lang)
        if hasattr(self, "delete"):
            self.delete.description = t("delete", b.lang)

    def _toggle_edit(self, _button=None) -> None:
        if self.editor.layout.display == "none":
            self.editor.value = self.contribution.text
            self.editor.layout.display = ""
        else:
            payload = dict(self.contribution.payload, text=self.editor.value)
            if self.board.on_edit(self.contribution.id, payload):
                self.editor.layout.display = "none"
        self.render()


class Board:
    """Shows contributions as cards in groups. :meth:`update` adds, changes and removes only the
    cards that changed, so a page with 200 notes does not redraw them all on every new note."""

    def __init__(self, lang: str, me: int | None, on_edit: Callable[[int, dict], bool] | None = None,
                 on_delete: Callable[[int], None] | None = None) -> None:
        self.lang = lang
        self.me = me
        self.on_edit = on_edit or (lambda _id, _payload: False)
        self.on_delete = on_delete or (lambda _id: None)
        self.anonymous = False
        self.labels: dict[str, str] = {}
        self.votes: dict[int, int] = {}
        self.phase: Phase | None = None
        self.cards: dict[int, NoteCard] = {}
        self._group_boxes: dict[str, w.VBox] = {}
        self.notice = w.HTML()
        self.notice.add_class("tk-board-notice")
        self.groups = w.VBox()
        self.widget = w.VBox([self.notice, self.groups])
        self.widget.add_class("tk-board")

    def update(self, items: list[Contribution], phase: Phase | None, anonymous: bool, hidden: bool = False,
               labels: dict[str, str] | None = None, votes: dict[int, int] | None = None,
               open_phase: str | None = None) -> None:
        """Show ``items``; ``hidden`` means a silent phase before the reveal (own cards only).

        Own cards get Edit and Delete only while their phase is ``open_phase`` (core refuses
        changes to a closed phase anyway; the buttons would only lead to an error)."""
        self.phase = phase
        self.labels = labels or {}
        self.votes = votes or {}
        restyle = anonymous != self.anonymous
        self.anonymous = anonymous
        if hidden:
            items = [c for c in items if c.participant_id == self.me]
        live = {c.id: c for c in items}
        for cid in list(self.cards):
            if cid not in live:
                del self.cards[cid]
        for c in items:
            card = self.cards.get(c.id)
            own = c.participant_id == self.me and (open_phase is None or c.phase == open_phase)
            if card is None or card.own != own:
                self.cards[c.id] = NoteCard(self, c, own=own)
            elif card.contribution != c or restyle:
                card.contribution = c
                card.render()
            else:
                card.render()
        self._layout(items)
        notice = t("hidden_until_reveal", self.lang) if hidden else ("" if items else t("board_empty", self.lang))
        self.notice.value = f"<i>{esc(notice)}</i>" if notice else ""

    def _group_of(self, c: Contribution) -> str:
        if c.payload.get("cluster"):
            return str(c.payload["cluster"])
        prompt = c.payload.get("prompt")
        if self.phase is not None and prompt:
            for p in self.phase.prompts:
                if p.id == prompt:
                    return p.label(self.lang)
        return ""

    def _layout(self, items: list[Contribution]) -> None:
        grouped: dict[str, list[w.Widget]] = {}
        for c in items:
            grouped.setdefault(self._group_of(c), []).append(self.cards[c.id].widget)
        boxes = []
        for title, cards in grouped.items():
            if title not in self._group_boxes:
                header = w.HTML(f"<h4>{esc(title)}</h4>" if title else "")
                grid = w.Box(layout=w.Layout(display="flex", flex_flow="row wrap"))
                grid.add_class("tk-board-group")
                self._group_boxes[title] = w.VBox([header, grid])
            box = self._group_boxes[title]
            if list(box.children[1].children) != cards:
                box.children[1].children = cards
            boxes.append(box)
        if list(self.groups.children) != boxes:
            self.groups.children = boxes

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._group_boxes.clear()  # group titles are prompt labels in the page language
        for card in self.cards.values():
            card.render()

    @property
    def texts(self) -> list[str]:
        """The texts shown, in order (for tests)."""
        return [card.contribution.text for card in self.cards.values()]
