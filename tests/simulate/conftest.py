"""Small simulated shops shared by the simulate tests (a few thousand customers: seconds, not minutes)."""

from __future__ import annotations

import pytest

from kpiguard.simulate import simulate

TEST_CUSTOMERS = 20000  # the reliable size (RELIABLE_CUSTOMERS), the default and the demo
TEST_SEED = 7


@pytest.fixture(scope="session")
def shop(tmp_path_factory):
    """shop(name) -> SimulationResult, simulated once per session at the test size and seed."""
    cache: dict[str, object] = {}

    def get(name: str):
        if name not in cache:
            cache[name] = simulate(tmp_path_factory.mktemp(name), scenario=name, customers=TEST_CUSTOMERS,
                                   seed=TEST_SEED)
        return cache[name]

    return get
