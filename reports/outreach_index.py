"""Outreach-need index: which kecamatan most need socialisation this week, and about what.

Each kecamatan gets a score in 0..100 from four components, each in 0..1:

- need share: replies that ask, are misinformed or apathetic, out of all replies;
- negative share: replies with negative sentiment;
- replier gap: how far the number of people there who replied falls short of the typical
  kecamatan (per 1,000 voters);
- turnout gap: how far 2024 turnout fell below the commission's target.

Only a kecamatan with at least one reply this week is ranked. One with none has no signal:
its score would rest on the regency prior and the baseline alone, and a quiet place would be
ranked as if people there needed socialisation. It is listed apart, with its baseline, and the
report says why (``rank`` is None).

Shares are shrunk toward the regency-wide share with an empirical-Bayes beta-binomial prior
(method of moments), so a kecamatan with one reply cannot outrank one with a hundred just by
chance. The uncertainty band comes from the posterior quantiles of the two shares.

The default weights give this week's replies most of the say: the turnout gap is the same
every week, and with a larger weight the same low-turnout kecamatan would top every report
whatever people there are saying. The replier gap (settings keep their old ``reach`` names) is
a weak signal (most replies name no place, and a quiet kecamatan gets a large gap from one or
two replies), so its default weight is small: on the demo month a weight of 0.15 put kecamatan
with a single reply above the ones with planted golput and rumours. It is not the reach of the
commission's posts (see reports/reach.py), and the report does not call it that.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, model_validator

from reports.baseline import Baseline, official_kecamatan
from reports.labels import TURNOUT_KINDS, TURNOUT_SAID, fmt_int, fmt_pct, stage_label
from reports.outreach_topics import OutreachTopic, topics_for
from reports.turnout import TurnoutCounts

if TYPE_CHECKING:
    from reports.turnout_answers import TurnoutAnswers

#: The shrinkage in one plain line, for every page and sheet that shows a shrunk share.
SHRINKAGE_EXPLAINED = (
    "Porsi mentah dihitung langsung dari balasan kecamatan itu; porsi disesuaikan menariknya ke "
    "rata-rata kabupaten, makin kuat bila balasannya sedikit, supaya 2 balasan negatif dari 2 "
    "tidak terbaca sebagai 100%. Skor memakai porsi yang disesuaikan."
)

#: KPU Jember's official Pilkada 2024 regency turnout (statement of 8 Dec 2024,
#: krsumsel.com); used for a kecamatan whose own turnout is unknown.
REGENCY_TURNOUT_2024 = 0.5883


class OutreachIndexSettings(BaseModel):
    """Weights and thresholds of the outreach-need index (embedded in the main config)."""

    model_config = ConfigDict(extra="forbid")

    target_turnout: float = Field(
        default=0.65, gt=0, le=1, description="KPU Jember's turnout target (Pilkada 2024)"
    )
    fallback_turnout: float = Field(
        default=REGENCY_TURNOUT_2024, ge=0, le=1,
        description="turnout used when a kecamatan's own 2024 turnout is unknown",
    )
    turnout_gap_full_scale: float = Field(
        default=0.15, gt=0, le=1, description="a gap this large (in turnout fraction) scores 1"
    )
    weight_need_share: float = Field(default=0.55, ge=0)
    weight_negative_share: float = Field(default=0.25, ge=0)
    weight_reach_gap: float = Field(default=0.05, ge=0)
    weight_turnout_gap: float = Field(default=0.15, ge=0)
    reach_reference: Literal["median", "target"] = Field(
        default="median", description="full reach = the median kecamatan, or a fixed target"
    )
    reach_target_per_1000_voters: float = Field(
        default=5.0, gt=0, description="people reached per 1,000 DPT that count as full reach"
    )
    band_level: float = Field(default=0.80, gt=0, lt=1, description="width of the uncertainty band")
    min_prior_strength: float = Field(
        default=10.0, gt=0, description="least pseudo-replies the regency prior is worth"
    )
    max_prior_strength: float = Field(default=100.0, gt=0)
    prior_need_share: float = Field(
        default=0.25, gt=0, lt=1, description="prior when no kecamatan has any reply"
    )
    prior_negative_share: float = Field(default=0.30, gt=0, lt=1)
    regency_prior_weight: float = Field(
        default=20.0, ge=0, description="pseudo-replies pulling the regency share to the prior"
    )
    min_replies_for_share: int = Field(
        default=5, ge=1, description="fewer replies than this: reasons say the data is thin"
    )
    min_confused_for_topic: int = Field(
        default=2, ge=1, description="asking/misinformed replies needed to name a stage in reasons"
    )
    max_topics: int = Field(default=3, ge=1, description="topics shown per kecamatan")
    low_reach_threshold: float = Field(default=0.66, ge=0, le=1)
    min_share_for_reason: float = Field(
        default=0.05, ge=0, le=1, description="smaller apathetic/negative shares are not named"
    )
    min_turnout_replies_for_reason: int = Field(
        default=2, ge=1,
        description="replies with one turnout signal (golput, cynicism, a barrier kind) needed "
        "to name it, with its recommended answer, among a kecamatan's reasons",
    )

    @model_validator(mode="after")
    def _check(self) -> OutreachIndexSettings:
        total = (self.weight_need_share + self.weight_negative_share + self.weight_reach_gap
                 + self.weight_turnout_gap)
        if total <= 0:
            raise ValueError("at least one weight must be above 0")
        if self.min_prior_strength > self.max_prior_strength:
            raise ValueError("min_prior_strength must not exceed max_prior_strength")
        return self


class _Reason(NamedTuple):
    kind: str
    text: str


@dataclass(slots=True)
class KecamatanWeek:
    """One kecamatan's counts for one week (what the store query hands to the index).

    ``confused_by_stage`` counts asking + misinformed replies per stage id; ``top_topics``
    holds short example phrases for the report (already pseudonymised, no handles). The
    topic signals: ``questions_by_stage`` (questions per stage id, "none" for none),
    ``rumours_by_stage`` (misinformation flag or misinformed awareness, per stage id),
    ``golput`` (golput intent or apathy), ``complaints`` and ``questions_unanswered``;
    ``turnout`` the turnout signals (golput intent, cynicism, each barrier kind).
    """

    kecamatan: str
    replies: int = 0
    asking: int = 0
    misinformed: int = 0
    apathetic: int = 0
    negative: int = 0
    unique_authors_reached: int = 0
    engagement: int = 0
    confused_by_stage: dict[str, int] = field(default_factory=dict)
    top_topics: list[str] = field(default_factory=list)
    questions_by_stage: dict[str, int] = field(default_factory=dict)
    rumours_by_stage: dict[str, int] = field(default_factory=dict)
    golput: int = 0
    complaints: int = 0
    questions_unanswered: int = 0
    turnout: TurnoutCounts = field(default_factory=TurnoutCounts)

    def __post_init__(self) -> None:
        counts = (self.replies, self.asking, self.misinformed, self.apathetic, self.negative,
                  self.unique_authors_reached, self.engagement, self.golput, self.complaints,
                  self.questions_unanswered, *self.confused_by_stage.values(),
                  *self.questions_by_stage.values(), *self.rumours_by_stage.values())
        if any(c < 0 for c in counts):
            raise ValueError(f"{self.kecamatan}: counts must not be negative")
        tagged = (self.need, self.negative, self.golput, self.complaints,
                  sum(self.questions_by_stage.values()), sum(self.rumours_by_stage.values()))
        if any(n > self.replies for n in tagged):
            raise ValueError(f"{self.kecamatan}: more tagged replies than replies")
        if self.turnout.replies not in (0, self.replies):
            raise ValueError(f"{self.kecamatan}: turnout counts of another number of replies")
        if self.turnout.with_signal > self.replies:
            raise ValueError(f"{self.kecamatan}: more turnout signals than replies")

    @property
    def need(self) -> int:
        return self.asking + self.misinformed + self.apathetic

    @property
    def has_data(self) -> bool:
        """A reply this week: the only thing that lets the index say anything about the place."""
        return self.replies > 0


@dataclass(frozen=True, slots=True)
class BetaPrior:
    """A beta prior over a share; ``strength`` = alpha + beta (pseudo-replies)."""

    mean: float
    strength: float

    @property
    def alpha(self) -> float:
        return self.mean * self.strength

    @property
    def beta(self) -> float:
        return (1.0 - self.mean) * self.strength


@dataclass(frozen=True, slots=True)
class ShareEstimate:
    """A shrunk share with its posterior band."""

    raw: float | None
    shrunk: float
    low: float
    high: float


@dataclass(slots=True)
class OutreachRow:
    """One kecamatan of the index table: ranked (``rank`` 1..n) or without signal (None).

    ``need_share_raw`` / ``negative_share_raw`` are the plain shares of the week's replies;
    ``components`` holds the shrunk shares the score is computed from (see the module
    docstring). ``topics`` are what to socialise there, or ``no_topic_reason`` says why none.
    """

    rank: int | None
    kecamatan: str
    kecamatan_code: str
    score: float
    score_low: float
    score_high: float
    components: dict[str, float]
    replies: int
    need_share_raw: float | None
    turnout_2024: float | None
    turnout_is_fallback: bool
    turnout_is_estimate: bool
    has_data: bool
    reasons: list[str]
    topics: list[OutreachTopic]
    top_topics: list[str]
    negative_share_raw: float | None = None
    need: int = 0
    negative: int = 0
    no_topic_reason: str | None = None


def fit_beta_prior(
    pairs: Sequence[tuple[int, int]],
    fallback_mean: float,
    min_strength: float,
    max_strength: float,
    fallback_weight: float = 0.0,
) -> BetaPrior:
    """Method-of-moments beta prior from (successes, trials) pairs across kecamatan.

    The regency mean is itself pulled toward ``fallback_mean`` by ``fallback_weight``
    pseudo-replies, so a week with a handful of replies in the whole regency does not set
    the prior at 0% or 100%. The between-kecamatan variance is the observed variance of the
    rates minus the binomial noise expected at each kecamatan's size; when the noise explains
    everything, the prior is as strong as allowed (everyone is pulled to the regency share).
    """
    used = [(k, n) for k, n in pairs if n > 0]
    total_n = sum(n for _, n in used)
    if total_n == 0:
        return BetaPrior(fallback_mean, min_strength)
    mean = (sum(k for k, _ in used) + fallback_mean * fallback_weight) / (total_n + fallback_weight)
    mean = min(max(mean, 1e-3), 1 - 1e-3)
    if len(used) < 2:
        return BetaPrior(mean, min_strength)
    rates = [k / n for k, n in used]
    weights = [n / total_n for _, n in used]
    observed_var = sum(w * (r - mean) ** 2 for w, r in zip(weights, rates, strict=True))
    noise_var = sum(w * mean * (1 - mean) / n for w, (_, n) in zip(weights, used, strict=True))
    between = observed_var - noise_var
    if between <= 0:
        return BetaPrior(mean, max_strength)
    strength = mean * (1 - mean) / between - 1.0
    return BetaPrior(mean, min(max(strength, min_strength), max_strength))


def shrink_share(successes: int, trials: int, prior: BetaPrior, level: float) -> ShareEstimate:
    """Posterior mean and central ``level`` interval of a share under a beta prior."""
    a = prior.alpha + successes
    b = prior.beta + (trials - successes)
    tail = (1.0 - level) / 2.0
    return ShareEstimate(
        raw=successes / trials if trials > 0 else None,
        shrunk=a / (a + b),
        # scipy is imported here, not at module level: the settings model above is loaded by
        # every CLI call, and scipy.stats costs over a second to import.
        low=float(_beta_ppf(tail, a, b)),
        high=float(_beta_ppf(1.0 - tail, a, b)),
    )


class OutreachNeedIndex:
    """Ranks the 31 kecamatan by need for socialisation (see the module docstring)."""

    def __init__(self, settings: OutreachIndexSettings | None = None) -> None:
        self.settings = settings or OutreachIndexSettings()

    def rank(
        self,
        weeks: Sequence[KecamatanWeek],
        baseline: Baseline,
        kecamatan_codes: Mapping[str, str] | None = None,
        *,
        answers: TurnoutAnswers | None = None,
        as_of: date | None = None,
    ) -> list[OutreachRow]:
        """Score every kecamatan (those without a week row from the baseline alone), best first.

        ``answers`` (with ``as_of``, the local day deadlines are counted from) give the turnout
        signals among the reasons and topics their recommended action and deadline.
        """
        s = self.settings
        codes = dict(kecamatan_codes) if kecamatan_codes is not None else official_kecamatan()
        by_name: dict[str, KecamatanWeek] = {}
        for week in weeks:
            if week.kecamatan not in codes:
                raise ValueError(f"unknown kecamatan {week.kecamatan!r}")
            if week.kecamatan in by_name:
                raise ValueError(f"kecamatan {week.kecamatan!r} given twice")
            by_name[week.kecamatan] = week
        all_weeks = [by_name.get(name) or KecamatanWeek(name) for name in codes]

        need_prior = fit_beta_prior([(w.need, w.replies) for w in all_weeks], s.prior_need_share,
                                    s.min_prior_strength, s.max_prior_strength,
                                    s.regency_prior_weight)
        neg_prior = fit_beta_prior([(w.negative, w.replies) for w in all_weeks],
                                   s.prior_negative_share, s.min_prior_strength,
                                   s.max_prior_strength, s.regency_prior_weight)
        reach_gaps = self._reach_gaps(all_weeks, baseline)

        weights = {
            "need_share": s.weight_need_share,
            "negative_share": s.weight_negative_share,
            "reach_gap": s.weight_reach_gap,
            "turnout_gap": s.weight_turnout_gap,
        }
        total_weight = sum(weights.values())
        rows: list[OutreachRow] = []
        for week in all_weeks:
            need = shrink_share(week.need, week.replies, need_prior, s.band_level)
            neg = shrink_share(week.negative, week.replies, neg_prior, s.band_level)
            turnout, is_fallback = self._turnout(week.kecamatan, baseline)
            turnout_gap = min(1.0, max(0.0, s.target_turnout - turnout) / s.turnout_gap_full_scale)
            comps = {
                "need_share": need.shrunk,
                "negative_share": neg.shrunk,
                "reach_gap": reach_gaps[week.kecamatan],
                "turnout_gap": turnout_gap,
            }

            def score_of(need_v: float, neg_v: float, comps: dict[str, float] = comps) -> float:
                values = {**comps, "need_share": need_v, "negative_share": neg_v}
                return 100.0 * sum(weights[k] * values[k] for k in weights) / total_weight

            topics, no_topic = topics_for(week, s.max_topics, answers, as_of)
            rows.append(OutreachRow(
                rank=None,
                kecamatan=week.kecamatan,
                kecamatan_code=codes[week.kecamatan],
                score=score_of(need.shrunk, neg.shrunk),
                score_low=score_of(need.low, neg.low),
                score_high=score_of(need.high, neg.high),
                components=comps,
                replies=week.replies,
                need_share_raw=need.raw,
                negative_share_raw=neg.raw,
                need=week.need,
                negative=week.negative,
                turnout_2024=None if is_fallback else turnout,
                turnout_is_fallback=is_fallback,
                turnout_is_estimate=self._turnout_is_estimate(week.kecamatan, baseline),
                has_data=week.has_data,
                reasons=self._reasons(week, need, neg, comps, turnout, is_fallback, baseline,
                                      answers, as_of),
                topics=topics,
                no_topic_reason=no_topic,
                top_topics=list(week.top_topics),
            ))
        ranked = sorted((r for r in rows if r.has_data),
                        key=lambda r: (-r.score, -r.score_high, r.kecamatan))
        for i, row in enumerate(ranked, start=1):
            row.rank = i
        # Without signal: the lowest turnout first, the one thing known about them this week.
        quiet = sorted((r for r in rows if not r.has_data),
                       key=lambda r: (-r.components["turnout_gap"], r.kecamatan))
        return ranked + quiet

    @staticmethod
    def _turnout_is_estimate(name: str, baseline: Baseline) -> bool:
        entry = baseline.get(name)
        return bool(entry and entry.turnout_2024 and entry.turnout_2024.is_estimate)

    def _turnout(self, name: str, baseline: Baseline) -> tuple[float, bool]:
        entry = baseline.get(name)
        if entry is not None and entry.turnout_2024 is not None:
            return entry.turnout_2024.value, False
        return self.settings.fallback_turnout, True

    def _reach_gaps(self, weeks: Sequence[KecamatanWeek], baseline: Baseline) -> dict[str, float]:
        """How far each kecamatan's reach per 1,000 DPT falls short of the reference.

        The reference is, by default, the median reach rate of the kecamatan with data, so the
        component needs no absolute calibration: reached at least as well as the typical
        kecamatan scores 0, not reached at all scores 1. With ``reach_reference="target"``
        (or when the median is 0) it is ``reach_target_per_1000_voters``. Without any DPT,
        rates are plain counts. A kecamatan with no data at all gets the average gap of the
        others: silence is not evidence of low reach.
        """
        s = self.settings
        known_dpt = [r.dpt_2024.value for r in baseline if r.dpt_2024 is not None]
        mean_dpt = sum(known_dpt) / len(known_dpt) if known_dpt else None
        rates: dict[str, float] = {}
        for w in weeks:
            if not w.has_data:
                continue
            entry = baseline.get(w.kecamatan)
            dpt = entry.dpt_2024.value if entry is not None and entry.dpt_2024 else mean_dpt
            rates[w.kecamatan] = (w.unique_authors_reached * 1000.0 / dpt if dpt
                                  else float(w.unique_authors_reached))
        reference = statistics.median(rates.values()) if rates else 0.0
        if s.reach_reference == "target" or reference <= 0:
            reference = (s.reach_target_per_1000_voters if mean_dpt
                         else max(rates.values(), default=0.0))
        gaps = {name: (max(0.0, 1.0 - rate / reference) if reference > 0 else 0.0)
                for name, rate in rates.items()}
        neutral = sum(gaps.values()) / len(gaps) if gaps else 0.5
        return {w.kecamatan: gaps.get(w.kecamatan, neutral) for w in weeks}

    def _reasons(
        self,
        week: KecamatanWeek,
        need: ShareEstimate,
        neg: ShareEstimate,
        comps: Mapping[str, float],
        turnout: float,
        is_fallback: bool,
        baseline: Baseline,
        answers: TurnoutAnswers | None = None,
        as_of: date | None = None,
    ) -> list[str]:
        s = self.settings
        reasons: list[str] = []
        if not week.has_data:
            reasons.append("tidak ada balasan yang terpetakan ke kecamatan ini minggu ini, jadi "
                           "tidak diperingkat: tanpa balasan tidak ada sinyal (bukan berarti "
                           "tidak perlu sosialisasi)")
        else:
            n = week.replies

            def part(count: int) -> str:
                # Raw counts, said as counts: the shrunk shares are shown apart, labelled.
                return f"{fmt_int(count)} dari {fmt_int(n)} balasan ({fmt_pct(count / n)})"

            confused = week.asking + week.misinformed
            top = max(
                ((c, st) for st, c in week.confused_by_stage.items() if st != "none" and c > 0),
                default=None,
            )
            if confused > 0:
                about = f", terbanyak soal {stage_label(top[1])}" if top else ""
                reasons.append(f"{part(confused)} bertanya atau keliru{about}")
            signals = self._turnout_reasons(week, answers, as_of)
            if week.apathetic and week.apathetic / n >= s.min_share_for_reason:
                # Golput intent and cynicism are kinds of apathy: said in the same reason.
                named = [r for r in signals if r.kind in ("golput_intent", "cynicism")]
                reasons.append(f"{part(week.apathetic)} bernada apatis atau golput"
                               + "".join(f"; {r.text}" for r in named))
                signals = [r for r in signals if r not in named]
            reasons.extend(r.text for r in signals)
            if week.negative and week.negative / n >= s.min_share_for_reason:
                reasons.append(f"{part(week.negative)} bernada negatif")
            if n < s.min_replies_for_share:
                reasons.append(f"data tipis ({fmt_int(n)} balasan): porsi yang disesuaikan, dan "
                               "skornya, lebih banyak ditentukan rata-rata kabupaten")
        if is_fallback:
            what = "baseline tidak tersedia" if baseline.is_empty else (
                "partisipasi 2024 per kecamatan belum ada")
            reasons.append(f"{what} (dipakai angka kabupaten {fmt_pct(turnout, 1)})")
        else:
            est = " (perkiraan)" if self._turnout_is_estimate(week.kecamatan, baseline) else ""
            below = " di bawah" if turnout < s.target_turnout else ", sudah mencapai"
            reasons.append(f"partisipasi 2024 {fmt_pct(turnout, 1)}{est}{below} target "
                           f"{fmt_pct(s.target_turnout)}")
        if week.has_data:
            people = fmt_int(week.unique_authors_reached)
            if comps["reach_gap"] >= s.low_reach_threshold:
                reasons.append(f"sedikit warga yang membalas ({people} akun; jauh di bawah "
                               "kecamatan lain per 1.000 pemilih)")
            elif comps["reach_gap"] >= s.low_reach_threshold / 2:
                reasons.append(f"warga yang membalas ({people} akun) di bawah kecamatan lain "
                               "per 1.000 pemilih")
        return reasons


    def _turnout_reasons(
        self, week: KecamatanWeek, answers: TurnoutAnswers | None, as_of: date | None
    ) -> list[_Reason]:
        """"12 balasan dari Ledokombo menyebut bekerja atau kuliah di luar daerah: kirim
        informasi pindah memilih sebelum batas 28 Oktober 2024 (6 hari lagi)", most first."""
        found = [(week.turnout.count(k), k) for k in TURNOUT_KINDS]
        out = []
        for n, kind in sorted(found, key=lambda nk: -nk[0]):
            if n < self.settings.min_turnout_replies_for_reason:
                continue
            text = f"{fmt_int(n)} balasan dari {week.kecamatan} {TURNOUT_SAID[kind]}"
            if answers is not None and as_of is not None:
                text += ": " + answers.recommend(kind, as_of, week.kecamatan).action
            out.append(_Reason(kind, text))
        return out


def _beta_ppf(q: float, a: float, b: float) -> float:
    from scipy.stats import beta as beta_dist

    return float(beta_dist.ppf(q, a, b))
