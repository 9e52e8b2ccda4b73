"""The participant page's renderer, without a server."""
from __future__ import annotations

from toolkit.web.render import STATIC_DIR, Renderer


def test_every_template_is_compiled_when_the_renderer_is_made():
    renderer = Renderer("/base")
    compiled = {name for (_loader, name) in renderer.env.cache}
    assert compiled == set(renderer.env.list_templates(extensions=["html"]))
    assert {"join.html", "page.html", "ask.html", "macros.html"} <= compiled
    assert renderer.static_url("participant.js").startswith("/base/j/static/participant.js?v=")
    assert (STATIC_DIR / "participant.js").is_file()
