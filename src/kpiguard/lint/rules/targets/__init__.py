"""Rules of the targets family."""
