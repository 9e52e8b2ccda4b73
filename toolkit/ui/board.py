"""The board: the cards of a :class:`~toolkit.core.views.SessionView`, grouped by prompt or cluster,
updated one card at a time. What a card says and who may see it is decided in core.

On the facilitator's page the board also curates (:mod:`toolkit.core.curation`): per note a
checkbox to select it, hide or restore, merge the selected notes into this one, agree (with an
editable agreed wording) and a cluster picker; above the cards a field to make a cluster of the
selected notes and an undo button; on each cluster's heading rename and dissolve. Every action goes
to core through ``on_curate(operation, *args)``, which returns whether it succeeded."""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from toolkit.core.curation import Cluster, curation_of
from toolkit.core.views import Card, SessionView
from toolkit.ui.text import esc, t


def card_html(card: Card, lang: str = "nl") -> str:
    """The inside of one card; every piece of participant text escaped."""
    details = "".join(f"<br><span class='tk-note-field'>{esc(d.label)}:</span> {esc(d.value)}" for d in card.details)
    badge = f"<span class='tk-note-votes'>● {card.votes}</span>" if card.votes else ""
    # <bdi>: a name's writing direction stays its own and never turns the role text around.
    who = f"<bdi>{esc(card.author)}</bdi> · {esc(card.role_label)}" if card.author else esc(card.role_label)
    mark = f" <span class='tk-agreed-badge'>✔ {esc(t('web_agreed', lang))}</span>" if card.agreed else ""
    if card.hidden:
        mark += f" <span class='tk-hidden-badge'>{esc(t('board_hidden_mark', lang))}</span>"
    original = (f"<div class='tk-note-original'>{esc(t('note_original', lang))} {esc(card.original)}</div>"
                if card.original else "")
    merged = ""
    if card.merged:
        items = "".join(f"<li>{esc(m)}</li>" for m in card.merged)
        merged = (f"<div class='tk-note-merged'>{esc(t('note_merged', lang))}"
                  f"<ul class='tk-merged-list'>{items}</ul></div>")
    return (f"<div class='tk-note-text'>{esc(card.text)}{details}</div>{original}{merged}"
            f"<div class='tk-note-meta'>{who} {badge}{mark}</div>")


class NoteCard:
    """One card on the board; its author gets Edit and Delete while the card is editable."""

    def __init__(self, board: Board, note: Card) -> None:
        self.board = board
        self.note = note
        self.own = note.editable
        self.tools: CurationTools | None = None
        if board.curating:
            # The facilitator's card: the text and the curation controls, on shared layouts.
            self.html = w.HTML(layout=board.looks.full, style=board.looks.html)
            self.html.add_class("tk-note-body")
            self.tools = CurationTools(board, note)
            self.widget = w.VBox([self.html, self.tools.widget], layout=board.looks.column)
        else:
            self.html = w.HTML()
            self.html.add_class("tk-note-body")
        if self.tools is not None:
            pass
        elif not self.own:
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
        value = card_html(self.note, self.board.lang)
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
        if self.tools is not None:
            self.tools.render(self.note)

    def _toggle_edit(self, _button=None) -> None:
        if self.editor.layout.display == "none":
            self.editor.value = self.note.text
            self.editor.layout.display = ""
        elif self.board.on_edit(self.note.id, self.editor.value):
            self.editor.layout.display = "none"
        self.render()


NO_CLUSTER = ""


class Looks:
    """Layouts and styles shared by every card's controls: each is one widget on the page, so a
    board of 200 notes sends a few widgets per note rather than a layout and a style per control."""

    def __init__(self) -> None:
        self.auto = w.Layout(width="auto")
        self.full = w.Layout(width="100%")
        self.row = w.Layout(display="flex", flex_flow="row wrap", align_items="center")
        self.column = w.Layout()
        self.button = w.ButtonStyle()
        self.described = DescriptionStyle(description_width="initial")
        self.checkbox = CheckboxStyle(description_width="initial")
        self.text = TextStyle(description_width="initial")
        self.html = HTMLStyle()


def button(css: str, looks: Looks) -> w.Button:
    button = w.Button(layout=looks.auto, style=looks.button)
    button.add_class(css)
    return button


