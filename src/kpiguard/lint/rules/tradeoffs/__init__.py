"""Rules of the tradeoffs family."""
