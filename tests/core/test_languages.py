"""Every user-visible string exists in Dutch and English and is looked up one way.

The one lookup is :func:`toolkit.core.i18n.translate` on a catalogue ``{key: {"nl": ..., "en":
...}}`` (module wrappers such as ``t`` or ``_t`` only pass their catalogue). These tests walk every
workshop definition, every catalogue of every module and every call of a wrapper with a literal
key, and fail on a text missing in one language, placeholders that differ between the languages,
a key that no catalogue has, or an inline language switch (``"..." if lang == "nl" else "..."``,
``LABELS[key][lang]``) in the source.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import string
from pathlib import Path

import pytest
from pydantic import BaseModel

import toolkit
from toolkit.core.definitions import Text, all_workshops
from toolkit.core.i18n import LANGUAGES

ROOT = Path(toolkit.__file__).parent
LANGUAGE_CODE = re.compile(r"^[a-z]{2}(_[A-Z]{2})?$")  # "nl", "en_US": which hyphenation or locale, no text


def modules():
    yield toolkit
    for info in pkgutil.walk_packages([str(ROOT)], prefix="toolkit."):
        if not info.name.endswith("__main__"):  # running it is the command line
            yield importlib.import_module(info.name)


MODULES = list(modules())


def is_catalogue(value) -> bool:
    return (isinstance(value, dict) and bool(value) and all(isinstance(k, str) for k in value)
            and all(isinstance(v, dict) and v and set(v) & set(LANGUAGES) for v in value.values()))


def catalogues() -> dict[str, dict]:
    found = {}
    for module in MODULES:
        for name, value in vars(module).items():
            if is_catalogue(value) and getattr(module, "__name__", "") == module.__name__:
                found.setdefault(id(value), (f"{module.__name__}.{name}", value))
    return dict(found.values())


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_walk_finds_the_catalogues():
    names = set(catalogues())
    assert {"toolkit.ui.text.UI_TEXT", "toolkit.core.i18n.MESSAGES", "toolkit.core.views.TEXT",
            "toolkit.export.content.STRINGS"} <= names
    assert len(names) >= 15


@pytest.mark.parametrize("name", sorted(catalogues()))
def test_every_catalogue_entry_has_both_languages_with_the_same_placeholders(name):
    problems = []
    for key, entry in catalogues()[name].items():
        if set(entry) != set(LANGUAGES):
            problems.append(f"{key}: languages {sorted(entry)}")
            continue
        nl, en = entry["nl"], entry["en"]
        if isinstance(nl, tuple) and isinstance(en, tuple) and len(nl) == len(en):
            nl, en = " ".join(nl), " ".join(en)  # a pair of words per language, e.g. a dimension's poles
        if not all(isinstance(text, str) and text.strip() for text in (nl, en)):
            problems.append(f"{key}: empty text")
            continue
        if placeholders(nl) != placeholders(en):
            problems.append(f"{key}: placeholders {placeholders(entry['nl'])} vs {placeholders(entry['en'])}")
    assert problems == []


def _texts(model, path: str):
    if isinstance(model, Text):
        yield path, model
    elif isinstance(model, BaseModel):
        for field in type(model).model_fields:
            yield from _texts(getattr(model, field), f"{path}.{field}")
    elif isinstance(model, (tuple, list)):
        for i, item in enumerate(model):
            yield from _texts(item, f"{path}.{i}")
    elif isinstance(model, dict):
        for key, item in model.items():
            yield from _texts(item, f"{path}.{key}")


@pytest.mark.parametrize("workshop", all_workshops(), ids=lambda w: w.id)
def test_every_text_of_every_workshop_definition_has_both_languages(workshop):
    texts = list(_texts(workshop, workshop.id))
    assert len(texts) > 10
    problems = [path for path, text in texts
                if not (text.nl.strip() and text.en.strip()) or placeholders(text.nl) != placeholders(text.en)]
    assert problems == []


# -- the source ----------------------------------------------------------------------------------

def _is_language_test(node: ast.AST) -> bool:
    if isinstance(node, ast.Name) and node.id in LANGUAGES:
        return True  # ``"..." if nl else "..."``
    if isinstance(node, ast.Compare):
        return any(isinstance(p, ast.Constant) and p.value in LANGUAGES for p in [node.left, *node.comparators])
    return False


def _is_text(node: ast.AST) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and not LANGUAGE_CODE.match(node.value)


def _is_language(node: ast.AST) -> bool:
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
    return name in ("lang", "language")


def inline_switches(source: str) -> list[int]:
    """Lines that pick a user-visible string by language without a catalogue lookup."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.IfExp) and _is_language_test(node.test) \
                and (_is_text(node.body) or _is_text(node.orelse)):
            lines.append(node.lineno)
        elif isinstance(node, ast.Subscript) and _is_language(node.slice):
            lines.append(node.lineno)  # ``LABELS[key][lang]``: a second lookup beside the catalogues
    return sorted(lines)


def test_the_source_check_finds_inline_switches():
    assert inline_switches('x = "Ja" if lang == "nl" else "Yes"') == [1]
    assert inline_switches('x = "Ja" if nl else f"{n} yes"') == [1]
    assert inline_switches('x = LABELS["save"][lang]') == [1]
    assert inline_switches('month = MONTHS[lang][0]') == [1]
    assert inline_switches('code = "nl_NL" if lang == "nl" else "en_US"') == []
    assert inline_switches('x = translate(LABELS, "save", lang)') == []
    assert inline_switches('s = text.replace(".", ",") if lang == "nl" else text') == []


# Modules that index language *data* by language, never text a user sees: the grouping
# suggestions pick a stemmer, stop words and synonym lists for the notes' language.
LANGUAGE_DATA = {"methods/grouping.py": ("def _language_tools", "def _analyse")}


def test_no_module_switches_language_inline():
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = inline_switches(source)
        if path == ROOT / "core" / "i18n.py":
            lines = [n for n in lines if "def translate" not in _enclosing(source, n)]
        data_functions = LANGUAGE_DATA.get(str(path.relative_to(ROOT)), ())
        lines = [n for n in lines if _enclosing(source, n) not in data_functions]
        if lines:
            found[str(path.relative_to(ROOT))] = lines
    assert found == {}


def _enclosing(source: str, line: int) -> str:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.lineno <= line <= (node.end_lineno or node.lineno):
            return f"def {node.name}"
    return ""


def _wrapper_catalogue(func) -> dict | None:
    """The catalogue a wrapper such as ``t`` or ``_t`` passes to ``translate``."""
    try:
        tree = ast.parse(inspect.getsource(func).lstrip())
    except (OSError, TypeError, SyntaxError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "translate" and node.args \
                and isinstance(node.args[0], ast.Name):
            value = getattr(inspect.getmodule(func), node.args[0].id, None)
            return value if is_catalogue(value) else None
    return None


def test_every_literal_key_is_in_its_catalogue():
    missing, checked = [], 0
    for module in MODULES:
        path = getattr(module, "__file__", None)
        if not path:
            continue
        for node in ast.walk(ast.parse(Path(path).read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args):
                continue
            key = node.args[0]
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                continue
            func = getattr(module, node.func.id, None)
            catalogue = _wrapper_catalogue(func) if inspect.isfunction(func) else None
            if catalogue is None:
                continue
            checked += 1
            if key.value not in catalogue:
                missing.append(f"{module.__name__}:{node.lineno}: {node.func.id}({key.value!r})")
    assert checked > 200, "the check itself finds the lookups"
    assert missing == []
