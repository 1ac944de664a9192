"""natosim's monthly engine ported to NumPy, vectorised across runs (issue 15's yardstick).

One model of the embedded defaults with every parameter fixed at its nominal value
(the workload of ``crates/natosim-core/examples/runs.rs``: ``Engine::new`` on
``Scenario::defaults()``, aleatory randomness only), written the way a competent NumPy
programmer would write it: the run state is a set of arrays of shape ``(runs, members)``
or ``(runs,)``, each month advances every run at once, branches are boolean masks and
``np.where``, and the Baltic fights (the run's own fight, Russia's ten planning fights and
the January bisection for ``forces_to_hold``) are stepped for all runs (and all planning
points) together, finished lanes dropped as they finish.

Every formula is the Rust engine's (``crates/natosim-core/src/engine/**``,
``submodels/**``), step by step in the same order; the parameters are read from the very
files the engine embeds (``defaults.toml`` through ``tomllib``, ``data/*.csv``). The random
numbers are numpy's PCG64, not natosim's streams, so results agree in distribution, not in
bits. Usage::

    from numpy_model import Model
    m = Model("status-quo")
    metrics = m.run(2000, seed=1)    # dict: metric name -> array of 2000 per-run values

Branches a status-quo run never takes are not ported and are refused at set-up
(``Model.__init__`` checks): decision rules other than consensus, an institution still
being built, a US exit attempt or exit date, the bargaining-chip and China-pivot
withdrawal reasons, common funding and Russia's replanning interval > 1. Everything a
status-quo run executes is here.
"""

from __future__ import annotations

import csv
import math
import pathlib
import tomllib

import numpy as np
from time import process_time as _clock

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORE = ROOT / "crates" / "natosim-core"

FLANKS = ["east", "north", "centre", "south", "southeast", "north_america"]
LEVELS = {"high": "level_high", "medium": "level_medium", "low": "level_low"}
BALTIC_STATES = ("EST", "LVA", "LTU")
KINDS = ["hybrid", "eastern_military", "south", "arctic"]
HYBRID_KINDS = ["disinformation", "cyber", "sabotage", "migration"]
ISSUES = 3
# The fight's step bounds (submodels/baltic/mod.rs).
DT_MIN, DT_MAX, STEP_KM = 0.25, 2.0, 25.0
# Russia's planning design (submodels/baltic/conditions.rs).
DESIGN_A = [1, 2, 3, 4, 2]
DESIGN_B = [0, 1, 3, 2, 4]
POINTS = 5

METRICS = [
    "cohesion", "capacity_to_act", "decision_days", "deterrence", "conventional_deterrence",
    "nuclear_credibility", "european_burden_share", "europe_spending_gdp_final",
    "europe_spending_busd_final", "spending_spread_final", "free_riding_final", "us_trust",
    "p_attack", "p_paralysis", "p_fragmentation", "baltic_days", "forces_to_hold",
    "p_capitals_lost", "p_escalation_horizontal", "p_escalation_vertical", "p_ukraine_war",
    "host_stability", "p_is_resurgence", "p_baltic_held", "response_days",
    "reinforcing_share", "russia_nuclear_risk", "institution_built_final",
    "grey_zone_pressure", "forces_elsewhere", "p_attack_transition",
    "attack_hazard_transition", "attack_hazard_end", "deterrence_transition",
    "deterrence_end", "cohesion_transition", "cohesion_end", "europe_related_gdp_final",
    "europe_total_gdp_final", "fiscal_bound_final",
]


# --------------------------------------------------------------------------- set-up


def ym(text: str) -> int:
    """'YYYY-MM' as a month count (time.rs: YearMonth)."""
    y, m = text.split("-")
    return int(y) * 12 + int(m) - 1


def path_value(path, at: int) -> float:
    """scenario/sections.rs: path_value (piecewise linear in years)."""
    x = at / 12.0
    pts = [(ym(p["at"]) / 12.0, float(p["value"])) for p in path]
    for i, (xp, _) in enumerate(pts):
        if xp > x:
            if i == 0:
                return pts[0][1]
            (xa, va), (xb, vb) = pts[i - 1], pts[i]
            return va + (vb - va) * (x - xa) / (xb - xa)
    return pts[-1][1]


def window_level(intensity, start, end, date) -> float:
    return intensity if ym(start) <= date <= ym(end) else 0.0


def by(when: str, date: int) -> bool:
    """When::by: the month has come (never for "never")."""
    return when != "never" and ym(when) <= date


