"""The catalog's unit words in each language, singular and plural, for every formatter of values."""

from __future__ import annotations

# The catalog's units are English words: a French reader reads "218 commandes", not "218 orders", and
# "1 référence", not "1 références". A unit the spec writes itself is shown as written.
UNIT_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "orders": {"en": ("order", "orders"), "fr": ("commande", "commandes")},
    "customers": {"en": ("customer", "customers"), "fr": ("client", "clients")},
    "sessions": {"en": ("session", "sessions"), "fr": ("session", "sessions")},
    "visitors": {"en": ("visitor", "visitors"), "fr": ("visiteur", "visiteurs")},
    "recipients": {"en": ("recipient", "recipients"), "fr": ("destinataire", "destinataires")},
    "e-mails": {"en": ("e-mail", "e-mails"), "fr": ("e-mail", "e-mails")},
    "units": {"en": ("unit", "units"), "fr": ("unité", "unités")},
    "SKUs": {"en": ("SKU", "SKUs"), "fr": ("référence", "références")},
    "concepts": {"en": ("concept", "concepts"), "fr": ("concept", "concepts")},
}


def unit_word(unit: str, lang: str, value: float | None = None) -> str:
    """A count's unit in `lang`, singular for 1 (for |x| < 2 in French), when it is a catalog word."""
    forms = UNIT_WORDS.get(unit)
    if forms is None:
        return unit
    singular, plural = forms["fr" if lang == "fr" else "en"]
    if value is None:
        return plural
    one = abs(value) < 2 if lang == "fr" else abs(value) == 1
    return singular if one else plural


__all__ = ["UNIT_WORDS", "unit_word"]
