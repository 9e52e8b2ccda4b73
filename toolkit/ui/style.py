"""The page style: one ``<style>`` block (our own markup, no participant text in it)."""
from __future__ import annotations

import ipywidgets as w

CSS = """
<style>
.tk-app, .tk-lobby { max-width: 1100px; margin: 0 auto; font-size: 15px; }
.tk-phase h2 { margin: .2em 0; }
.tk-timer-text { font-size: 1.4em; font-weight: 600; color: #0072B2; }
.tk-error-text { background: #fde8e0; border-left: 5px solid #D55E00; padding: .6em .9em; margin: .4em 0;
                 color: #5a1e00; font-weight: 600; }
.tk-note { background: #fff7d6; border: 1px solid #e8d98a; border-radius: 6px; padding: .4em .6em;
           margin: 4px; width: 15em; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
.tk-note-own { border-color: #0072B2; }
.tk-note-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.tk-note-meta { color: #666; font-size: .85em; margin-top: .3em; }
.tk-note-votes { color: #D55E00; font-weight: 700; }
.tk-agreed { background: #dff3e3; border-color: #2e7d32; }
.tk-agreed-badge { font-weight: 700; color: #1b5e20; }
.tk-note-hidden { opacity: .55; border-style: dashed; }
.tk-hidden-badge { font-style: italic; }
.tk-note-original, .tk-note-merged { font-size: .85em; color: #444; margin-top: .2em; }
.tk-merged-list { margin: .1em 0 0; padding-left: 1.2em; white-space: pre-wrap; }
.tk-view-facilitator .tk-note { width: 19em; }
.tk-workshop-card { border: 1px solid #ddd; border-radius: 8px; padding: .6em 1em; margin: .4em 0; }
.tk-code { font-family: monospace; }
.tk-facilitator-bar { background: #f3f6fa; border-radius: 8px; padding: .4em .8em; }
@media (max-width: 600px) { .tk-note { width: 100%; } }
/* Accessibility: JupyterLab's orange "warning" button has white text at 2.2:1; ours reads at 6:1. */
.tk-app .jupyter-button.mod-warning { background-color: #9a4d00; color: #fff; }
.tk-app .jupyter-button:focus-visible, .tk-app input:focus-visible, .tk-app a:focus-visible {
  outline: 3px solid #e8a200; outline-offset: 2px; }
.tk-note-votes { color: #a34400; }
.tk-chart-img { max-width: 100%; height: auto; }
</style>
"""


def style_widget() -> w.HTML:
    """An invisible widget carrying the page style."""
    widget = w.HTML(CSS, layout=w.Layout(display="none"))
    widget.add_class("tk-style")
    return widget
