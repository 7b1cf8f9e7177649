"""A folder of monthly exports where one month was saved from Excel as "Unicode text" (UTF-16, tab-separated)
and the others as UTF-8: the engine was told to read every file as UTF-16 from the first one's mark, and failed
("File is not utf-16 encoded"). Each file is now read in its own encoding. Values against a hand-written query
that reads each file in its encoding."""

from __future__ import annotations

import duckdb

from kpiguard.metrics import compute
from kpiguard.spec import load_spec

JANUARY = "Commande\tClient\tDate\tMontant\r\n1\tZoé\t2026-01-05\t10,50\r\n2\tAndré\t2026-01-15\t20,00\r\n"
FEBRUARY = "Commande\tClient\tDate\tMontant\n3\tZoé\t2026-02-02\t30,25\n"


def test_a_folder_with_a_utf16_month_among_utf8_ones_is_read_file_by_file(tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "2026-01.txt").write_bytes(JANUARY.encode("utf-16"))
    (folder / "2026-02.txt").write_text(FEBRUARY, encoding="utf-8")
    (tmp_path / "kpis.yaml").write_text(
        "version: 1\ntimezone: Europe/Paris\ndata:\n  tables: {orders: exports}\n  columns:\n    orders: {order_id: "
        "Commande, customer_id: Client, ordered_at: Date, revenue: Montant}\n", encoding="utf-8")
    got = compute(load_spec(tmp_path / "kpis.yaml"), ["revenue", "active_customers"], ["2026-01", "2026-02", "2026-Q1"])
    con = duckdb.connect()
    con.execute(f"""CREATE VIEW o AS
        SELECT * FROM read_csv('{folder / "2026-01.txt"}', encoding = 'utf-16', delim = '\t', all_varchar = true)
        UNION ALL SELECT * FROM read_csv('{folder / "2026-02.txt"}', delim = '\t', all_varchar = true)""")
    expected = [float(v) for lo, hi in (("2026-01-01", "2026-02-01"), ("2026-02-01", "2026-03-01"),
                                        ("2026-01-01", "2026-04-01"))
                for v in con.execute(f"""SELECT sum(replace(Montant, ',', '.')::DECIMAL(10, 2)), count(DISTINCT Client)
                                         FROM o WHERE Date::DATE >= '{lo}' AND Date::DATE < '{hi}'""").fetchone()]
    assert expected == [30.5, 2.0, 30.25, 1.0, 60.75, 2.0]  # Zoé of both files is one customer
    assert [float(v.value) for v in got.values()] == [expected[0], expected[2], expected[4],
                                                       expected[1], expected[3], expected[5]]
