"""CSV files of figures and messages: what spreadsheets write is read, a bad file is refused with a
message in the user's language that names the file, the row (as a spreadsheet counts) and the column."""
from __future__ import annotations

import pytest

from toolkit.core import sessions as core
from toolkit.core.errors import ValidationError
from toolkit.core.examples import EXAMPLES_DIR, seed_session
from toolkit.core.tables import read_csv
from toolkit.methods import service_maturity as sm

GOOD = "maand;volgers;klanttevredenheid;omzet\n2024-01;18.200;7,1;636.000\n2024-02;18.630;7,0;643.000\n"


def figures(text: str | bytes, lang: str = "nl", name: str = "cijfers.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return sm.read_figures_csv(data, name, lang)[1]


def refused(text, lang="nl", name="cijfers.csv") -> str:
    with pytest.raises(ValidationError) as info:
        figures(text, lang, name)
    message = str(info.value)
    assert name in message
    return message


def test_dutch_spreadsheet_semicolons_and_decimal_commas():
    got = figures(GOOD)
    assert list(got.index) == ["2024-01", "2024-02"]
    assert got.loc["2024-01", "followers"] == 18200
    assert got.loc["2024-02", "csat"] == 7.0
    assert got.loc["2024-01", "revenue"] == 636000


def test_english_commas_and_bom():
    data = "\ufeffMonth,Followers,Customer satisfaction\n2024-02,100,7.5\n2024-01,90,\n".encode()
    got = figures(data, "en")
    assert list(got.index) == ["2024-01", "2024-02"]  # sorted by month
    assert got.loc["2024-02", "csat"] == 7.5
    assert got["csat"].isna().sum() == 1  # an empty cell is a missing figure, not an error


def test_shipped_example_files_read():
    for name in ("service-telecom-figures.csv", "service-telecom-figures-en.csv"):
        got = figures((EXAMPLES_DIR / name).read_bytes(), name=name)
        assert len(got) == 12
        assert {"csat", "revenue", "response_time"} <= set(got.columns)


def test_not_a_number_names_row_and_column():
    message = refused("maand;volgers;likes\n2024-01;100;200\n2024-02;veel;300\n")
    assert "rij 3" in message and "kolom B ('volgers')" in message and "'veel'" in message


def test_missing_month():
    message = refused("maand;volgers\n2024-01;100\n;120\n", "en")
    assert "row 3" in message and "column A ('maand')" in message and "month is missing" in message


def test_invalid_month():
    assert "rij 2" in refused("maand;volgers\njanuari;100\n")


def test_duplicate_month():
    message = refused("maand;volgers\n2024-01;100\n2024-02;110\n2024-01;120\n")
    assert "rij 4" in message and "rij 2" in message and "2024-01" in message


def test_unknown_kpi_column():
    message = refused("maand;volgers;tevredenheidsscore\n2024-01;1;2\n", "en")
    assert "row 1" in message and "column C ('tevredenheidsscore')" in message and "Followers" in message


def test_empty_file():
    assert "leeg" in refused("")
    assert "leeg" in refused("\n\n  \n")


def test_header_only():
    assert "geen rijen" in refused("maand;volgers\n")


def test_wrong_delimiter():
    message = refused("maand\tvolgers\n2024-01\t100\n", "en")
    assert "comma or a semicolon" in message


def test_wrong_encoding_names_the_row():
    data = b"maand;volgers\n2024-01;100\n" + "2024-02;caf\xe9\n".encode("latin-1")
    message = refused(data, "en")
    assert "not UTF-8" in message and "row 3" in message


def test_ragged_row():
    message = refused("maand;volgers;likes\n2024-01;1;2\n2024-02;3\n", "en")
    assert "row 3 has 2 columns" in message


def test_too_large():
    with pytest.raises(ValidationError) as info:
        read_csv(b"a;b\n" + b"1;2\n" * 10, "big.csv", "en", max_bytes=20)
    assert "big.csv" in str(info.value) and "too large" in str(info.value)


def test_messages_file():
    table = read_csv(b"bericht;sleutel\nWat kost glasvezel?;lead\nStoring?;Vraag\n", "b.csv", "nl")
    assert sm.read_messages(table, "nl") == [("Wat kost glasvezel?", "lead"), ("Storing?", "question")]


def test_messages_bad_key_names_row_and_column():
    table = read_csv(b"message,key\nHi,lead\nHello,sale\n", "m.csv", "en")
    with pytest.raises(ValidationError) as info:
        sm.read_messages(table, "en")
    message = str(info.value)
    assert "m.csv" in message and "row 3" in message and "column B ('key')" in message and "'sale'" in message


def test_message_too_long_for_the_list():
    table = read_csv(("message,key\n" + "x" * 61 + ",lead\n").encode(), "m.csv", "en")
    with pytest.raises(ValidationError, match="row 2"):
        sm.read_messages(table, "en")


def test_session_holds_the_figures_and_the_report_reads_them(store):
    created = seed_session(store, "service-telecom")
    snap = core.snapshot(store, created.code)
    assert snap.tables[sm.FIGURES_TABLE]["name"] == "service-telecom-figures.csv"
    index = next(s for s in sm.report_sections(snap, "nl") if s.title == "Gemengde KPI-index")
    assert index.figure is not None and "2024-12" in index.takeaway
    from toolkit.core.session_export import session_export_dict

    assert session_export_dict(store, created.code)["tables"][sm.FIGURES_TABLE]["rows"][0][0] == "2024-01"
    core.set_table(store, created.code, created.facilitator_key, sm.FIGURES_TABLE, None)
    assert sm.FIGURES_TABLE not in core.snapshot(store, created.code).tables


def test_set_table_needs_the_key_and_a_table(store):
    created = core.create_session(store, sm.WORKSHOP_ID, "en")
    table = read_csv(GOOD.encode(), "c.csv", "en").to_dict()
    with pytest.raises(core.PermissionDenied):
        core.set_table(store, created.code, "wrong", sm.FIGURES_TABLE, table)
    with pytest.raises(ValidationError):
        core.set_table(store, created.code, created.facilitator_key, sm.FIGURES_TABLE, {"columns": "x"})
    with pytest.raises(ValidationError):
        core.set_table(store, created.code, created.facilitator_key, "../x", table)


def test_organisation_sessions(store):
    first = core.create_session(store, "brand-persona", organisation="Belnet")
    second = core.create_session(store, "brand-persona", organisation="Belnet")
    core.create_session(store, "brand-persona", organisation="Elders")
    assert core.organisation_sessions(store, "Belnet", "brand-persona") == [second.code, first.code]
    assert core.organisation_sessions(store, None, "brand-persona") == []
