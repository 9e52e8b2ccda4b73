"""The ``toolkit`` command: list workshops, manage sessions, write reports, serve the apps."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from toolkit.core.errors import DefinitionError, ToolkitError

DEFAULT_BASE_URL = "http://127.0.0.1:8866"


def app_urls(base_url: str, workshop_id: str, code: str) -> tuple[str, str]:
    """The participant and facilitator URLs of a session (the key is never part of either)."""
    from toolkit.core.urls import facilitator_url, join_url

    return join_url(base_url, code), facilitator_url(base_url, code)


def links_base(args, store) -> str:
    """Where printed links point: ``--base-url``, else ``TOOLKIT_PUBLIC_URL``, else the address the
    last ``toolkit serve`` on this store serves at, else the default port on this machine."""
    from toolkit.core.urls import announced_server, check_public_url, configured_public_url

    if args.base_url:
        return check_public_url(args.base_url)
    return configured_public_url() or announced_server(store) or DEFAULT_BASE_URL


def _store(args):
    from toolkit.core.store import get_store

    return get_store(args.db)


def cmd_workshops(args) -> int:
    from toolkit.core.definitions import all_workshops

    workshops = all_workshops()
    if args.json:
        print(json.dumps([
            {"id": w.id, "title": w.title.model_dump(), "description": w.description.model_dump(),
             "duration_minutes": w.duration_minutes, "roles": list(w.roles), "phases": [p.id for p in w.phases]}
            for w in workshops
        ], ensure_ascii=False, indent=2))
    else:
        for w in workshops:
            print(f"{w.id:<16} {w.duration_minutes:>4} min  {w.title(args.lang)}  ({len(w.phases)} phases)")
    return 0


def cmd_session_new(args) -> int:
    from toolkit.core.sessions import create_session

    store = _store(args)
    if args.example:
        from toolkit.core.examples import example_for, seed_session
        from toolkit.core.sessions import set_anonymous

        created = seed_session(store, example_for(args.workshop, args.lang), language=args.lang)
        if args.anonymous:
            set_anonymous(store, created.code, created.facilitator_key, True)
    else:
        created = create_session(store, args.workshop, args.lang, args.anonymous, args.organisation)
    participant_url, facilitator_url = app_urls(links_base(args, store), created.workshop_id, created.code)
    out = {
        "code": created.code, "facilitator_key": created.facilitator_key, "workshop": created.workshop_id,
        "language": created.language, "anonymous": args.anonymous,
        "participant_url": participant_url, "facilitator_url": facilitator_url,
    }
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        for key, value in out.items():
            print(f"{key:<16} {value}")
        print("\nKeep the facilitator key to yourself: it unlocks the facilitator view.")
    return 0


def cmd_session_list(args) -> int:
    from toolkit.core.sessions import list_sessions

    rows = list_sessions(_store(args))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            print(f"{r['code']}  {r['workshop']:<16} {r['language']}  phase {r['phase_index'] + 1}  "
                  f"{r['participants']} participants  {r['contributions']} contributions")
    return 0


def _audit_key(args) -> str | None:
    """The facilitator key when the full audit log is asked for (core checks it)."""
    return args.facilitator_key if args.audit else None


def _check_audit(parser: argparse.ArgumentParser, args) -> None:
    """``--audit`` needs the facilitator key, and in ``session export`` the JSON format."""
    if not getattr(args, "audit", False):
        return
    if not args.facilitator_key:
        parser.error("--audit needs the facilitator key: add --facilitator-key KEY")
    if args.func is cmd_session_export and args.format != "json":
        parser.error("--audit: the full audit log is part of the JSON export; use --format json")


def cmd_session_export(args) -> int:
    from toolkit.core.session_export import contributions_csv, session_export_dict

    data = session_export_dict(_store(args), args.code, _audit_key(args))
    if args.format == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    else:
        text = contributions_csv(data)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text + ("" if text.endswith("\n") else "\n"))
    return 0


def cmd_session_delete(args) -> int:
    from toolkit.core.sessions import delete_session

    delete_session(_store(args), args.code, args.facilitator_key)
    print(f"Deleted session {args.code.upper()}.")
    return 0


def cmd_report(args) -> int:
    from toolkit.export import write_report

    path = write_report(_store(args), args.code, args.format, Path(args.out), lang=args.lang,
                        audit_key=_audit_key(args))
    print(path)
    return 0


def cmd_serve(args) -> int:
    from toolkit.serve import serve

    return serve(port=args.port, warm=args.warm, db=args.db, ip=args.ip, open_browser=False,
                 max_kernels=args.max_kernels, client_pages=args.client_pages,
                 client_pool_takes=args.client_pool_takes, unconnected_timeout=args.unconnected_timeout,
                 public_url=args.public_url, behind_proxy=args.behind_proxy, base_path=args.base_path)


def _int_at_least(low: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}: {value}")
        return value

    return parse


positive_int, non_negative_int = _int_at_least(1), _int_at_least(0)


# --- toolkit suggest: suggested groups and duplicates for notes on standard input -----------------

def cmd_suggest(args) -> int:
    from toolkit.methods.grouping import suggest, text

    try:
        notes = sys.stdin.buffer.read().decode("utf-8").splitlines()
    except UnicodeDecodeError:
        print(text("not_utf8", args.lang), file=sys.stderr)
        return 2
    result = suggest(notes, args.lang)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
        return 0
    print(text("heading", args.lang, notes=len(notes), clusters=len(result.clusters)))
    for number, cluster in enumerate(result.clusters, start=1):
        label = cluster.label or text("no_label", args.lang)
        print(text("cluster", args.lang, number=number, label=label, size=len(cluster.members)))
        for index in cluster.members:
            print(f"  {index:>4}  {notes[index]}")
    print(text("duplicates", args.lang) if result.duplicates else text("no_duplicates", args.lang))
    for i, j, score in result.duplicates:
        print(text("pair", args.lang, i=i, j=j, score=score))
    return 0


def add_suggest_parser(sub) -> None:
    p = sub.add_parser("suggest", help="suggest groups and duplicates for notes read one per line from stdin")
    p.add_argument("--lang", choices=["nl", "en"], required=True, help="language of the notes")
    p.add_argument("--json", action="store_true", help='print {"clusters": [...], "duplicates": [...]}')
    p.set_defaults(func=cmd_suggest)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="toolkit", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def with_db(p):
        p.add_argument("--db", help="store URL (sqlite:///file or postgresql://...); default TOOLKIT_DB or ./data")
        return p

    def with_audit(p):
        p.add_argument("--audit", action="store_true",
                       help="include the full audit log, with text participants deleted or edited away "
                            "(needs --facilitator-key)")
        p.add_argument("--facilitator-key", help="the session's facilitator key (for --audit)")
        return p

    p = sub.add_parser("workshops", help="list and validate the workshop definitions")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=["nl", "en"], default="en")
    p.set_defaults(func=cmd_workshops)

    session = sub.add_parser("session", help="create, list, export or delete sessions")
    ssub = session.add_subparsers(dest="session_command", required=True)
    p = with_db(ssub.add_parser("new", help="create a session"))
    p.add_argument("workshop")
    p.add_argument("--lang", choices=["nl", "en"], default="nl")
    p.add_argument("--anonymous", action="store_true")
    p.add_argument("--organisation")
    p.add_argument("--example", action="store_true",
                   help="fill the session with the workshop's example session (workshops/examples/)")
    p.add_argument("--base-url", help="where participants reach `toolkit serve` (default: TOOLKIT_PUBLIC_URL, "
                                      "else the address the last `toolkit serve` on this store serves at)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_session_new)
    p = with_db(ssub.add_parser("list", help="list sessions"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_session_list)
    p = with_db(ssub.add_parser("export", help="export a session as it is now"))
    p.add_argument("code")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.add_argument("--out")
    with_audit(p)
    p.set_defaults(func=cmd_session_export)
    p = with_db(ssub.add_parser("delete", help="delete a session"))
    p.add_argument("code")
    p.add_argument("--facilitator-key", required=True)
    p.set_defaults(func=cmd_session_delete)

    p = with_db(sub.add_parser("report", help="write a report of a session"))
    p.add_argument("code")
    p.add_argument("--format", choices=["html", "pdf", "xlsx", "pptx"], default="html")
    p.add_argument("--out", required=True)
    p.add_argument("--lang", choices=["nl", "en"], help="default: the session's language")
    with_audit(p)
    p.set_defaults(func=cmd_report)

    p = with_db(sub.add_parser("serve", help="serve the lobby and all apps with Voila"))
    p.add_argument("--port", type=int, default=8866)
    # Participants join on /j/CODE without a kernel; only facilitator pages take a warm kernel.
    # ("--participants" is the flag's former name.)
    p.add_argument("--warm", "--participants", dest="warm", type=positive_int, default=2, metavar="N",
                   help="kernels kept warm for facilitator pages opened at once (default: 2)")
    p.add_argument("--ip", default="127.0.0.1",
                   help="address to listen on (0.0.0.0: every network, so phones in the room can join)")
    p.add_argument("--public-url", metavar="URL",
                   help="the base address participants reach the server at, used in every printed link and "
                        "QR code, e.g. https://workshop.example.org behind a proxy (default: TOOLKIT_PUBLIC_URL, "
                        "else this machine's network address when --ip is beyond loopback)")
    p.add_argument("--base-path", default="/", metavar="PATH",
                   help="serve every page under this path, e.g. /user/ann/workshop/ behind jupyter-server-proxy "
                        "(default: /)")
    p.add_argument("--behind-proxy", action="store_true",
                   help="a reverse proxy (nginx) forwards every request: take each visitor's address from its "
                        "X-Real-Ip / X-Forwarded-For header, so the per-client limits see visitors, not the proxy "
                        "(only when nothing but the proxy reaches the server)")
    p.add_argument("--max-kernels", type=positive_int, metavar="N",
                   help="most kernels at once, the warm pool included (default: available memory / 150 MB)")
    p.add_argument("--client-pages", type=non_negative_int, metavar="N",
                   help="kernel pages one client (address) may open per minute; 0: no limit "
                        "(default: 2 x --warm + 10, at least 30)")
    p.add_argument("--client-pool-takes", type=non_negative_int, metavar="N",
                   help="warm kernels one client may take per minute, beyond that its pages start their own; "
                        "0: no limit (default: half of --warm, at least 2)")
    p.add_argument("--unconnected-timeout", type=positive_int, default=90, metavar="SECONDS",
                   help="shut down a kernel no page connected to within this time (default: 90)")
    p.set_defaults(func=cmd_serve)

    add_suggest_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _check_audit(parser, args)
    try:
        return args.func(args)
    except DefinitionError as exc:
        print(f"Invalid workshop definition:\n{exc}", file=sys.stderr)
        return 2
    except ToolkitError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