def read_csv(name: str):
    with open(CORE / "data" / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def opt(x: str):
    return float(x) if x.strip() else None


def logistic(x):
    return 1.0 / (1.0 + np.exp(-x))


def triangular(u):
    """Inverse CDF of the symmetric triangular distribution on [-1, 1]."""
    u = np.clip(u, 0.0, 1.0)
    return np.where(u < 0.5, -1.0 + np.sqrt(2.0 * u), 1.0 - np.sqrt(2.0 * (1.0 - u)))


class Model:
    """One model of the embedded defaults, prepared once (engine/prepare.rs, fiscal.rs)."""

    def __init__(self, model: str = "status-quo"):
        self.stats = None  # set to {} to count the fights' steps
        with open(CORE / "defaults.toml", "rb") as f:
            sc = tomllib.load(f)
        self.sc = sc
        inst = sc["models"][model]
        self.inst = inst
        p = sc["perception"]
        sp = sc["spending"]
        b = sc["baltic"]
        k = sc["conflicts"]

        # Refuse what is not ported (branches a status-quo run never takes).
        assert inst["decision_rule"] == "consensus" and inst["inherited_rule"] == "consensus"
        assert inst["implementation_years_max"] == 0.0 and inst["implementation_success"] == 1.0
        assert inst["us_exit"] == "never"
        assert k["exit_attempt"]["at"] == "never"
        assert sc["us"]["withdrawal"]["reason"] in ("none", "russia-deal")
        assert inst["common_funding_eur_bn"] == 0.0
        assert sc["russia"]["replanning_months"] == 1

        # ---- members (data.rs: sorted by iso3)
        rows = {r["iso3"]: r for r in read_csv("nato_members_2024.csv")}
        pos = {r["iso3"]: r for r in read_csv("positions.csv")}
        fis = {r["iso3"]: r for r in read_csv("fiscal_2024.csv")}
        isos = sorted(rows)
        self.iso = isos
        n = self.n = len(isos)
        col = lambda f: np.array([f(i) for i in isos], dtype=float)  # noqa: E731
        self.gdp0 = col(lambda i: float(rows[i]["gdp_2024_busd"]))
        share = [opt(rows[i]["milex_share_2024"]) for i in isos]
        self.has_forces = np.array([s is not None for s in share])
        self.share0 = np.array([s or 0.0 for s in share])
        flank = [FLANKS.index(pos[i]["flank"]) for i in isos]
        self.flank = np.array(flank)
        self.european = np.array([pos[i]["flank"] != "north_america" for i in isos])
        avail = [sc["forces"]["availability"][f] for f in FLANKS]
        self.availability = np.array([avail[f] for f in flank])
        lvl = lambda s: p[LEVELS[s]]  # noqa: E731
        w = p["war_risk_weight"]
        self.threat_base = col(
            lambda i: (1 - w) * lvl(pos[i]["tension"]) + w * lvl(pos[i]["war_risk"])
        )
        self.ideal = np.array(
            [[float(pos[i]["china_stance"]), float(pos[i]["ukraine_membership"]),
              float(pos[i]["south_weight"])] for i in isos]
        )
        self.south_weight = col(lambda i: float(pos[i]["south_weight"]))
        self.orientation = col(lambda i: float(pos[i]["orientation"]))
        self.veto = col(lambda i: float(pos[i]["veto_propensity"]))
        self.risk_aversion = col(lambda i: float(pos[i]["risk_aversion"]))
        self.china = col(lambda i: float(pos[i]["china_stance"]))
        self.nuclear_attitude = col(lambda i: float(pos[i]["nuclear_attitude"]))
        self.nuclear_included = np.array([rows[i]["nuclear_status"] != "none" for i in isos])
        gdps = sorted(self.gdp0[self.european])
        median = gdps[len(gdps) // 2]
        self.free_riding = np.where(
            self.gdp0 < median, sp["free_riding"] * sp["small_ally_free_riding"], sp["free_riding"]
        )
        personnel = [opt(rows[i]["active_personnel_k"]) for i in isos]
        self.brigades0 = np.array([(x or 0.0) * 1000.0 / b["troops_per_brigade"] for x in personnel])
        self.baltic = np.array([i in BALTIC_STATES for i in isos])
        lo, hi = self.threat_base.min(), self.threat_base.max()
        mid, span = 0.5 * (lo + hi), max(hi - lo, 1e-9)
        hy = sc["hybrid"]
        self.hybrid_threshold = np.clip(
            hy["article5_threshold"] - hy["threshold_dispersion"] * (self.threat_base - mid) / span * 2.0,
            0.0, 1.0,
        )
        self.greenland_factor = np.where(self.flank == 1, k["greenland"]["north_factor"], 1.0)
        self.deal_factor = np.where(self.flank == 0, k["russia_deal"]["east_factor"], 1.0)
        self.us = isos.index("USA")
        us = self.us
        self.not_us = np.arange(n) != us
        self.us_capability_per_troop = (
            float(rows["USA"]["milex_2024_musd"]) / 1000.0 / (float(rows["USA"]["active_personnel_k"]) * 1000.0)
        )
        self.us_china = self.china[us]
        self.eu_efficiency = 1.0 + sc["forces"]["integration_efficiency"] * inst["procurement_integration"]

        # ---- months and scenario-wide shocks (prepare.rs: MonthlyShocks)
        start, end = ym(sc["scenario"]["start"]), ym(sc["scenario"]["end"])
        self.start = start
        T = self.months = end - start + 1
        dates = [start + t for t in range(T)]
        self.dates = dates
        self.us_member = np.array([True] * T)
        self.us_troops = np.array([max(path_value(inst["us_troops"], d), 0.0) for d in dates])
        self.us_enablers = np.array([min(max(path_value(inst["us_enablers"], d), 0.0), 1.0) for d in dates])
        arctic = np.array([sc["arctic"]["presence"] if by(sc["arctic"]["sentry_start"], d) else 0.0 for d in dates])
        withdrawal = np.array([min(max(path_value(sc["us"]["withdrawal"]["scale"], d), 0.0), 1.0) for d in dates])
        deal = np.array([window_level(k["russia_deal"]["intensity"], k["russia_deal"]["start"], k["russia_deal"]["end"], d) for d in dates])
        if sc["us"]["withdrawal"]["reason"] == "russia-deal":
            deal = np.where(withdrawal < 1.0, np.maximum(deal, 1.0), deal)
        tariffs = np.array([window_level(k["tariffs"]["intensity"], k["tariffs"]["start"], k["tariffs"]["end"], d) for d in dates])
        self.sh = dict(
            tariffs=tariffs,
            greenland=np.array([window_level(k["greenland"]["intensity"], k["greenland"]["start"], k["greenland"]["end"], d) for d in dates])
            * (1.0 - sc["arctic"]["greenland_damping"] * arctic),
            russia_deal=deal,
            absences=np.array([window_level(k["absences"]["intensity"], k["absences"]["start"], k["absences"]["end"], d) for d in dates]),
            withdrawal=withdrawal,
            forward_brigades=np.array([max(path_value(b["forward_brigades"], d), 0.0) for d in dates]),
            arctic=arctic,
            ukraine=np.array([d >= ym(sc["ukraine"]["start"]) for d in dates]),
            mission=np.array([not by(sc["south"]["mission_end"], d) for d in dates]),
            coalition=np.array([not by(sc["south"]["coalition_withdrawal"], d) for d in dates]),
            europe_growth=(1.0 + (sp["gdp_growth_europe"] - k["tariffs"]["gdp_growth_hit"] * tariffs) / 100.0) ** (1.0 / 12.0),
        )
        self.ukr = sc["ukraine"]["options"][sc["ukraine"]["option"]]

        # ---- fiscal set-up (engine/fiscal.rs)
        debt = col(lambda i: float(fis[i]["gg_debt_pct_gdp"]))
        bal = col(lambda i: float(fis[i]["gg_balance_pct_gdp"]))
        stress = np.maximum(debt / sp["debt_reference"] - 1, 0) + np.maximum(-bal / sp["deficit_reference"] - 1, 0)
        eu_member = np.array([rows[i]["eu_member"] == "yes" for i in isos])
        borrower = eu_member & (stress > 0)
        bgdp = self.gdp0[borrower].sum()
        safe_years = max(sp["safe_end"] - 2025 + 1, 1)
        safe_total = sp["safe_loans_eur_bn"] * sp["usd_per_eur"] * sp["eu_instruments"] / safe_years
        self.safe_busd = np.where(borrower & (bgdp > 0), safe_total * self.gdp0 / max(bgdp, 1e-300), 0.0)
        self.room_per_year = sp["fiscal_room_pp"] / (1.0 + sp["fiscal_drag"] * stress)
        esc = np.array([fis[i]["escape_clause_2025"] == "yes" for i in isos])
        self.escape_pp = np.where(esc, sp["escape_clause_pp"] * sp["eu_instruments"], 0.0)
        self.base_total = self.share0 + sp["related_initial"]
        decay = max(1.0 - p["crisis_salience_decay"], 0.01)
        cr = sc["crises"]
        self.bump_ref = sum(
            cr[kd]["rate_per_month"] * np.array([cr[kd]["salience"][FLANKS[f]] for f in flank])
            for kd in KINDS if cr[kd]["russian_driven"]
        ) * p["crisis_salience_gain"] / decay
        monthly = lambda g: max(1.0 + g / 100.0, 1e-6) ** (1.0 / 12.0)  # noqa: E731
        if sp["growth_from_data"]:
            self.growth = np.array([monthly(float(fis[i]["real_growth_medium_term"])) for i in isos])
        else:
            self.growth = np.array([monthly(sp["gdp_growth_europe"] if e else sp["gdp_growth_north_america"]) for e in self.european])
        self.europe_base = monthly(sp["gdp_growth_europe"])
        f = sc["forces"]
        absorb_year = f["equipment_share"] * f["max_industry_growth"] + (1 - f["equipment_share"]) * f["max_personnel_growth"]
        self.absorb_month = (1.0 + absorb_year) ** (1.0 / 12.0)
        self.lag = f["procurement_lag_months"] + 1

        # ---- crises: per kind, the flank salience of each member
        self.crisis = []
        for kd in KINDS:
            ct = dict(cr[kd])
            ct["kind"] = kd
            ct["sal_m"] = np.array([ct["salience"][FLANKS[fl]] for fl in flank])
            ct["bump"] = p["crisis_salience_gain"] * ct["sal_m"]
            self.crisis.append(ct)
        mix = np.array([hy["mix"][x] for x in HYBRID_KINDS])
        self.hybrid_cum = np.cumsum(mix / mix.sum())
        self.hybrid_sev = np.array([hy["severity"][x] for x in HYBRID_KINDS])

        # ---- the institution as built (state.rs: Engine::built): complete from the start
        assert by(inst["implementation_start"], start)
        self.built_level = 1.0
        self.delegation = inst["competence_delegation"]
        self.friction = inst["bureaucratic_friction"]
        self.sovereignty_cost = inst["sovereignty_cost"]
        self.nuclear_dimension = inst["european_nuclear_dimension"]

        # ---- the planning design (conditions.rs: perceived), the same in every run
        u = np.full((POINTS, 7), 0.5)
        for kk in range(POINTS):
            for j in range(5):
                u[kk, 2 + j] = ((DESIGN_A[j] * kk + DESIGN_B[j]) % POINTS + 0.5) / POINTS
        self.design = dict(
            allied_readiness=b["allied_readiness_min"] + (1 - b["allied_readiness_min"]) * u[:, 2],
            lethality=np.exp(b["lethality_spread"] * triangular(u[:, 3])),
            exchange=np.exp(b["exchange_spread"] * triangular(u[:, 4])),
            max_advance=b["max_advance_km_per_day"] * np.exp(b["mobility_spread"] * triangular(u[:, 5])),
            weather=b["weather_min"] + (1 - b["weather_min"]) * u[:, 6],
        )
        self.fa_w = b["fait_accompli_days"] ** b["deterrence_steepness"]

        # ---- the noise-free spin-up (positions.rs), once per engine
        self.pos0 = self.ideal.copy()[None]
        lead0 = inst["hegemonic_leadership"] if self.us_member[0] else 0.0
        for _ in range(sc["cohesion"]["spin_up_months"]):
            self.bargain(self.pos0, self.gdp0[None], np.array([lead0]), bool(self.us_member[0]), None)

    # ----------------------------------------------------------------- helpers

    def target(self, year: int):
        """Scenario::target: the (core, related) target in a year."""
        t = self.sc["spending"]["targets"]
        for i, pt in enumerate(t):
            if pt["year"] > year:
                if i == 0:
                    return pt["core"], pt["related"]
                a, bb = t[i - 1], pt
                f = (year - a["year"]) / (bb["year"] - a["year"])
                return a["core"] + (bb["core"] - a["core"]) * f, a["related"] + (bb["related"] - a["related"]) * f
        return t[-1]["core"], t[-1]["related"]

    def posture(self, t: int):
        """month/posture.rs: the US posture (no exit attempt, no chip: the same in every run)."""
        sc, sh = self.sc, self.sh
        k = sc["conflicts"]
        member = bool(self.us_member[t])
        signals = min(k["russia_deal"]["nuclear_signal"] * sh["russia_deal"][t] + k["absences"]["nuclear_signal"] * sh["absences"][t], 1.0)
        if not member:
            return dict(member=False, troops=0.0, enablers=0.0, presence=0.0, signals=signals)
        w = sh["withdrawal"][t]
        troops = self.us_troops[t] * w
        return dict(member=True, troops=troops, enablers=self.us_enablers[t] * w,
                    presence=min(troops / sc["us"]["troops_reference"], 1.0), signals=signals)

    def us_forces(self, us) -> float:
        if not us["member"]:
            return 0.0
        p = self.sc["us"]
        return self.us_capability_per_troop * (us["troops"] + p["reinforcement_troops"] * p["reinforcement_share_30d"] * us["presence"])

    def bargain(self, pos, gdp, leadership, us_in, z):
        """positions.rs: one month of spatial bargaining over pos (R, N, 3); returns alignment (R,)."""
        h = self.sc["cohesion"]
        pull = h["position_pull"] * (1.0 + self.inst["competence_delegation"])
        w = gdp.copy()
        w[:, self.us] = gdp[:, self.us] * (1.0 + h["leader_weight"] * leadership) if us_in else 0.0
        total = w.sum(1)
        centre = np.matmul(w[:, None, :], pos)[:, 0, :] / total[:, None]
        x = pos + pull * (centre[:, None, :] - pos) + h["home_pull"] * (self.ideal[None] - pos)
        if z is not None:
            x += h["position_noise"] * z
        np.clip(x, 0.0, 1.0, out=pos)
        dev = pos - centre[:, None, :]
        var = np.matmul(w[:, None, :], dev * dev)[:, 0, :]
        spread = np.sqrt(var / total[:, None]).sum(1) / ISSUES
        return np.clip(1.0 - 2.0 * spread, 0.0, 1.0)

    # ----------------------------------------------------------------- the Baltic fight

    def fight(self, L: dict, fog=None):
        """submodels/baltic/mod.rs: fight, for all lanes at once. L holds per-lane arrays:
        pool, conc, rr, ar, leth, exch, adv, weather, day0h, day0l, tiers (3 x (start, end, h, l)),
        air, air_start. fog: (lanes, days) table of daily fog factors or None.
        Returns (days to the capitals, NaN where the defence held).

        Every lane takes the scalar fight's steps; a lane that has finished keeps stepping
        (its outcome is recorded and never overwritten) until the live lanes are at most
        half of those stepped, when the arrays are compacted to the live lanes."""
        t_start = _clock()
        b = self.sc["baltic"]
        horizon, dist, rb = b["horizon_days"], b["distance_km"], b["breakthrough_ratio"]
        lcp, obs, lobs = b["light_combat_power"], b["obstruction"], b["light_obstruction"]
        follow_days, inv_t1 = b["russia_follow_on_days"], 1.0 / b["tier1_days"]
        inv_air, inv_rb, inv_follow = 1.0 / max(b["air_ramp_days"], 1e-9), 1.0 / rb, 1.0 / follow_days
        mx, mn = np.maximum, np.minimum
        n = L["pool"].shape[0]
        out = np.full(n, np.nan)
        mass = mx(L["pool"], 0.0) * L["conc"]
        a = mass * L["rr"]
        later = mass * (1.0 - L["rr"]) + mass * b["russia_follow_on"]
        culm = b["culmination"] * (a + later)
        kill_d = b["defender_lethality"] * L["leth"] * L["exch"]
        kill_a = b["attacker_lethality"] * L["leth"] / L["exch"]
        late_h = L["day0h"] * (1.0 - L["ar"])
        late_l = L["day0l"] * (1.0 - L["ar"])
        heavy = mx(L["day0h"] * L["ar"], 0.0)
        light = mx(L["day0l"] * L["ar"], 0.0)
        tiers = [(s, 1.0 / (e - s), h, l) for s, e, h, l in L["tiers"]]
        air = L["air"] * L["weather"]
        air_start, adv = L["air_start"], L["adv"]
        idx = np.arange(n)
        live = np.ones(n, bool)
        steps = stepped = 0
        x, t, in_h, in_l, follow_prev = (np.zeros(n) for _ in range(5))
        last_day = None if fog is None else fog.shape[1] - 1
        with np.errstate(all="ignore"):  # finished lanes may run past the horizon
            while True:
                power = heavy + lcp * light
                push = mn(mx((a / mx(power, 1e-9) - rb) * inv_rb, 0.0), 1.0)
                speed = adv * push / (1.0 + obs * (heavy + lobs * light))
                if fog is not None:
                    speed *= fog[idx, mn(mx(t, 0.0), last_day).astype(np.int64)]
                dt = np.where(speed > 0.0, mn(mx(STEP_KM / speed, DT_MIN), DT_MAX), DT_MAX)
                dt = mn(dt, horizon - t)
                x_new = x + speed * dt
                fell = live & (x_new >= dist)
                if fell.any():
                    out[idx[fell]] = t[fell] + (dist - x[fell]) / speed[fell]
                ramp = mn(mx((t - air_start) * inv_air, 0.0), 1.0)
                a_loss = (kill_d * power + air * ramp) * dt
                in_place = heavy + light
                d_loss = mn(kill_a * a * dt, in_place)
                share = np.where(in_place > 0.0, heavy / in_place, 0.0)
                heavy = heavy - d_loss * share
                light = light - d_loss * (1.0 - share)
                t = t + dt
                x = x_new
                follow_now = later * mn(t * inv_follow, 1.0)
                a = mx(a - a_loss, 0.0) + (follow_now - follow_prev)
                follow_prev = follow_now
                s_late = mn(mx(t * inv_t1, 0.0), 1.0)
                now_h, now_l = late_h * s_late, late_l * s_late
                for s_, i_, h_, l_ in tiers:
                    arr = mn(mx((t - s_) * i_, 0.0), 1.0)
                    now_h = now_h + h_ * arr
                    now_l = now_l + l_ * arr
                heavy = mx(heavy + now_h - in_h, 0.0)
                light = mx(light + now_l - in_l, 0.0)
                in_h, in_l = now_h, now_l
                power = heavy + lcp * light
                decided = (t >= follow_days) & (
                    (a < culm) | ((a < rb * power) & (kill_d * power * power >= kill_a * a * a))
                )
                steps += 1
                stepped += live.size
                live &= ~(fell | decided | (t >= horizon))
                alive = np.count_nonzero(live)
                if not alive:
                    break
                if 2 * alive <= live.size:
                    k = live
                    (idx, live, a, later, culm, kill_d, kill_a, late_h, late_l, heavy, light, air,
                     air_start, adv, x, t, in_h, in_l, follow_prev) = (
                        v[k] for v in (idx, live, a, later, culm, kill_d, kill_a, late_h, late_l,
                                       heavy, light, air, air_start, adv, x, t, in_h, in_l, follow_prev))
                    tiers = [tuple(v[k] for v in tier) for tier in tiers]
        if self.stats is not None:
            key = "fog" if fog is not None else "planning"
            st = self.stats.setdefault(key, [0, 0, 0, 0, 0.0])
            st[0] += 1          # calls (each over many lanes)
            st[1] += n          # fights
            st[2] += steps      # lockstep steps
            st[3] += stepped    # lane-steps computed (finished lanes included until compaction)
            st[4] += _clock() - t_start  # seconds
        return out

    def baltic_forces(self, S, t, russia, us, europeans):
        """deterrence.rs: baltic_forces with (us given) or without the US; arrays over runs."""
        sc = self.sc
        b = sc["baltic"]
        national, available = europeans
        ub = self.ukr["european_brigades"] if self.sh["ukraine"][t] else 0.0
        european = np.maximum(available - ub, 0.0)
        if us is not None and us["member"]:
            tpb = b["troops_per_brigade"]
            fwd = us["troops"] * b["us_forward_share"] / tpb
            rest = (us["troops"] * (1 - b["us_forward_share"]) + sc["us"]["reinforcement_troops"]
                    * sc["us"]["reinforcement_share_30d"] * us["presence"]) / tpb
            enab = us["enablers"]
        else:
            fwd, rest, enab = 0.0, 0.0, 0.0
        eh, uh = b["european_heavy_share"], b["us_heavy_share"]
        pool_h = european * eh + max(rest, 0.0) * uh
        pool_l = european * (1 - eh) + max(rest, 0.0) * (1 - uh)
        gross = pool_h + pool_l
        net = np.maximum(gross - np.maximum(S["forces_elsewhere"], 0.0), 0.0)
        committed = np.clip(S["reinforcing_share"], 0.0, 1.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            scale = np.where(gross > 0.0, net / gross, 0.0) * committed
        pool_h, pool_l = pool_h * scale, pool_l * scale
        extra = np.maximum(b["european_reinforcement_brigades"] * committed, 0.0)
        release = np.maximum(S["response_days"], 0.0)
        beyond = 1.0 - b["tier1_share"]
        fb = self.sh["forward_brigades"][t]
        nh, fh = b["national_heavy_share"], b["forward_heavy_share"]
        nat = np.maximum(national, 0.0)
        tiers = []
        for (lo, hi), k in (((0.0, b["tier1_days"]), b["tier1_share"]),
                            ((b["tier1_days"], b["tier2_days"]), beyond * b["tier2_share"]),
                            ((b["tier2_days"], b["tier3_days"]), beyond * (1 - b["tier2_share"]))):
            th, tl = pool_h * k, pool_l * k
            if lo == 0.0:
                th, tl = th + extra * eh, tl + extra * (1 - eh)
            tiers.append((release + lo, release + hi, th, tl))
        tied = self.ukr["russia_tied"] if self.sh["ukraine"][t] else 0.0
        return dict(
            day0h=nat * nh + fb * fh + max(fwd, 0.0) * uh,
            day0l=nat * (1 - nh) + fb * (1 - fh) + max(fwd, 0.0) * (1 - uh),
            tiers=tiers,
            air=b["air_attrition"] * np.maximum(enab, S["eu_enablers"]),
            air_start=release,
            pool=b["russia_brigades"] * russia * (1.0 - tied) * np.ones_like(release),
        )

    def european_brigades(self, S):
        b = self.sc["baltic"]
        m = self.has_forces & self.not_us
        base = np.maximum(self.share0 / 100.0 * self.gdp0, 1e-9)
        brig = np.where(m, self.brigades0 / base, 0.0) * S["capability"]
        national = brig[:, self.baltic & m].sum(1)
        other = m & ~self.baltic
        available = (brig[:, other] * (b["european_readiness"] * self.availability[other])).sum(1)
        return national, available

    @staticmethod
    def _lanes(F, C, rep: int):
        """Forces F and conditions C (arrays over runs), each repeated rep times per run."""
        def r(v):
            return np.repeat(v, rep)
        L = {k: r(F[k]) for k in ("day0h", "day0l", "air", "air_start", "pool")}
        L["tiers"] = [tuple(r(v) for v in tier) for tier in F["tiers"]]
        L.update({k: r(C[k]) for k in ("conc", "rr")})
        return L

    def planning(self, S, Fwith, Fwithout):
        """baltic::russia_success_with_and_without over the five design points (fog-free)."""
        R = Fwith["pool"].shape[0]
        d = self.design
        groups = [Fwith] + ([Fwithout] if Fwithout is not None else [])
        Ls = [self._lanes(F, S["cond"], POINTS) for F in groups]
        L = {k: np.concatenate([x[k] for x in Ls]) for k in Ls[0] if k != "tiers"}
        L["tiers"] = [tuple(np.concatenate([x["tiers"][j][q] for x in Ls]) for q in range(4)) for j in range(3)]
        reps = R * len(groups)
        for k_src, k_dst in (("allied_readiness", "ar"), ("lethality", "leth"), ("exchange", "exch"),
                             ("max_advance", "adv"), ("weather", "weather")):
            L[k_dst] = np.tile(d[k_src], reps)
        days = self.fight(L)
        k = self.sc["baltic"]["deterrence_steepness"]
        with np.errstate(invalid="ignore"):
            fa = np.where(np.isnan(days), 0.0, self.fa_w / (np.maximum(days, 0.0) ** k + self.fa_w))
        fa = fa.reshape(len(groups), R, POINTS).mean(2)
        return fa[0], (fa[1] if Fwithout is not None else fa[0])

    def own_lanes(self, S, F, extra=None, sel=None):
        """The run's own fight (with fog) for runs sel, with extra heavy brigades on day 0."""
        C = S["cond"]
        pick = (lambda v: v) if sel is None else (lambda v: v[sel])
        L = {k: pick(F[k]) for k in ("day0l", "air", "air_start", "pool")}
        L["day0h"] = pick(F["day0h"]) + (0.0 if extra is None else extra)
        L["tiers"] = [tuple(pick(v) for v in tier) for tier in F["tiers"]]
        for k in ("conc", "rr", "ar", "leth", "exch", "adv", "weather"):
            L[k] = pick(C[k])
        return L, pick(S["fog"])

    def assess(self, S, t, russia, us, own=True):
        """deterrence.rs: assess (the run's own fight, Russia's planning, nuclear credibility)."""
        d = self.sc["deterrence"]
        europeans = self.european_brigades(S)
        F = self.baltic_forces(S, t, russia, us, europeans)
        days = None
        if own:
            L, fog = self.own_lanes(S, F)
            days = self.fight(L, fog)
        Feu = self.baltic_forces(S, t, russia, None, europeans) if us["member"] else None
        succ, succ_eu = self.planning(S, F, Feu)
        conv, conv_eu = 1.0 - succ, 1.0 - succ_eu
        nuc, nuc_eu = self.nuclear_credibility(S, us)
        return dict(
            conventional=conv, russia_success=succ, nuclear=nuc,
            deterrence=1.0 - (1.0 - conv) * (1.0 - d["nuclear_weight"] * nuc),
            europe_alone=1.0 - (1.0 - conv_eu) * (1.0 - d["nuclear_weight"] * nuc_eu),
            days=days, forces=F,
        )

    def nuclear_posture(self, us):
        d, n = self.sc["deterrence"], self.sc["nuclear"]
        today = min(max(n["european_dimension"], 0.0), 1.0)
        dim = today + (1 - today) * min(max(self.nuclear_dimension * self.built_level, 0.0), 1.0)
        eu = min(max(min(d["european_nuclear_base"] * (1.0 + n["european_dimension_gain"] * dim), n["european_max"]), 0.0), 1.0)
        return dict(
            us_guarantee=self.inst["us_nuclear_guarantee"] if us["member"] else 0.0,
            presence_factor=d["us_nuclear_form"] + (1 - d["us_nuclear_form"]) * us["presence"] ** d["us_nuclear_presence_exponent"],
            signals=us["signals"], eu=eu,
        )

    def nuclear_credibility(self, S, us):
        n = self.sc["nuclear"]
        P = self.nuclear_posture(us)
        e = self.european
        inc = self.nuclear_included[e]
        att = self.nuclear_attitude[e]
        vis = np.where(inc, 1.0, n["visible_inclusion"])
        factor = (P["us_guarantee"] * np.where(inc, 1.0 + n["host_bonus"], 1.0)
                  * (1.0 - n["inclusion_weight"] * att * (1.0 - vis)) * (1.0 - n["signal_penalty"] * P["signals"]))
        us_c = np.clip(S["trust"][:, e] * factor, 0.0, 1.0)
        combined = 1.0 - (1.0 - us_c) * (1.0 - P["eu"])
        w = S["threat"][:, e] * (0.5 + att)
        sw = np.maximum(w.sum(1), 1e-12)
        return (w * combined).sum(1) / sw, (w.sum(1) * P["eu"]) / sw

    def russia_nuclear_risk(self, us):
        n = self.sc["nuclear"]
        P = self.nuclear_posture(us)
        u = min(max(P["us_guarantee"] * P["presence_factor"] * (1.0 - n["signal_penalty"] * P["signals"]), 0.0), 1.0)
        return 1.0 - (1.0 - u) * (1.0 - P["eu"])

    def forces_to_hold(self, S, F, days):
        """baltic::forces_to_hold_after, the bisection run for all runs at once."""
        b = self.sc["baltic"]
        R = days.shape[0]
        out = np.zeros(R)
        lost = np.flatnonzero(~np.isnan(days))
        if not lost.size:
            return out
        hi = 4.0 * np.maximum(F["pool"][lost], 0.0) * S["cond"]["conc"][lost] * (1.0 + b["russia_follow_on"]) + 1.0
        L, fog = self.own_lanes(S, F, extra=hi, sel=lost)
        holds = np.isnan(self.fight(L, fog))
        out[lost[~holds]] = hi[~holds]
        sel, hi = lost[holds], hi[holds]
        lo = np.zeros_like(hi)
        while sel.size:
            mid = 0.5 * (lo + hi)
            L, fog = self.own_lanes(S, F, extra=mid, sel=sel)
            h = np.isnan(self.fight(L, fog))
            hi = np.where(h, mid, hi)
            lo = np.where(h, lo, mid)
            fin = ~(hi - lo > 0.05)
            out[sel[fin]] = hi[fin]
            sel, lo, hi = sel[~fin], lo[~fin], hi[~fin]
        return out

    # ----------------------------------------------------------------- crises

    def decide(self, S, r, ct, us, us_forces, required, severity, rng):
        """decision.rs: decide, for the runs r (indices) that have this crisis; consensus."""
        sc = self.sc
        dp = sc["decision"]
        m = r.size
        n = self.n
        u_support = rng.random((m, n))
        u_object = rng.random((m, n))
        z = rng.standard_normal((m, n))
        u_lead = rng.random(m)
        lead = S["leadership"][r]
        coh = S["cohesion"][r]
        speed = np.maximum(1.0 - dp["delegation_speedup"] * self.delegation - dp["leadership_speedup"] * lead, 0.05)
        friction = 1.0 + self.friction
        solidarity = dp["solidarity_weight"] * coh
        relevance = np.broadcast_to(ct["sal_m"], (m, n)).copy()
        relevance[:, self.us] *= us["presence"]
        if severity is not None:
            relevance = np.where(severity[:, None] < self.hybrid_threshold, relevance * sc["hybrid"]["below_threshold_relevance"], relevance)
        driver = np.minimum(S["threat"][r], 1.0) if ct["russian_driven"] else (0.5 + 0.5 * self.south_weight)
        will = ((1.0 - dp["solidarity_weight"]) * relevance * driver + solidarity[:, None]
                - ct["stakes"] * sc["perception"]["entrapment_weight"] * self.risk_aversion - S["entrapment"][r])
        support = u_support < logistic((will - dp["support_threshold"]) / dp["support_softness"])
        p_object = self.veto * dp["veto_scale"] * (1.0 - coh[:, None])
        obj = ~support & (u_object < p_object)
        days = dp["base_days"] * np.exp(-dp["willingness_speedup"] * will + dp["noise_sigma"] * z) * speed[:, None]
        forces = S["capability"][r] * self.availability
        forces[:, self.us] = us_forces
        if not us["member"]:
            for a in (support, obj):
                a[:, self.us] = False
            forces[:, self.us] = 0.0
            days[:, self.us] = 0.0
        committed = (forces * support).sum(1) + dp["compliance"] * (forces * (~support & ~obj)).sum(1)
        leads = support[:, self.us] & (u_lead < lead) if us["member"] else np.zeros(m, bool)
        l_comm = (forces * (support & (days <= ct["deadline_days"]))).sum(1)
        blocked = obj.any(1)
        c_days = np.where(blocked, np.inf, days.max(1) * friction)
        c_ok = ~blocked
        dl = ct["deadline_days"]
        # Both routes: the earlier decision; the collective's forces if it comes in time.
        out_days = np.where(leads, np.minimum(dp["hegemon_days"], c_days), np.where(c_ok, c_days, np.nan))
        out_comm = np.where(leads, np.where(c_ok & (c_days <= dl), np.maximum(committed, l_comm), l_comm),
                            np.where(c_ok, committed, 0.0))
        return out_days, out_comm

    def crises(self, S, t, russia, us, rng):
        """crises.rs: arrivals of the four kinds, their decisions, the tally and the bumps."""
        sc, sh = self.sc, self.sh
        k = sc["conflicts"]
        hy = sc["hybrid"]
        R = S["R"]
        us_forces = self.us_forces(us)
        probe = sc["russia"]["probe_gain"] * (1.0 + k["russia_deal"]["probe_gain"] * sh["russia_deal"][t])
        S["shaping"] *= hy["shaping_memory"]
        for ct in self.crisis:
            u = rng.random(R)
            if ct["russian_driven"]:
                rate = ct["rate_per_month"] * (1.0 + probe * russia * (1.0 - S["deterrence"]))
            else:
                rate = np.full(R, ct["rate_per_month"])
            required = ct["required_busd"]
            if ct["kind"] == "arctic":
                rate = rate * (1.0 + k["greenland"]["arctic_rate_gain"] * sh["greenland"][t]) * (1.0 - sc["arctic"]["rate_damping"] * sh["arctic"][t])
                required *= 1.0 - sc["arctic"]["prepositioning"] * sh["arctic"][t]
            elif ct["kind"] == "south":
                rate = rate * np.maximum(1.0 + sc["south"]["crisis_gain"] * (S["is"] - sc["south"]["is_initial"]), 0.0)
            r = np.flatnonzero(u < np.minimum(rate, 1.0))
            if not r.size:
                continue
            severity = None
            req = np.full(r.size, required)
            if ct["kind"] == "hybrid":
                uk, us_, ua = rng.random(r.size), rng.random(r.size), rng.random(r.size)
                kind = np.minimum(np.searchsorted(self.hybrid_cum, uk, side="right"), 3)
                severity = np.minimum(self.hybrid_sev[kind] * (0.5 + us_), 1.0)
                S["shaping"][r] = np.minimum(S["shaping"][r] + hy["shaping_gain"] * severity * (1.0 - hy["resilience"]), 1.0)
                reach = ~(ua < hy["resilience"] * (1.0 - severity))
                r, severity = r[reach], severity[reach]
                if not r.size:
                    continue
                req = required * 2.0 * severity * (1.0 - hy["resilience"])
            S["crises"][r] += 1
            days, comm = self.decide(S, r, ct, us, us_forces, req, severity, rng)
            in_time = days <= ct["deadline_days"]  # NaN (no decision) compares False
            success = in_time & (comm >= req)
            dec = days <= sc["decision"]["max_days"]
            S["decided"][r] += dec
            S["sum_days"][r] += np.where(dec, days, 0.0)
            S["unanswered"][r] += ~in_time
            S["answered"][r] += success
            if ct["kind"] == "south":
                S["deployed"][r] += np.where(success, sc["south"]["crisis_brigades"], 0.0)
            mem = sc["cohesion"]["record_memory"]
            S["record"][r] = mem * S["record"][r] + (1.0 - mem) * success
            if ct["russian_driven"]:
                S["bump"][r] += ct["bump"]

    def article5(self, S, us):
        """decision.rs: article5 under consensus: response_days and reinforcing_share."""
        sc = self.sc
        dp = sc["decision"]
        ct = sc["crises"]["eastern_military"]
        sal = self.crisis[1]["sal_m"]
        lead = S["leadership"]
        speed = np.maximum(1.0 - dp["leadership_speedup"] * lead, 0.05)
        friction = 1.0 + self.friction
        solidarity = dp["solidarity_weight"] * S["cohesion"]
        relevance = sal.copy()
        if us["member"]:
            relevance[self.us] *= us["presence"]
        will = ((1.0 - dp["solidarity_weight"]) * relevance * np.minimum(S["threat"], 1.0) + solidarity[:, None]
                + dp["article5_resolve"] - dp["article5_stakes"] * sc["perception"]["entrapment_weight"] * self.risk_aversion
                - S["entrapment"] + S["will"])
        support = will > dp["support_threshold"]
        forces = np.where(self.baltic, 0.0, S["capability"] * self.availability)
        forces[:, self.us] = self.us_forces(us)
        p_object = self.veto * dp["veto_scale"] * (1.0 - S["cohesion"][:, None])
        obj = ~support & (S["object"] < p_object)
        if not us["member"]:
            out = ~self.not_us
            support[:, out] = False
            obj[:, out] = False
            forces[:, out] = 0.0
            will[:, out] = np.inf
        total = forces.sum(1)
        sup_f = (forces * support).sum(1)
        obj_f = (forces * obj).sum(1)
        bound_f = (forces * (~support & ~obj)).sum(1)
        blocked = obj.any(1)
        least = will.min(1)
        bound = sup_f + dp["compliance"] * bound_f
        days_of = lambda w: dp["base_days"] * np.exp(-dp["willingness_speedup"] * w) * speed  # noqa: E731
        c_ok = ~blocked
        c_days = days_of(least) * friction
        leads = support[:, self.us] & (S["lead"] < lead) if us["member"] else np.zeros(S["R"], bool)
        # Neither route: national and bilateral help by the willing, force-weighted.
        wdays = (forces * support * (dp["base_days"] * np.exp(-dp["willingness_speedup"] * will) * speed[:, None])).sum(1)
        with np.errstate(invalid="ignore", divide="ignore"):
            bilateral = np.where(sup_f > 0.0, wdays / sup_f + dp["bilateral_days"], dp["max_days"])
        days = np.where(leads & c_ok, np.minimum(dp["hegemon_days"], c_days),
                        np.where(leads, dp["hegemon_days"], np.where(c_ok, c_days, bilateral)))
        fr = np.where(leads & c_ok, np.maximum(sup_f, bound),
                      np.where(leads, sup_f, np.where(c_ok, bound, sup_f)))
        pre = self.delegation * (total - obj_f)
        rest = (1.0 - self.delegation) * fr
        committed = pre + rest
        ok = (total > 0.0) & (committed > 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            rd = np.where(ok, np.minimum((pre * dp["delegated_days"] + rest * days) / committed, dp["max_days"]), dp["max_days"])
            rs = np.where(ok, np.clip(committed / total, 0.0, 1.0), 0.0)
        S["response_days"], S["reinforcing_share"] = rd, rs

    # ----------------------------------------------------------------- budgets

    def budgets(self, S, t, year, rng):
        """budgets.rs: january_budgets and budgets (no chip, no common funding)."""
        sc = self.sc
        sp = sc["spending"]
        R = S["R"]
        ukraine_cost = self.ukr["cost_gdp"] if self.sh["ukraine"][t] else 0.0
        us_now = S["trust"] if self.us_member[t] else np.zeros_like(S["trust"])
        eu_cap = S["capability"][:, self.european].sum(1)
        if S["ref"] is None:
            S["ref"] = (us_now.copy(), eu_cap)
        us_ref, cap_ref = S["ref"]
        core_t, rel_t = self.target(year)
        pull = sp["target_pull"] * (1.0 - sp["us_pressure"] * (1.0 - S["leadership"]))
        common = 0.0  # common_funding_eur_bn = 0 (asserted at set-up)
        S["common_pp"] = np.zeros(R)
        europe_growth = eu_cap / np.maximum(cap_ref, 1e-9) - 1.0
        z = rng.standard_normal((R, self.n))
        threat = np.clip(self.threat_base * S["russia_index"][:, None] + S["bump"] - self.bump_ref, 0.0, 1.5)
        desired = (sp["intercept"] + sp["threat_sensitivity"] * threat
                   + sp["abandonment_sensitivity"] * threat * (us_ref - us_now)
                   - self.free_riding * europe_growth[:, None]
                   + np.where(self.european, ukraine_cost, 0.0) - sp["common_crowding_out"] * common)
        national = S["national"]
        gap = np.maximum(core_t - (national + common), 0.0)
        step = sp["adjustment_speed"] * (desired - national) + np.minimum(pull, 1.0)[:, None] * gap + sp["budget_noise"] * z
        wanted = np.maximum(national + np.clip(step, -sp["max_decrease_pp"], sp["max_increase_pp"]), 0.0)
        years = max(year - 2024, 0)
        if year <= sp["escape_clause_end"]:
            phase = 1.0
        elif sp["escape_phase_out_years"] > 0:
            phase = max(1.0 - (year - sp["escape_clause_end"]) / sp["escape_phase_out_years"], 0.0)
        else:
            phase = 0.0
        safe = 100.0 * self.safe_busd / np.maximum(S["gdp"], 1e-9) if 2025 <= year <= sp["safe_end"] else 0.0
        ceiling = self.base_total + self.room_per_year * years + self.escape_pp * phase + safe
        core = np.maximum(np.minimum(wanted, np.maximum(ceiling, national - sp["max_decrease_pp"])), 0.0)
        rel_w = S["related"] + sp["related_pull"] * np.maximum(rel_t - S["related"], 0.0)
        rel = np.minimum(rel_w, np.maximum(ceiling - core, 0.0))
        sets = self.has_forces & self.not_us
        S["fiscal_bound"] = np.where(sets, wanted + rel_w > ceiling + 1e-9, S["fiscal_bound"])
        S["national"] = np.where(sets, core, national)
        S["related"] = np.where(sets, rel, S["related"])
        S["share"] = np.where(sets, core + common, S["share"])

    def spending_summary(self, S, year, us):
        sc = self.sc
        e = self.european
        spend = S["share"] / 100.0 * S["gdp"]
        eu_spend = spend[:, e].sum(1)
        eu_gdp = S["gdp"][:, e].sum(1)
        eu_rel = (S["related"][:, e] / 100.0 * S["gdp"][:, e]).sum(1)
        others = spend[:, ~e & self.not_us].sum(1)
        if us["member"]:
            others = others + spend[:, self.us] * sc["us"]["europe_budget_share"] * us["presence"]
        armed = e & self.has_forces
        na = max(armed.sum(), 1)
        sh = S["share"][:, armed]
        mean = sh.sum(1) / na
        core_t, _ = self.target(year)
        S["sp_gdp_share"] = 100.0 * eu_spend / np.maximum(eu_gdp, 1e-9)
        S["sp_busd"] = eu_spend
        S["sp_burden"] = eu_spend / np.maximum(eu_spend + others, 1e-9)
        S["sp_spread"] = np.sqrt(np.maximum((sh * sh).sum(1) / na - mean * mean, 0.0))
        S["sp_free_riding"] = (sh < core_t - 1e-9).sum(1) / na
        S["sp_related"] = 100.0 * eu_rel / np.maximum(eu_gdp, 1e-9)
        S["sp_bound"] = S["fiscal_bound"][:, armed].sum(1) / na

    # ----------------------------------------------------------------- a batch of runs

    def initial_state(self, R, rng):
        sc = self.sc
        b = sc["baltic"]
        n = self.n
        ru = sc["russia"]
        # draw_run: reconstitution (exo), campaign conditions (campaign stream)
        recon = ru["reconstitution_years_min"] + (ru["reconstitution_years_max"] - ru["reconstitution_years_min"]) * rng.random(R)
        u = rng.random((R, 7))
        cond = dict(
            conc=np.clip(ru["concentration"] * np.exp(b["concentration_spread"] * triangular(u[:, 0])), 0.0, 1.0),
            rr=b["russia_readiness_min"] + (1 - b["russia_readiness_min"]) * u[:, 1],
            ar=b["allied_readiness_min"] + (1 - b["allied_readiness_min"]) * u[:, 2],
            leth=np.exp(b["lethality_spread"] * triangular(u[:, 3])),
            exch=np.exp(b["exchange_spread"] * triangular(u[:, 4])),
            adv=b["max_advance_km_per_day"] * np.exp(b["mobility_spread"] * triangular(u[:, 5])),
            weather=b["weather_min"] + (1 - b["weather_min"]) * u[:, 6],
        )
        # The daily fog of war, fixed per run and day (Conditions::fog), days 0 .. horizon.
        days = int(math.ceil(b["horizon_days"])) + 1
        fog = np.exp(b["fog_spread"] * triangular(rng.random((R, days)))) if b["fog_spread"] != 0 else np.ones((R, days))
        # draw_politics: the leader's uniform, each ally's will and objection uniform
        lead = rng.random(R)
        will = sc["decision"]["political_will_sd"] * rng.standard_normal((R, n))
        obj = rng.random((R, n))
        # ceasefire_month: uniform over earliest ..= latest
        uk = sc["ukraine"]
        span = max(ym(uk["ceasefire_latest"]) - ym(uk["ceasefire_earliest"]), 0)
        cease = np.maximum(ym(uk["ceasefire_earliest"]) + rng.integers(0, span + 1, R) - self.start, 0)
        spend0 = self.share0 / 100.0 * self.gdp0
        S = dict(
            R=R, recon=recon, cond=cond, fog=fog, lead=lead, will=will, object=obj, cease=cease,
            gdp=np.tile(self.gdp0, (R, 1)), share=np.tile(self.share0, (R, 1)),
            capability=np.tile(spend0, (R, 1)), ring=np.tile(spend0, (self.lag, R, 1)),
            trust=np.full((R, n), sc["perception"]["trust_initial"]), threat=np.tile(self.threat_base, (R, 1)),
            bump=np.zeros((R, n)), guarantee=np.zeros((R, n)), entrapment=np.zeros((R, n)),
            pos=np.repeat(self.pos0, R, axis=0), record=np.ones(R), eu_enablers=np.zeros(R),
            cohesion=np.ones(R), deterrence=np.ones(R), europe_alone=np.zeros(R),
            response_days=np.zeros(R), forces_elsewhere=np.zeros(R), reinforcing_share=np.ones(R),
            shaping=np.zeros(R), russia_index=np.ones(R), national=np.tile(self.share0, (R, 1)),
            related=np.tile(np.where(self.has_forces, sc["spending"]["related_initial"], 0.0), (R, 1)),
            common_pp=np.zeros(R), fiscal_bound=np.zeros((R, n), bool), ref=None, threat0=None,
            capacity=np.full(R, sc["south"]["capacity_initial"]), **{"is": np.full(R, sc["south"]["is_initial"])},
            resurged=np.full(R, sc["south"]["is_initial"] >= sc["south"]["resurgence_threshold"]),
            deployed=np.zeros(R),
            crises=np.zeros(R), answered=np.zeros(R), unanswered=np.zeros(R), decided=np.zeros(R), sum_days=np.zeros(R),
        )
        us0 = self.posture(0)
        S["leadership"] = np.full(R, self.inst["hegemonic_leadership"] if us0["member"] else 0.0)
        # Deterrence on the eve of the first month (the run's own fight is not needed for it).
        a = self.assess(S, 0, ru["capability_2025"], us0, own=False)
        S["deterrence"], S["europe_alone"] = a["deterrence"], a["europe_alone"]
        return S

    def run(self, R: int, seed: int = 1, timers: dict | None = None):
        """R runs; returns {metric: array (R,)}. timers, if given, collects seconds per step."""
        import time

        clock = time.perf_counter
        tick = [clock()]

        def lap(name):
            if timers is not None:
                now = clock()
                timers[name] = timers.get(name, 0.0) + now - tick[0]
                tick[0] = now

        sc = self.sc
        p, h, so, ru = sc["perception"], sc["cohesion"], sc["south"], sc["russia"]
        k = sc["conflicts"]
        sh = self.sh
        rng = np.random.Generator(np.random.PCG64(seed))
        S = self.initial_state(R, rng)
        lap("set-up")
        T = self.months
        e = self.european
        n_eu = e.sum()
        # accumulators (accumulate.rs)
        A = {x: np.zeros(R) for x in ("coh", "det", "conv", "nuc", "trust", "days_lost", "months_lost",
                                      "to_hold", "p_lost", "p_h", "p_v", "resp", "reinf", "rnuc",
                                      "shaping", "elsewhere")}
        surv = {x: np.ones(R) for x in ("attack", "frag", "ukraine")}
        tr_to = min(max(ym(sc["scenario"]["transition_end"]) - self.start, -1) + 1, T)
        end_from = T - min(12 * sc["scenario"]["steady_state_years"], T)
        win = {w: dict(surv=np.ones(R), det=np.zeros(R), coh=np.zeros(R), n=0) for w in ("tr", "end")}
        januaries = 0
        cap0 = ru["capability_2025"]
        ent_base = p["entrapment_weight"] * self.risk_aversion * np.abs(self.china - self.us_china)
        for t in range(T):
            date = self.dates[t]
            year, month = date // 12, date % 12 + 1
            # 1. US posture and leadership
            us = self.posture(t)
            if us["member"]:
                eu_trust = S["trust"][:, e].sum(1) / n_eu
                S["leadership"] = (self.inst["hegemonic_leadership"] * math.sqrt(us["presence"]) * (0.5 + 0.5 * eu_trust)
                                   * (1.0 - k["absences"]["leadership_cut"] * sh["absences"][t]))
            else:
                S["leadership"] = np.zeros(R)
            # 2. Russia and threat perception
            russia = cap0 + (1.0 - cap0) * np.minimum(t / 12.0 / S["recon"], 1.0)
            fl = p["russia_threat_floor"]
            S["russia_index"] = fl + (1.0 - fl) * russia / p["russia_threat_reference"]
            S["bump"] *= p["crisis_salience_decay"]
            S["threat"] = np.minimum(self.threat_base * S["russia_index"][:, None] + S["bump"], 1.5)
            lap("perception")
            # 3. trust, guarantee, entrapment
            eu_g = S["record"] * S["europe_alone"]
            if us["member"]:
                friction = (sc["us"]["political_friction"] + k["tariffs"]["trust_penalty"] * sh["tariffs"][t]
                            + k["absences"]["trust_penalty"] * sh["absences"][t])
                claimed = self.inst["hegemonic_leadership"] * (1.0 - k["absences"]["leadership_cut"] * sh["absences"][t])
                target = (p["trust_base"] + p["trust_presence_weight"] * us["presence"] + p["trust_leadership_weight"] * claimed
                          - friction - k["greenland"]["trust_penalty"] * sh["greenland"][t] * self.greenland_factor
                          - k["russia_deal"]["trust_penalty"] * sh["russia_deal"][t] * self.deal_factor
                          + p["atlanticist_anchor"] * (1.0 - 2.0 * self.orientation))
            else:
                target = np.zeros(self.n)
            z = rng.standard_normal((R, self.n))
            tr = S["trust"]
            S["trust"] = np.clip(tr + p["trust_rate"] * (np.clip(target, 0.0, 1.0) - tr) + p["trust_noise"] * z, 0.0, 1.0)
            us_part = S["trust"] if us["member"] else 0.0
            S["guarantee"] = 1.0 - (1.0 - us_part) * (1.0 - eu_g[:, None])
            entangle = self.ukr["entanglement"] if sh["ukraine"][t] else 0.0
            S["entrapment"] = ((ent_base * S["leadership"][:, None]) if us["member"] else 0.0) + entangle * self.risk_aversion
            lap("trust")
            # 4. positions
            alignment = self.bargain(S["pos"], S["gdp"], S["leadership"], us["member"], rng.standard_normal((R, self.n, ISSUES)))
            lap("positions")
            # 5. crises, the Article 5 decision, theatre forces
            self.crises(S, t, russia, us, rng)
            lap("crises")
            self.article5(S, us)
            lap("article5")
            troops = so["personnel"] if sh["mission"][t] else 0.0
            us_share = (1.0 if us["member"] else 0.0)
            if sh["coalition"][t]:
                troops = troops + so["coalition_european_troops"] + so["substitution_troops"] * (1.0 - us_share) * so["european_substitution"] * S["eu_enablers"]
            S["forces_elsewhere"] = troops / max(sc["baltic"]["troops_per_brigade"], 1.0) + S["deployed"] + sc["arctic"]["brigades"] * sh["arctic"][t]
            S["deployed"] *= 1.0 - 1.0 / max(so["deployment_months"], 1.0)
            # 6. force generation
            slot, lagged = t % self.lag, (t + 1) % self.lag
            tariff = sh["europe_growth"][t] / self.europe_base
            S["gdp"] *= np.where(e, self.growth * tariff, self.growth)
            S["ring"][slot] = S["share"] / 100.0 * S["gdp"]
            tgt = S["ring"][lagged] * np.where(e, self.eu_efficiency, 1.0)
            cap = S["capability"]
            S["capability"] = np.minimum(cap + (tgt - cap) / sc["forces"]["build_up_months"], cap * self.absorb_month)
            S["eu_enablers"] += sc["forces"]["european_enabler_rate"] * self.inst["procurement_integration"] * (1.0 - S["eu_enablers"])
            lap("forces")
            # 7. deterrence, then January budgets
            a = self.assess(S, t, russia, us)
            S["deterrence"], S["europe_alone"] = a["deterrence"], a["europe_alone"]
            lap("deterrence (fights)")
            to_hold = None
            if month == 1 or t == 0:
                self.budgets(S, t, year, rng)
                lap("budgets")
                to_hold = self.forces_to_hold(S, a["forces"], a["days"])
                lap("forces_to_hold (bisection)")
            # 8. cohesion and exit hazards; the south
            g = S["guarantee"]
            resistance = self.sovereignty_cost * self.built_level * h["sovereignty_resistance"] * (1.0 - self.orientation)
            allies = np.ones(self.n, bool) if us["member"] else self.not_us
            inst_trust = np.clip(g - resistance, 0.0, 1.0)[:, allies].sum(1) / max(allies.sum(), 1)
            cost = resistance + S["entrapment"]
            exit_h = (h["exit_hazard_max"] * logistic((cost - S["threat"] * g) / h["exit_softness"]))[:, self.not_us].sum(1)
            S["cohesion"] = h["weight_alignment"] * alignment + h["weight_trust"] * inst_trust + h["weight_record"] * S["record"]
            threat_now = S["threat"][:, e].sum(1) / n_eu
            if S["threat0"] is None:
                S["threat0"] = threat_now
            if sh["mission"][t]:
                advisers = so["advisers"] * np.maximum(1.0 - so["east_pull"] * np.maximum(threat_now - S["threat0"], 0.0), 0.0) * (0.5 + 0.5 * S["cohesion"])
            else:
                advisers = 0.0
            if sh["coalition"][t]:
                logistics = us_share + (1.0 - us_share) * so["european_substitution"] * S["eu_enablers"]
                d_ = so["logistics_dependence"]
                coalition = 1.0 - d_ + d_ * np.clip(logistics, 0.0, 1.0)
            else:
                coalition = 0.0
            zs = rng.standard_normal(R)
            rapport = 1.0 - (1.0 - so["continuity"]) * math.exp(-((t % so["rotation_months"]) + 0.5) / so["trust_build_months"])
            C, I = S["capacity"], S["is"]
            build = so["capacity_gain"] * (advisers / max(so["advisers"], 1.0)) * rapport * (1.0 - C)
            erode = so["erosion"] * (so["fragility"] + so["interference"] + I) * C
            C = np.clip(C + build - erode, 0.0, 1.0)
            pressure = so["coalition_pressure"] * np.clip(coalition, 0.0, 1.0) + so["host_pressure_weight"] * C
            growth = so["is_growth"] * I * (1.0 - I) - so["is_suppression"] * pressure * I
            I = np.clip(I + growth + so["is_noise"] * I * zs, 0.01, 1.0)
            S["capacity"], S["is"] = C, I
            S["resurged"] |= I >= so["resurgence_threshold"]
            lap("cohesion, south")
            # 9. hazards, spending, Ukraine
            feasible = np.clip((russia - cap0) / max(1.0 - cap0, 1e-9), 0.0, 1.0) ** 2
            rnuc = self.russia_nuclear_risk(us)
            tied = self.ukr["russia_tied"] if sh["ukraine"][t] else 0.0
            cost = (ru["attack_failure_cost"] * (1.0 - np.clip(a["russia_success"], 0.0, 1.0)) + ru["attack_nuclear_cost"] * rnuc
                    + ru["attack_sanctions_cost"] * np.clip(S["cohesion"], 0.0, 1.0) + ru["attack_ukraine_cost"] * tied)
            net = np.clip(a["russia_success"], 0.0, 1.0) - cost + ru["attack_shaping_gain"] * np.clip(S["shaping"], 0.0, 1.0)
            decision = logistic((net - ru["attack_threshold"]) / ru["attack_softness"])
            attack = np.minimum(ru["attack_hazard_max"] * feasible * decision, 1.0)
            collapse = h["fragmentation_hazard_max"] * logistic((h["fragmentation_threshold"] - S["cohesion"]) / h["fragmentation_softness"])
            frag = np.minimum(collapse + exit_h, 1.0)
            self.spending_summary(S, year, us)
            if sh["ukraine"][t]:
                uk = sc["ukraine"]
                us_support = us["presence"] if us["member"] else 0.0
                ukr = np.clip(self.ukr["war_hazard"] * russia * (1.0 + uk["us_support_gain"] * (1.0 - us_support))
                              * (1.0 + uk["deterrence_gain"] * np.maximum(1.0 - S["deterrence"], 0.0))
                              * (1.0 + uk["deal_gain"] * sh["russia_deal"][t]), 0.0, 1.0)
                ukr = np.where(t >= S["cease"], ukr, 0.0)
            else:
                ukr = np.zeros(R)
            # accumulate
            b = sc["baltic"]
            held = np.isnan(a["days"])
            A["days_lost"] += np.where(held, 0.0, a["days"])
            A["months_lost"] += ~held
            if to_hold is not None:
                A["to_hold"] += to_hold
                januaries += 1
            now = surv["attack"] * attack
            A["p_lost"] += np.where(held, 0.0, now)
            A["p_h"] += now * np.where(held, b["horizontal_if_held"], b["horizontal_if_lost"])
            A["p_v"] += now * np.where(held, b["vertical_if_held"], b["vertical_if_lost"]) * (1.0 - b["nuclear_restraint"] * a["nuclear"])
            surv["attack"] *= 1.0 - attack
            surv["frag"] *= 1.0 - frag
            surv["ukraine"] *= 1.0 - ukr
            A["coh"] += S["cohesion"]
            A["det"] += S["deterrence"]
            A["conv"] += a["conventional"]
            A["nuc"] += a["nuclear"]
            A["trust"] += S["trust"][:, e].sum(1) / n_eu
            A["resp"] += S["response_days"]
            A["reinf"] += S["reinforcing_share"]
            A["rnuc"] += rnuc
            A["shaping"] += S["shaping"]
            A["elsewhere"] += S["forces_elsewhere"]
            for w, (lo_, hi_) in (("tr", (0, tr_to)), ("end", (end_from, T))):
                if lo_ <= t < hi_:
                    W = win[w]
                    W["surv"] = W["surv"] * (1.0 - attack)
                    W["det"] = W["det"] + S["deterrence"]
                    W["coh"] = W["coh"] + S["cohesion"]
                    W["n"] += 1
            lap("hazards, spending, accumulate")

        M = float(max(T, 1))
        with np.errstate(invalid="ignore", divide="ignore"):
            per_crisis = lambda c: np.where(S["crises"] > 0, c / S["crises"], np.nan)  # noqa: E731
            ann = lambda W: 1.0 - W["surv"] ** (12.0 / W["n"]) if W["n"] else np.full(R, np.nan)  # noqa: E731
            mean = lambda W, x: W[x] / W["n"] if W["n"] else np.full(R, np.nan)  # noqa: E731
            out = dict(
                cohesion=A["coh"] / M,
                capacity_to_act=per_crisis(S["answered"]),
                decision_days=np.where(S["decided"] > 0, S["sum_days"] / S["decided"], np.nan),
                deterrence=A["det"] / M, conventional_deterrence=A["conv"] / M, nuclear_credibility=A["nuc"] / M,
                european_burden_share=S["sp_burden"], europe_spending_gdp_final=S["sp_gdp_share"],
                europe_spending_busd_final=S["sp_busd"], spending_spread_final=S["sp_spread"],
                free_riding_final=S["sp_free_riding"], us_trust=A["trust"] / M,
                p_attack=1.0 - surv["attack"], p_paralysis=per_crisis(S["unanswered"]),
                p_fragmentation=1.0 - surv["frag"],
                baltic_days=np.where(A["months_lost"] > 0, A["days_lost"] / A["months_lost"], np.nan),
                forces_to_hold=A["to_hold"] / max(januaries, 1),
                p_capitals_lost=A["p_lost"], p_escalation_horizontal=A["p_h"], p_escalation_vertical=A["p_v"],
                p_ukraine_war=1.0 - surv["ukraine"], host_stability=S["capacity"] * (1.0 - S["is"]),
                p_is_resurgence=S["resurged"].astype(float), p_baltic_held=1.0 - A["months_lost"] / M,
                response_days=A["resp"] / M, reinforcing_share=A["reinf"] / M, russia_nuclear_risk=A["rnuc"] / M,
                institution_built_final=np.full(R, self.built_level), grey_zone_pressure=A["shaping"] / M,
                forces_elsewhere=A["elsewhere"] / M,
                p_attack_transition=1.0 - win["tr"]["surv"], attack_hazard_transition=ann(win["tr"]),
                attack_hazard_end=ann(win["end"]), deterrence_transition=mean(win["tr"], "det"),
                deterrence_end=mean(win["end"], "det"), cohesion_transition=mean(win["tr"], "coh"),
                cohesion_end=mean(win["end"], "coh"), europe_related_gdp_final=S["sp_related"],
                europe_total_gdp_final=S["sp_gdp_share"] + S["sp_related"], fiscal_bound_final=S["sp_bound"],
            )
        lap("hazards, spending, accumulate")
        assert list(out) == METRICS
        return out


if __name__ == "__main__":
    import sys
    import time

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    m = Model("status-quo")
    t0 = time.perf_counter()
    res = m.run(runs, seed=1)
    dt = time.perf_counter() - t0
    for k_, v in res.items():
        print(f"{k_:28s} {np.nanmean(v):12.5f}")
    print(f"{runs} runs in {dt:.2f} s: {dt / runs * 1e3:.3f} ms per run")
