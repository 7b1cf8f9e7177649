"""Write the simulated shop as canonical Parquet tables, one row group per month, byte for byte reproducible."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kpiguard.simulate.levers import CATEGORIES, CHANNELS
from kpiguard.simulate.model import EMAIL_SOURCE, MonthBatch, Shop, as_timestamps_us, day_dates

TS = pa.timestamp("us", tz="UTC")
MONEY = pa.decimal128(18, 2)
TABLES = ("orders", "order_lines", "customers", "products", "email_events", "sessions", "inventory", "creatives")
SCHEMAS = {
    "orders": pa.schema([("order_id", pa.string()), ("customer_id", pa.string()), ("ordered_at", TS),
                         ("revenue", MONEY), ("margin", MONEY), ("status", pa.string()),
                         ("utm_source", pa.string()), ("utm_medium", pa.string()), ("utm_campaign", pa.string())]),
    "order_lines": pa.schema([("order_id", pa.string()), ("product_id", pa.string()), ("quantity", pa.int64()),
                              ("revenue", MONEY)]),
    "customers": pa.schema([("customer_id", pa.string()), ("created_at", TS), ("acquisition_channel", pa.string())]),
    "products": pa.schema([("product_id", pa.string()), ("category", pa.string()), ("launched_at", pa.date32()),
                           ("unit_cost", MONEY), ("list_price", MONEY)]),
    "email_events": pa.schema([("event_at", TS), ("customer_id", pa.string()), ("campaign_id", pa.string()),
                               ("event", pa.string())]),
    "sessions": pa.schema([("session_id", pa.string()), ("started_at", TS), ("visitor_id", pa.string()),
                           ("customer_id", pa.string()), ("source", pa.string()), ("order_id", pa.string())]),
    "inventory": pa.schema([("snapshot_date", pa.date32()), ("product_id", pa.string()), ("on_hand", pa.int64())]),
    "creatives": pa.schema([("creative_id", pa.string()), ("launched_at", TS), ("is_hit", pa.bool_())]),
}
# Fixed writer options: the same data gives the same bytes (no timestamps or random ids in Parquet metadata).
PARQUET_OPTIONS = {"compression": "zstd", "compression_level": 3, "use_dictionary": True,
                   "write_statistics": True, "version": "2.6", "data_page_version": "1.0"}

SOURCE_NAMES = [c[0] for c in CHANNELS] + ["email"]
UTM_SOURCE = [c[2] for c in CHANNELS] + ["newsletter"]
UTM_MEDIUM = [c[3] for c in CHANNELS] + ["email"]
EVENTS = ["sent", "bounce", "open", "click", "unsubscribe", "complaint"]
STATUSES = ["completed", "cancelled", "refunded"]
assert len(SOURCE_NAMES) == EMAIL_SOURCE + 1


def ids(prefix: str, values: np.ndarray) -> pa.Array:
    """Integer ids -> strings with a prefix (C12, O345...); negative ids are nulls."""
    values = np.asarray(values, dtype=np.int64)
    array = pa.array(values, mask=values < 0) if (values < 0).any() else pa.array(values)
    return pc.binary_join_element_wise(prefix, pc.cast(array, pa.string()), "")


def labels(names: list[str | None], codes: np.ndarray) -> pa.Array:
    """Small integer codes -> their names (None names are nulls)."""
    return pc.take(pa.array(names, pa.string()), pa.array(np.asarray(codes, dtype=np.int64)))


def money(values: np.ndarray) -> pa.Array:
    """Amounts -> decimal(18, 2), built from exact cents."""
    cents = np.round(np.asarray(values, dtype=np.float64) * 100).astype(np.int64)
    buffer = np.empty((len(cents), 2), dtype=np.int64)
    buffer[:, 0] = cents
    buffer[:, 1] = cents >> 63  # sign extension to 128 bits (little-endian)
    return pa.Array.from_buffers(MONEY, len(cents), [None, pa.py_buffer(buffer)])


class ShopWriter:
    """One Parquet writer per table, written to a temporary name and renamed when every table is complete."""

    def __init__(self, data_dir: Path, shop: Shop):
        self.dir = data_dir
        self.shop = shop
        data_dir.mkdir(parents=True, exist_ok=True)
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.rows = dict.fromkeys(TABLES, 0)
        try:
            for name in TABLES:
                self.writers[name] = pq.ParquetWriter(self._tmp(name), SCHEMAS[name], **PARQUET_OPTIONS)
        except BaseException:  # a full disk, Ctrl-C: no temporary file is left behind
            self.abort()
            raise

    def _tmp(self, name: str) -> Path:
        return self.dir / f".{name}.parquet.tmp"

    def path(self, name: str) -> Path:
        return self.dir / f"{name}.parquet"

    def _write(self, name: str, columns: list[pa.Array]) -> None:
        table = pa.Table.from_arrays(columns, schema=SCHEMAS[name])
        if table.num_rows:
            self.writers[name].write_table(table, row_group_size=4_000_000)
            self.rows[name] += table.num_rows

    def write_month(self, batch: MonthBatch) -> None:
        shop = self.shop
        ts = lambda days: pa.array(as_timestamps_us(shop.epoch_us, days), TS)
        o = batch.orders
        campaigns = np.array(batch.campaigns + [None], dtype=object)
        self._write("orders", [
            ids("O", o["order"]), ids("C", o["customer"]), ts(o["time"]), money(o["revenue"]), money(o["margin"]),
            labels(STATUSES, o["status"]), labels(UTM_SOURCE, o["source"]), labels(UTM_MEDIUM, o["source"]),
            labels(list(campaigns), np.where(o["campaign"] >= 0, o["campaign"], len(batch.campaigns))),
        ])
        lines = batch.order_lines
        self._write("order_lines", [ids("O", lines["order"]), ids("P", lines["product"]),
                                    pa.array(lines["quantity"], pa.int64()), money(lines["revenue"])])
        c = batch.customers
        self._write("customers", [ids("C", c["customer"]), ts(c["time"]), labels(SOURCE_NAMES, c["channel"])])
        e = batch.email_events
        # Opens and clicks of the last campaigns may come after the data ends: they are not in the data yet.
        order = np.lexsort((e["customer"], e["time"]))
        order = order[e["time"][order] < shop.total_days]
        self._write("email_events", [ts(e["time"][order]), ids("C", e["customer"][order]),
                                     labels(batch.campaigns, e["campaign"][order]), labels(EVENTS, e["event"][order])])
        s = batch.sessions
        # Known customers' visitor ids and anonymous prospects' ones are numbered apart: VC12 and VA12 differ.
        visitor = pc.binary_join_element_wise(labels(["VA", "VC"], s["known"]),
                                              pc.cast(pa.array(s["visitor"], pa.int64()), pa.string()), "")
        self._write("sessions", [ids("S", s["session"]), ts(s["time"]), visitor, ids("C", s["customer"]),
                                 labels(SOURCE_NAMES, s["source"]), ids("O", s["order"])])
        inv = batch.inventory
        self._write("inventory", [pa.array(day_dates(shop.start, inv["day"]), pa.date32()), ids("P", inv["product"]),
                                  pa.array(inv["on_hand"], pa.int64())])
        cr = batch.creatives
        self._write("creatives", [ids("K", cr["creative"]), ts(cr["time"]), pa.array(cr["is_hit"], pa.bool_())])

    def write_products(self) -> None:
        cat = self.shop.catalogue
        n = len(cat.price)
        names = [c[0] for c in CATEGORIES]
        self._write("products", [ids("P", np.arange(n)), labels(names, cat.category),
                                 pa.array(day_dates(self.shop.start, cat.launch_day), pa.date32()),
                                 money(cat.unit_cost), money(cat.price)])

    def close(self) -> dict[str, Path]:
        for writer in self.writers.values():
            writer.close()
        paths = {}
        for name in TABLES:
            os.replace(self._tmp(name), self.path(name))
            paths[name] = self.path(name)
        return paths

    def abort(self) -> None:
        for name in TABLES:  # a table whose writer was being opened has its file too
            try:
                if name in self.writers:
                    self.writers[name].close()
            finally:
                self._tmp(name).unlink(missing_ok=True)
