"""Rules of the noqa family."""