class CurationTools:
    """The facilitator's controls on one card: select, hide or restore, merge the selected notes
    into this one, agree (and, on an agreed card, edit the agreed wording), and the card's cluster."""

    def __init__(self, board: Board, note: Card) -> None:
        self.board = board
        self.id = note.id
        looks = board.looks
        self._quiet = False  # set while the page changes a control, so no action follows
        self.select = w.Checkbox(value=False, indent=False, layout=looks.auto, style=looks.checkbox)
        self.select.add_class("tk-note-select")
        self.select.observe(self._on_select, "value")
        self.hide = button("tk-note-hide", looks)
        self.hide.on_click(lambda _b: board.curate("restore" if self.note.hidden else "hide", [self.id]))
        self.merge = button("tk-note-merge", looks)
        self.merge.on_click(lambda _b: board.merge_into(self.id))
        self.agree = button("tk-note-agree", looks)
        self.agree.on_click(self._on_agree)
        self.cluster = w.Dropdown(layout=looks.auto, style=looks.described)
        self.cluster.add_class("tk-note-cluster")
        self.cluster.observe(self._on_cluster, "value")
        self.editor: w.Box | None = None  # made when the card is agreed
        self.widget = w.Box([self.select, self.hide, self.merge, self.agree, self.cluster], layout=looks.row)
        self.widget.add_class("tk-note-tools")
        self.note = note

    def _make_editor(self) -> w.Box:
        looks = self.board.looks
        self.wording = w.Textarea(value=self.note.text, layout=looks.full, style=looks.text)
        self.wording.add_class("tk-note-agreed-text")
        self.save = button("tk-note-agree-save", looks)
        self.save.on_click(lambda _b: self.board.curate("agree", self.id, self.wording.value))
        editor = w.Box([self.wording, self.save], layout=looks.row)
        editor.add_class("tk-agree-editor")
        return editor

    def render(self, note: Card) -> None:
        lang = self.board.lang
        was_agreed = self.note.agreed
        self.note = note
        self._quiet = True
        try:
            self.select.description = t("board_select", lang)
            self.hide.description = t("board_restore" if note.hidden else "board_hide", lang)
            self.merge.description = t("board_merge", lang)
            self.agree.description = t("board_disagree" if note.agreed else "board_agree", lang)
            self.cluster.description = t("board_cluster", lang)
            clusters = self.board.clusters_of(note.phase)
            options = [(t("board_no_cluster", lang), NO_CLUSTER)] + [(c.label, c.id) for c in clusters]
            mine = next((c.id for c in clusters if note.id in c.members), NO_CLUSTER)
            if list(self.cluster.options) != options:
                self.cluster.options = options
            if self.cluster.value != mine:
                self.cluster.value = mine
            if self.select.value != (note.id in self.board.selected):
                self.select.value = note.id in self.board.selected
            self._render_editor(was_agreed)
        finally:
            self._quiet = False

    def _render_editor(self, was_agreed: bool) -> None:
        note, lang = self.note, self.board.lang
        if note.agreed and self.editor is None:
            self.editor = self._make_editor()
        elif note.agreed and not was_agreed:
            self.wording.value = note.text
        if self.editor is not None:
            self.wording.description = t("board_agreed_wording", lang)
            self.save.description = t("board_agree_save", lang)
        children = (self.select, self.hide, self.merge, self.agree, self.cluster)
        if note.agreed:
            children += (self.editor,)
        if self.widget.children != children:
            self.widget.children = children

    def _on_select(self, change) -> None:
        if self._quiet:
            return
        if change["new"]:
            self.board.selected.add(self.id)
        else:
            self.board.selected.discard(self.id)

    def _on_agree(self, _button=None) -> None:
        if self.note.agreed:
            self.board.curate("disagree", self.id)
        else:
            self.board.curate("agree", self.id, None)

    def _on_cluster(self, change) -> None:
        if self._quiet:
            return
        self.board.curate("cluster_move", [self.id], change["new"] or None)


class ClusterHeading:
    """A cluster's heading on the facilitator's board: its name, to rename, and dissolve."""

    def __init__(self, board: Board, cluster: Cluster) -> None:
        lang = board.lang
        self.title = w.HTML(f"<h4>{esc(cluster.label)}</h4>")
        self.name = w.Text(value=cluster.label, description=t("board_cluster_name", lang),
                           layout=w.Layout(width="auto"), style={"description_width": "initial"})
        self.name.add_class("tk-cluster-label")
        self.rename = button("tk-cluster-rename", board.looks)
        self.rename.description = t("board_cluster_rename", lang)
        self.rename.on_click(lambda _b: board.curate("cluster_rename", cluster.id, self.name.value))
        self.dissolve = button("tk-cluster-dissolve", board.looks)
        self.dissolve.description = t("board_cluster_dissolve", lang)
        self.dissolve.on_click(lambda _b: board.curate("cluster_dissolve", cluster.id))
        self.widget = w.HBox([self.title, self.name, self.rename, self.dissolve],
                             layout=w.Layout(flex_flow="row wrap", align_items="center"))
        self.widget.add_class("tk-cluster-heading")


