"""Rules of the collective family."""
