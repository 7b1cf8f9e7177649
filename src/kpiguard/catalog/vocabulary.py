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
# How shops and e-mail tools write these values in their exports (Shopify, WooCommerce, PrestaShop, Magento,
# Klaviyo, Brevo, Mailchimp), in English and French, as the beginnings of words once accents are dropped: a value
# is taken to mean kpiguard's when one of its words starts with one of these. Used to suggest a data.values entry
# and to tell that a value kpiguard does not read stands for a kind of event the column lacks (Brevo's `Ouvert`
# in a column without `open`); never to read a value without the user's mapping.
SYNONYMS: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {
    ("orders", "status"): {
        "completed": ("complete", "paid", "paye", "livre", "fulfilled", "shipped", "expedie", "termine",
                      "delivered", "accepte"),
        "cancelled": ("cancel", "annul", "void"),
        "refunded": ("refund", "rembours"),
    },
    ("email_events", "event"): {
        "sent": ("sent", "send", "envoi", "envoy"),
        "delivered": ("deliver", "delivr", "received", "recu"),
        "open": ("open", "ouvert", "ouvr"),
        "click": ("click", "clic", "cliqu"),
        "unsubscribe": ("unsub", "desinscr", "desabonn", "optout"),
        "bounce": ("bounce", "rebond", "bounced"),
        "complaint": ("complain", "spam", "plainte"),
    },
}
