"""The board: the cards of a :class:`~toolkit.core.views.SessionView`, grouped by prompt or cluster,
updated one card at a time. What a card says and who may see it is decided in core."""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from toolkit.core.views import Card, SessionView
from toolkit.ui.text import esc, t


def card_html(card: Card) -> str:
    """The inside of one card; every piece of participant text escaped."""
    details = "".join(f"<br><span class='tk-note-field'>{esc(d.label)}:</span> {esc(d.value)}" for d in card.details)
    badge = f"<span class='tk-note-votes'>● {card.votes}</span>" if card.votes else ""
    return (f"<div class='tk-note-text'>{esc(card.text)}{details}</div>"
            f"<div class='tk-note-meta'>{esc(card.byline)} {badge}</div>")


class NoteCard:
    """One card on the board; its author gets Edit and Delete while the card is editable."""

    def __init__(self, board: Board, note: Card) -> None:
        self.board = board
        self.note = note
        self.own = note.editable
        self.html = w.HTML()
        self.html.add_class("tk-note-body")
        if not self.own:
            # Someone else's note is one widget: with 60 pages open, every widget a new note
            # creates is created 60 times.
            self.widget = self.html
        else:
            self.editor = w.Textarea(layout=w.Layout(width="100%", display="none"))
            self.editor.add_class("tk-note-editor")
            buttons = []
            if note.kind == "note":
                self.edit = w.Button(icon="pencil", layout=w.Layout(width="auto"))
                self.edit.add_class("tk-note-edit")
                self.edit.on_click(self._toggle_edit)
                buttons.append(self.edit)
            self.delete = w.Button(icon="trash", layout=w.Layout(width="auto"))
            self.delete.add_class("tk-note-delete")
            self.delete.on_click(lambda _b: board.on_delete(self.note.id))
            buttons.append(self.delete)
            self.widget = w.VBox([self.html, self.editor, w.HBox(buttons)])
            self.widget.add_class("tk-note-own")
        self.widget.add_class("tk-note")
        self.render()

    def render(self) -> None:
        value = card_html(self.note)
        if self.html.value != value:
            self.html.value = value
        # add_class and remove_class change nothing (and send nothing) when the class is as asked.
        if self.note.agreed:
            self.widget.add_class("tk-agreed")
        else:
            self.widget.remove_class("tk-agreed")
        if self.note.hidden:
            self.widget.add_class("tk-note-hidden")
        else:
            self.widget.remove_class("tk-note-hidden")
        lang = self.board.lang
        if hasattr(self, "edit"):
            editing = self.editor.layout.display != "none"
            self.edit.description = t("save" if editing else "edit", lang)
        if hasattr(self, "delete"):
            self.delete.description = t("delete", lang)

    def _toggle_edit(self, _button=None) -> None:
        if self.editor.layout.display == "none":
            self.editor.value = self.note.text
            self.editor.layout.display = ""
        elif self.board.on_edit(self.note.id, self.editor.value):
            self.editor.layout.display = "none"
        self.render()


class Board:
    """Shows a view's cards in groups. :meth:`update` adds, changes and removes only the cards
    that changed, so a page with 200 notes does not redraw them all on every new note.

    ``on_edit(contribution_id, text)`` and ``on_delete(contribution_id)`` send the author's
    changes to core."""

    def __init__(self, lang: str, on_edit: Callable[[int, str], bool] | None = None,
                 on_delete: Callable[[int], None] | None = None) -> None:
        self.lang = lang
        self.on_edit = on_edit or (lambda _id, _text: False)
        self.on_delete = on_delete or (lambda _id: None)
        self.cards: dict[int, NoteCard] = {}
        self._group_boxes: dict[str, w.VBox] = {}
        self._relabel = False  # button labels follow a new language on the next update
        self.notice = w.HTML()
        self.notice.add_class("tk-board-notice")
        self.groups = w.VBox()
        self.widget = w.VBox([self.notice, self.groups])
        self.widget.add_class("tk-board")

    def update(self, view: SessionView) -> None:
        """Show the cards of ``view``."""
        if view.language != self.lang:
            self.set_language(view.language)
        live = {c.id: c for c in view.cards}
        for cid in list(self.cards):
            if cid not in live:
                del self.cards[cid]
        for note in view.cards:
            card = self.cards.get(note.id)
            if card is None or card.own != note.editable:
                self.cards[note.id] = NoteCard(self, note)
            elif card.note != note or self._relabel:
                card.note = note
                card.render()
        self._relabel = False
        self.cards = {n.id: self.cards[n.id] for n in view.cards}  # in the board's order
        self._layout(view)
        self.notice.value = f"<i>{esc(view.notice)}</i>" if view.notice else ""

    def _layout(self, view: SessionView) -> None:
        boxes = []
        for title, notes in view.groups:
            title = title or ""
            cards = [self.cards[n.id].widget for n in notes]
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
        """Follow the page language; the cards' own text follows with the next view."""
        self.lang = lang
        self._relabel = True
        self._group_boxes.clear()  # group titles are prompt labels in the page language

    @property
    def texts(self) -> list[str]:
        """The texts shown, in order (for tests)."""
        return [card.note.text for card in self.cards.values()]