class Board:
    """Shows a view's cards in groups. :meth:`update` adds, changes and removes only the cards
    that changed, so a page with 200 notes does not redraw them all on every new note.

    ``on_edit(contribution_id, text)`` and ``on_delete(contribution_id)`` send the author's
    changes to core. ``on_curate(operation, *args)`` makes it the facilitator's board (see the
    module text); it returns whether core accepted the change."""

    def __init__(self, lang: str, on_edit: Callable[[int, str], bool] | None = None,
                 on_delete: Callable[[int], None] | None = None,
                 on_curate: Callable[..., bool] | None = None) -> None:
        self.lang = lang
        self.on_curate = on_curate
        self.curating = on_curate is not None
        self.looks = Looks() if self.curating else None
        self.selected: set[int] = set()
        self._clusters: tuple[Cluster, ...] = ()
        self._phase = ""
        self.notes_language = lang
        self.on_edit = on_edit or (lambda _id, _text: False)
        self.on_delete = on_delete or (lambda _id: None)
        self.cards: dict[int, NoteCard] = {}
        self._group_boxes: dict[tuple[str, str | None], w.VBox] = {}
        self._relabel = False  # button labels follow a new language on the next update
        self.notice = w.HTML()
        self.notice.add_class("tk-board-notice")
        self.groups = w.VBox()
        parts = [self.notice, self.groups]
        if self.curating:
            self.cluster_name = w.Text(layout=w.Layout(width="auto"), style={"description_width": "initial"})
            self.cluster_name.add_class("tk-cluster-name")
            self.cluster_create = button("tk-cluster-create", self.looks)
            self.cluster_create.on_click(lambda _b: self._create_cluster())
            self.undo = button("tk-undo", self.looks)
            self.undo.disabled = True
            self.undo.on_click(lambda _b: self.curate("undo"))
            self.toolbar = w.HBox([self.cluster_name, self.cluster_create, self.undo],
                                  layout=w.Layout(flex_flow="row wrap", align_items="center"))
            self.toolbar.add_class("tk-board-tools")
            self._label_toolbar()
            from toolkit.ui.suggestions import SuggestionPanel

            self.suggestions = SuggestionPanel(self)
            parts[:0] = [self.toolbar, self.suggestions.widget]
        self.widget = w.VBox(parts)
        self.widget.add_class("tk-board")

    # -- curation (facilitator) ---------------------------------------------------------------

    def _label_toolbar(self) -> None:
        self.cluster_name.description = t("board_cluster_new", self.lang)
        self.cluster_name.placeholder = t("board_cluster_placeholder", self.lang)
        self.cluster_create.description = t("board_cluster_create", self.lang)
        self.undo.description = t("board_undo", self.lang)

    def set_undo(self, enabled: bool) -> None:
        """Enable the undo button while core has a curation change left to undo."""
        if self.curating and self.undo.disabled == enabled:
            self.undo.disabled = not enabled

    def clusters_of(self, phase_id: str) -> list[Cluster]:
        return [c for c in self._clusters if c.phase == phase_id]

    def curate(self, operation: str, *args) -> bool:
        done = bool(self.on_curate and self.on_curate(operation, *args))
        if done and operation in ("merge", "cluster_create"):
            self.selected.clear()
            for card in self.cards.values():
                if card.tools is not None:
                    card.tools.render(card.note)
        return done

    def merge_into(self, survivor: int) -> bool:
        """Merge the selected notes (in the order shown) into ``survivor``."""
        others = [cid for cid in self.cards if cid in self.selected and cid != survivor]
        return self.curate("merge", survivor, others)

    def _create_cluster(self) -> None:
        chosen = [cid for cid in self.cards if cid in self.selected]
        phase = self.cards[chosen[0]].note.phase if chosen else self._phase
        if self.curate("cluster_create", phase, self.cluster_name.value, chosen):
            self.cluster_name.value = ""

    def update(self, view: SessionView) -> None:
        """Show the cards of ``view``."""
        if view.language != self.lang:
            self.set_language(view.language)
        if self.curating:
            self.notes_language = view.source.state.language  # what suggestions read the notes in
            clusters = curation_of(view.source.state.settings).clusters
            if clusters != self._clusters:
                self._clusters = clusters
                self._relabel = True  # every card's cluster picker lists the clusters
            self._phase = view.board_phase or view.phase.id
        live = {c.id: c for c in view.cards}
        for cid in list(self.cards):
            if cid not in live:
                del self.cards[cid]
        self.selected &= set(live)
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
            cluster = self._cluster_titled(title, notes)
            slot = (title, cluster.id if cluster else None)
            if slot not in self._group_boxes:
                if cluster is not None and self.curating:
                    header = ClusterHeading(self, cluster).widget
                else:
                    header = w.HTML(f"<h4>{esc(title)}</h4>" if title else "")
                grid = w.Box(layout=w.Layout(display="flex", flex_flow="row wrap"))
                grid.add_class("tk-board-group")
                self._group_boxes[slot] = w.VBox([header, grid])
            box = self._group_boxes[slot]
            if list(box.children[1].children) != cards:
                box.children[1].children = cards
            boxes.append(box)
        if list(self.groups.children) != boxes:
            self.groups.children = boxes

    def _cluster_titled(self, title: str, notes: list[Card]) -> Cluster | None:
        ids = {n.id for n in notes}
        return next((c for c in self._clusters if c.label == title and ids & set(c.members)), None)

    def set_language(self, lang: str) -> None:
        """Follow the page language; the cards' own text follows with the next view."""
        self.lang = lang
        self._relabel = True
        if self.curating:
            self._label_toolbar()
            self.suggestions.set_language(lang)
        self._group_boxes.clear()  # group titles are prompt labels in the page language

    @property
    def texts(self) -> list[str]:
        """The texts shown, in order (for tests)."""
        return [card.note.text for card in self.cards.values()]
