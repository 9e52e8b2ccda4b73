"""The floor of the join burst: the participant page's protocol with nothing behind it.

``python benchmarks/floor.py --port P`` serves, on Tornado alone, what a :class:`benchmarks.web.Visitor`
and the Chromium sample ask of ``/j/CODE``: a join form with a nonce cookie and a hidden ``csrf``,
a join post that sets the participant cookie and answers 303 (or, posted by the script, the
participant page itself: as JSON, or as the first event of a stream that goes on as the live
channel when the post asks for ``text/event-stream``), a participant page with
``data-csrf``, ``data-phase`` and ``data-version``, and a server-sent-events stream. No store, no
templates, no rules: participants are a dict in memory. The same burst against it, in the same run
and on the same cores as the real page, shows how much of a figure is the method (the load
generator and the Chromium sample sharing the machine) and how much is the page.
"""
from __future__ import annotations

import argparse
import asyncio
import html
import json
import secrets
from urllib.parse import parse_qs

import tornado.web

LISTEN_BACKLOG = 4096  # as toolkit.serve.LISTEN_BACKLOG: the same queue of connections not yet accepted

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Join</title></head>
<body><main>{body}</main></body></html>"""
FORM = """<form method="post" action="/j/{code}/join"><input type="hidden" name="csrf" value="{csrf}">
<label for="n">Name</label><input id="n" name="name" class="tk-join-name">
<select name="role"><option value="marketing">Marketing</option></select>
<button class="tk-join-submit" type="submit">Join</button></form>"""
JOINED = """<div class="tk-page" data-csrf="{csrf}" data-phase="ideas" data-version="{version}">
<p>Welcome, {name}</p></div>"""


class Floor:
    def __init__(self) -> None:
        self.participants: dict[str, str] = {}
        self.version = 0


class Base(tornado.web.RequestHandler):
    def initialize(self, floor: Floor) -> None:
        self.floor = floor

    async def stream(self, first: str) -> None:
        """A server-sent-events stream: ``first``, then a keep-alive comment now and then."""
        self.set_header("Content-Type", "text/event-stream")
        self.set_header("Cache-Control", "no-store")
        self.write(f"retry: 2000\n{first}")
        await self.flush()
        while not self.request.connection.stream.closed():
            await asyncio.sleep(15)
            self.write(": keep-alive\n\n")
            await self.flush()


class PageHandler(Base):
    def get(self, code: str) -> None:
        token = self.get_cookie(f"tk_{code}")
        if token in self.floor.participants:
            body = JOINED.format(csrf=token[:16], version=self.floor.version,
                                 name=html.escape(self.floor.participants[token]))
        else:
            nonce = self.get_cookie("tk_nonce") or secrets.token_urlsafe(18)
            self.set_cookie("tk_nonce", nonce, httponly=True, samesite="Lax")
            body = FORM.format(code=code, csrf=nonce[:16])
        self.finish(PAGE.format(body=body))


class JoinHandler(Base):
    def check_xsrf_cookie(self) -> None:
        pass

    async def post(self, code: str) -> None:
        fields = parse_qs(self.request.body.decode())
        nonce = self.get_cookie("tk_nonce") or ""
        if fields.get("csrf", [""])[0] != nonce[:16]:
            raise tornado.web.HTTPError(403)
        token = secrets.token_urlsafe(18)
        self.floor.participants[token] = fields.get("name", [""])[0]
        self.floor.version += 1
        self.set_cookie(f"tk_{code}", token, httponly=True, samesite="Lax")
        if self.request.headers.get("X-TK-Fetch") == "1":  # the script's join: the page comes in the answer
            page = PAGE.format(body=JOINED.format(csrf=token[:16], version=self.floor.version,
                                                  name=html.escape(self.floor.participants[token])))
            answer = json.dumps({"ok": True, "url": f"/j/{code}?lang=en", "page": page})
            if "text/event-stream" in self.request.headers.get("Accept", ""):
                await self.stream(f"\nevent: joined\ndata: {answer}\n\n")
                return
            self.finish(answer)
            return
        self.redirect(f"/j/{code}?lang=en", status=303)


class LiveHandler(Base):
    async def get(self, code: str) -> None:
        await self.stream(f"id: {self.floor.version}\ndata: {{}}\n\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    floor = Floor()
    app = tornado.web.Application([
        (r"/j/([A-Za-z0-9]{1,12})/?", PageHandler, {"floor": floor}),
        (r"/j/([A-Za-z0-9]{1,12})/join", JoinHandler, {"floor": floor}),
        (r"/j/([A-Za-z0-9]{1,12})/live", LiveHandler, {"floor": floor}),
        (r"/health", HealthHandler),
    ])

    async def serve() -> None:
        app.listen(args.port, "127.0.0.1", backlog=LISTEN_BACKLOG)
        await asyncio.Event().wait()

    asyncio.run(serve())
    return 0


class HealthHandler(tornado.web.RequestHandler):
    def get(self) -> None:
        self.finish({"status": "ok", "kernels": 0, "warm": 0})


if __name__ == "__main__":
    raise SystemExit(main())
