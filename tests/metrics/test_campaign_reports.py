"""A campaign report (Brevo's, Mailchimp's: one row per campaign with its totals) given as the e-mail events: the
error said to map an `event` column that such a file does not have. It now says what the file is and gives the
metrics that add its columns up, which the built-in rates then read. Rates checked against a hand-written query."""

from __future__ import annotations

import duckdb
import pytest
from typer.testing import CliRunner

from kpiguard.cli import _register, app
from kpiguard.errors import DataError
from kpiguard.metrics import compute
from kpiguard.spec import load_spec

_register()

BREVO = ("Nom de la campagne;Date d'envoi;Destinataires;Délivrés;Ouvertures uniques;Taux d'ouverture;Clics uniques;"
         "Désinscriptions\n"
         "Soldes hiver;2026-01-08 10:00;1200;1180;472;40,00 %;95;6\n"
         "Relance soldes;2026-01-20 10:00;600;590;150;25,42 %;30;2\n"
         "Nouveautés février;2026-02-05 10:00;1250;1230;430;34,96 %;80;9\n")
MAILCHIMP = ("Title,Send Date,Total Recipients,Successful Deliveries,Unique Opens,Open Rate,Total Opens,Unique Clicks,"
             "Click Rate,Total Clicks,Unsubscribes\n"
             "Winter sale,2026-01-08 10:00,1200,1180,472,40.0%,900,95,8.05%,150,6\n"
             "New in,2026-02-05 10:00,1250,1230,430,34.96%,700,80,6.50%,120,9\n")


def _spec(tmp_path, report: str, name: str, time: str, metrics: str = "") -> str:
    (tmp_path / name).write_text(report, encoding="utf-8")
    path = tmp_path / "kpis.yaml"
    path.write_text(f"version: 1\ntimezone: Europe/Paris\ndata:\n  tables: {{email_events: {name}}}\n"
                    f"  columns: {{email_events: {{event_at: \"{time}\"}}}}\n{metrics}", encoding="utf-8")
    return str(path)


def test_a_french_campaign_report_is_named_with_the_metrics_that_read_it(tmp_path):
    spec = _spec(tmp_path, BREVO, "campagnes.csv", "Date d'envoi")
    result = CliRunner().invoke(app, ["compute", spec, "-m", "email_open_rate", "-p", "2026-01", "--lang", "fr"])
    assert result.exit_code == 2, result.output
    assert "kpis.yaml:4:" in result.output and "Traceback" not in result.output
    said = " ".join(result.output.split())
    assert "c'est un rapport de campagnes, une ligne par campagne" in said
    for line in ('`emails_delivered: {type: simple, table: email_events, measure: sum("Délivrés"), kind: count}`',
                 '`email_opens: {type: simple, table: email_events, measure: sum("Ouvertures uniques"), kind: count}`',
                 '`email_clicks: {type: simple, table: email_events, measure: sum("Clics uniques"), kind: count}`'):
        assert line in said
    assert "Taux d'ouverture" not in said.split("colonnes de nombres")[1].split("sont des totaux")[0]


def test_the_metrics_the_message_gives_make_the_built_in_rates_right(tmp_path):
    spec = _spec(tmp_path, BREVO, "campagnes.csv", "Date d'envoi")
    with pytest.raises(DataError) as info:
        compute(load_spec(spec), ["email_click_rate"], ["2026-01"])
    lines = info.value.diagnostics[0].message.split("(the built-in rates then read them): ")[1].split("; or ")[0]
    metrics = "metrics:\n" + "".join(f"  {m.strip(' `')}\n" for m in lines.split(";"))
    spec = _spec(tmp_path, BREVO, "campagnes.csv", "Date d'envoi", metrics)
    got = compute(load_spec(spec), ["email_open_rate", "email_click_rate"], ["2026-01", "2026-02"])
    values = [round(float(v.value), 6) for v in got.values()]
    con = duckdb.connect()
    expected = [round(v, 6) for m in ("Ouvertures uniques", "Clics uniques") for (v,) in con.execute(
        f"""SELECT sum("{m}") / sum("Délivrés") FROM read_csv('{tmp_path / "campagnes.csv"}', delim = ';')
            GROUP BY month("Date d'envoi") ORDER BY month("Date d'envoi")""").fetchall()]
    assert values == expected
    assert expected[0] == round((472 + 150) / (1180 + 590), 6)


def test_a_mailchimp_report_s_unique_counts_are_the_ones_given(tmp_path):
    spec = _spec(tmp_path, MAILCHIMP, "campaigns.csv", "Send Date")
    with pytest.raises(DataError) as info:
        compute(load_spec(spec), ["email_open_rate"], ["2026-01"])
    message = info.value.diagnostics[0].message
    assert 'emails_delivered: {type: simple, table: email_events, measure: sum("Successful Deliveries")' in message
    assert 'email_opens: {type: simple, table: email_events, measure: sum("Unique Opens")' in message
    assert 'email_clicks: {type: simple, table: email_events, measure: sum("Unique Clicks")' in message
    assert "Total Opens" not in message and "Open Rate" not in message
