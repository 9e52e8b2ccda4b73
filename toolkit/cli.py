"""The ``toolkit`` command: list workshops, manage sessions, write reports, serve the apps."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from toolkit.cli_text import cli_language, say
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
        lang = args.lang or cli_language()
        for w in workshops:
            print(f"{w.id:<16} {w.duration_minutes:>4} min  {w.title(lang)}  ({say('phases', lang, n=len(w.phases))})")
    return 0


def cmd_session_new(args) -> int:
    from toolkit.core.sessions import create_session

    store = _store(args)
    carried = None
    if args.from_code:
        from toolkit.core.carry import start_from

        carried = start_from(store, args.workshop, args.from_code, args.from_key, language=args.lang,
                             anonymous=args.anonymous, organisation=args.organisation)
        created = carried.created
    elif args.example:
        from toolkit.core.examples import example_for, seed_session
        from toolkit.core.sessions import set_anonymous

        created = seed_session(store, example_for(args.workshop, args.lang), language=args.lang)
        if args.anonymous:
            set_anonymous(store, created.code, created.facilitator_key, True)
    else:
        created = create_session(store, args.workshop, args.lang or "nl", args.anonymous, args.organisation)
    participant_url, facilitator_url = app_urls(links_base(args, store), created.workshop_id, created.code)
    out = {
        "code": created.code, "facilitator_key": created.facilitator_key, "workshop": created.workshop_id,
        "language": created.language, "anonymous": args.anonymous,
        "participant_url": participant_url, "facilitator_url": facilitator_url,
    }
    if carried is not None:
        out.update({"from": carried.source_code, "seeded": carried.seeded, "review": list(carried.review)})
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        for key, value in out.items():
            if isinstance(value, list):  # the earlier session's points to review, one a line
                print(f"{key:<16} " + "".join(f"\n  - {item}" for item in value))
            else:
                print(f"{key:<16} {value}")
        print("\n" + say("keep_key"))
    return 0


def cmd_session_list(args) -> int:
    from toolkit.core.sessions import list_sessions

    rows = list_sessions(_store(args))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            print(say("session_row", code=r["code"], workshop=r["workshop"], language=r["language"],
                      phase=r["phase_index"] + 1, participants=r["participants"], contributions=r["contributions"]))
    return 0


def _audit_key(args) -> str | None:
    """The facilitator key when the full audit log is asked for (core checks it)."""
    return args.facilitator_key if args.audit else None


def _check_from(parser: argparse.ArgumentParser, args) -> None:
    """``--from`` copies what the earlier session's report shows: it takes that session's key."""
    if getattr(args, "from_code", None) and not args.from_key:
        parser.error(say("from_needs_key"))


def _check_audit(parser: argparse.ArgumentParser, args) -> None:
    """``--audit`` needs the facilitator key, and in ``session export`` the JSON format."""
    if not getattr(args, "audit", False):
        return
    if not args.facilitator_key:
        parser.error(say("audit_needs_key"))
    if args.func is cmd_session_export and args.format != "json":
        parser.error(say("audit_json"))


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
    print(say("deleted", code=args.code.upper()))
    return 0


def cmd_report(args) -> int:
    from toolkit.export import write_report

    path = write_report(_store(args), args.code, args.format, Path(args.out), lang=args.lang,
                        audit_key=_audit_key(args), compare=args.compare)
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
            raise argparse.ArgumentTypeError(say("not_whole", text=text)) from None
        if value < low:
            raise argparse.ArgumentTypeError(say("at_least", low=low, value=value))
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


def add_suggest_parser(sub, h=say) -> None:
    p = sub.add_parser("suggest", help=h("suggest"))
    p.add_argument("--lang", choices=["nl", "en"], required=True, help=h("suggest_lang"))
    p.add_argument("--json", action="store_true", help=h("suggest_json"))
    p.set_defaults(func=cmd_suggest)


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The command's arguments, their help in ``lang`` (default: the command's language)."""
    lang = lang or cli_language()

    def h(key: str) -> str:
        return say(key, lang)

    parser = argparse.ArgumentParser(prog="toolkit", description=h("description"))
    sub = parser.add_subparsers(dest="command", required=True)

    def with_db(p):
        p.add_argument("--db", help=h("db"))
        return p

    def with_audit(p):
        p.add_argument("--audit", action="store_true", help=h("audit"))
        p.add_argument("--facilitator-key", help=h("audit_key"))
        return p

    p = sub.add_parser("workshops", help=h("workshops"))
    p.add_argument("--json", action="store_true", help=h("json"))
    p.add_argument("--lang", choices=["nl", "en"], help=h("workshops_lang"))
    p.set_defaults(func=cmd_workshops)

    session = sub.add_parser("session", help=h("session"))
    ssub = session.add_subparsers(dest="session_command", required=True)
    p = with_db(ssub.add_parser("new", help=h("new")))
    p.add_argument("workshop", help=h("workshop_arg"))
    p.add_argument("--lang", choices=["nl", "en"], help=h("new_lang"))
    p.add_argument("--anonymous", action="store_true", help=h("anonymous"))
    p.add_argument("--organisation", help=h("organisation"))
    p.add_argument("--example", action="store_true", help=h("example"))
    p.add_argument("--from", dest="from_code", metavar="CODE", help=h("from"))
    p.add_argument("--from-key", metavar="KEY", help=h("from_key"))
    p.add_argument("--base-url", help=h("base_url"))
    p.add_argument("--json", action="store_true", help=h("json"))
    p.set_defaults(func=cmd_session_new)
    p = with_db(ssub.add_parser("list", help=h("list")))
    p.add_argument("--json", action="store_true", help=h("json"))
    p.set_defaults(func=cmd_session_list)
    p = with_db(ssub.add_parser("export", help=h("export")))
    p.add_argument("code", help=h("code_arg"))
    p.add_argument("--format", choices=["json", "csv"], default="json", help=h("export_format"))
    p.add_argument("--out", help=h("export_out"))
    with_audit(p)
    p.set_defaults(func=cmd_session_export)
    p = with_db(ssub.add_parser("delete", help=h("delete")))
    p.add_argument("code", help=h("code_arg"))
    p.add_argument("--facilitator-key", required=True, help=h("delete_key"))
    p.set_defaults(func=cmd_session_delete)

    p = with_db(sub.add_parser("report", help=h("report")))
    p.add_argument("code", help=h("code_arg"))
    p.add_argument("--format", choices=["html", "pdf", "xlsx", "pptx"], default="html", help=h("report_format"))
    p.add_argument("--out", required=True, help=h("report_out"))
    p.add_argument("--lang", choices=["nl", "en"], help=h("report_lang"))
    p.add_argument("--compare", metavar="EARLIER", help=h("compare"))
    with_audit(p)
    p.set_defaults(func=cmd_report)

    p = with_db(sub.add_parser("serve", help=h("serve")))
    p.add_argument("--port", type=int, default=8866, help=h("port"))
    # Participants join on /j/CODE without a kernel; only facilitator pages take a warm kernel.
    # ("--participants" is the flag's former name.)
    p.add_argument("--warm", "--participants", dest="warm", type=positive_int, default=2, metavar="N",
                   help=h("warm"))
    p.add_argument("--ip", default="127.0.0.1", help=h("ip"))
    p.add_argument("--public-url", metavar="URL", help=h("public_url"))
    p.add_argument("--base-path", default="/", metavar="PATH", help=h("base_path"))
    p.add_argument("--behind-proxy", action="store_true", help=h("behind_proxy"))
    p.add_argument("--max-kernels", type=positive_int, metavar="N", help=h("max_kernels"))
    p.add_argument("--client-pages", type=non_negative_int, metavar="N", help=h("client_pages"))
    p.add_argument("--client-pool-takes", type=non_negative_int, metavar="N", help=h("client_pool_takes"))
    p.add_argument("--unconnected-timeout", type=positive_int, default=90, metavar="SECONDS",
                   help=h("unconnected_timeout"))
    p.set_defaults(func=cmd_serve)

    add_suggest_parser(sub, h)
    _speak(parser, lang)
    return parser


def _speak(parser: argparse.ArgumentParser, lang: str) -> None:
    """argparse's own words in the help of ``parser`` and its subcommands: the usage line, the
    section titles and ``--help`` (its error messages stay as argparse writes them)."""
    usage = say("usage", lang)

    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage_text, actions, groups, prefix=None):
            super().add_usage(usage_text, actions, groups, prefix=prefix or usage)

    parser.formatter_class = Formatter
    parser._positionals.title = say("positionals", lang)
    parser._optionals.title = say("options", lang)
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = say("help", lang)
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _speak(child, lang)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _check_audit(parser, args)
    _check_from(parser, args)
    try:
        return args.func(args)
    except DefinitionError as exc:
        print(say("invalid_definition", error=exc), file=sys.stderr)
        return 2
    except ToolkitError as exc:
        print(say("error", error=exc), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
