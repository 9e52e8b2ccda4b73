"""Dot voting: place and take back dots on the notes of an earlier phase, within a budget."""
from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from toolkit.core.sessions import Contribution
from toolkit.ui.text import esc, t


class DotVote:
    """One row per note: its text, the dots you placed, ``+`` and ``−``.

    ``on_vote(contribution_id, points)`` asks core to set your dots on a note; core enforces the
    budget, so the buttons are a convenience, not a rule.
    """

    def __init__(self, lang: str, budget: int, on_vote: Callable[[int, int], bool]) -> None:
        self.lang = lang
        self.budget = budget
        self._on_vote = on_vote
        self.mine: dict[int, int] = {}
        self.targets: list[Contribution] = []
        self.rows: dict[int, tuple[w.HTML, w.Button, w.Button]] = {}
        self._boxes: dict[int, w.HBox] = {}
        self.left = w.HTML()
        self.left.add_class("tk-vote-budget")
        self.list = w.VBox()
        self.widget = w.VBox([self.left, self.list])
        self.widget.add_class("tk-votes")

    def update(self, targets: list[Contribution], mine: dict[int, int]) -> None:
        self.targets = targets
        self.mine = dict(mine)
        for c in targets:
            if c.id not in self.rows:
                label = w.HTML(layout=w.Layout(flex="1 1 auto"))
                label.add_class("tk-vote-target")
                plus = w.Button(description="+", layout=w.Layout(width="3em"), tooltip="+1")
                plus.add_class("tk-vote")
                plus.add_class("tk-vote-plus")
                plus.on_click(lambda _b, cid=c.id: self._change(cid, +1))
                minus = w.Button(description="−", layout=w.Layout(width="3em"), tooltip="-1")
                minus.add_class("tk-vote-minus")
                minus.on_click(lambda _b, cid=c.id: self._change(cid, -1))
                self.rows[c.id] = (label, minus, plus)
                self._boxes[c.id] = w.HBox([label, minus, plus], layout=w.Layout(align_items="center"))
        live = {c.id for c in targets}
        for cid in list(self.rows):
            if cid not in live:
                del self.rows[cid]
                del self._boxes[cid]
        # Keep the row widgets: a refresh for someone else's vote must not send new widgets.
        boxes = [self._boxes[c.id] for c in targets]
        if list(self.list.children) != boxes:
            self.list.children = boxes
        self._render()

    def _render(self) -> None:
        for c in self.targets:
            label = self.rows[c.id][0]
            dots = "●" * self.mine.get(c.id, 0)
            label.value = f"<span class='tk-vote-text'>{esc(c.text)}</span> <b class='tk-vote-dots'>{dots}</b>"
        spent = sum(self.mine.values())
        self.left.value = f"<b>{esc(t('votes_left', self.lang, n=self.budget - spent, budget=self.budget))}</b>"

    def _change(self, cid: int, delta: int) -> None:
        points = max(0, self.mine.get(cid, 0) + delta)
        if self._on_vote(cid, points):
            self.mine[cid] = points
            self._render()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._render()
