"""The values the catalog reads in text columns: the statuses of orders and the kinds of e-mail events."""

from __future__ import annotations

# (table, column) -> the canonical values (docs/canonical-schema.md). Only `completed` orders count; the e-mail
# metrics read each event kind. A user's other words are mapped onto these under data.values.
VOCABULARIES: dict[tuple[str, str], tuple[str, ...]] = {
    ("orders", "status"): ("completed", "cancelled", "refunded"),
    ("email_events", "event"): ("sent", "delivered", "open", "click", "unsubscribe", "bounce", "complaint"),
}
# The values some metric counts: a value of the data that reads like one of them (`Completed`, `opened`,
# `Clicked Email`) but is not it is left out of every metric, so it must be mapped.
COUNTED: dict[tuple[str, str], tuple[str, ...]] = {
    ("orders", "status"): ("completed",),
    ("email_events", "event"): ("sent", "delivered", "open", "click", "unsubscribe"),
}
