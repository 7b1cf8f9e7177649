"""The scenarios: the article's two stories, the same KPIs met for good reasons, and business as usual.

Each scenario is 2025 as usual, then from `starts` (2026-01-01, or April for the clearance) the levers its
teams pull. `truth` is what the data was
built to deserve (from the construction, never from running the review): see docs/simulation.md.
"""

from __future__ import annotations

from datetime import date

from kpiguard.simulate.levers import Levers, Scenario

BASELINE = Scenario(
    name="baseline",
    title="Business as usual: the same campaigns, acquisition growing 15 % a year, no clearance",
    template=("kpis-email.yaml", "kpis-stock.yaml"),
    kpi_year=Levers(),
    truth={"email-share": "missed", "email-revenue": "missed", "stock-cut": "missed", "dormant-skus": "missed"},
    better_off="yes",
)

EMAIL_PUSH = Scenario(
    name="email-push",
    title="The CRM team chases 25 % of revenue via e-mail: three times the sends while acquisition lags",
    template=("kpis-email.yaml", "kpis-outcome.yaml"),
    kpi_year=Levers(
        campaigns_per_month=12,   # sends triple
        planned_campaigns=4,      # the product team only stocks up for the campaigns it knew about
        email_relevance=0.85,     # the extra sends are promotions: fewer clicks, fewer orders per click
        email_discount=0.15,      # more promotions to make the extra sends pay
        cannibalisation=1.15,     # ... which teach customers to buy through the e-mail's link for its code
        acquisition=0.6,          # acquisition is late (budget moved to CRM, agency change): revenue falls ~14 %
        creatives_per_month=12,
        creative_hit_rate=0.18,
    ),
    # Met on paper: the share passes 25 % because revenue shrank (hollow) while e-mail revenue barely moved,
    # and its trade-offs (open rate, unsubscribes, revenue) broke: toxic, which takes precedence over hollow.
    truth={"email-share": "toxic_success", "email-revenue": "missed", "gross-margin": "missed"},
    better_off="no",
)

STOCK_CLEARANCE = Scenario(
    name="stock-clearance",
    title="From April 2026 the product team clears dormant stock by pushing it on the homepage",
    template=("kpis-stock.yaml", "kpis-outcome.yaml"),
    starts=date(2026, 4, 1),          # Q1 as usual: the objective is set for the rest of the year
    kpi_year=Levers(
        homepage_dormant_share=0.06,   # share of the lines that go to the dormant products on the homepage
        homepage_dormant_slots=4,
        dormant_discount=0.30,
        conversion=0.85,               # visitors who came for something else find it less often
        extra_lines=0.7,               # fewer cross-sells from the homepage
        novelty_boost=1.0,             # new products lose their homepage exposure
    ),
    # The stock falls; conversion, the basket and new-product revenue fall with it.
    truth={"stock-cut": "toxic_success", "dormant-skus": "toxic_success", "gross-margin": "missed"},
    better_off="no",
)

HEALTHY_GROWTH = Scenario(
    name="healthy-growth",
    title="The same e-mail KPIs met for good reasons: better targeting, more acquisition, stock that follows",
    template=("kpis-email.yaml", "kpis-outcome.yaml"),
    kpi_year=Levers(
        campaigns_per_month=6,
        planned_campaigns=6,
        email_relevance=1.2,      # segmented sends: more clicks, more orders per click
        fatigue_sensitivity=0.5,
        acquisition=1.05,         # a little more acquisition: revenue grows ~26 %, e-mail revenue ~70 %
        opt_in=0.8,
    ),
    truth={"email-share": "healthy_success", "email-revenue": "healthy_success", "gross-margin": "healthy_success"},
    better_off="yes",
)

SCENARIOS: dict[str, Scenario] = {s.name: s for s in (EMAIL_PUSH, STOCK_CLEARANCE, HEALTHY_GROWTH, BASELINE)}
