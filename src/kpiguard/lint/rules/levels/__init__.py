"""Rules of the levels family."""
