"""The rules, one per file, grouped in families (folders)."""
