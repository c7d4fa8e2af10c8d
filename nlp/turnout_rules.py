"""The rule half of the turnout signals: which cue words are present, and which are not meant.

Word classes come from :mod:`nlp.turnout_cues`; this module combines them by position in one
pass over the cue hits the tokenizer already found for the text:

* golput intent: a refusal word up to three words before a voting word ("gak mau nyoblos",
  "ta' endâ' nyoblos") without an inability word between ("gak bisa nyoblos" is a barrier),
  "why bother" before a voting word ("percuma milih"), a preference over voting ("mending
  tidur daripada nyoblos"), or a direct word ("golput");
* cynicism: a strong phrase ("janji doang", "lupa rakyat"), or a weak one ("sama aja",
  "tetap rusak") with a class word (all candidates, whoever wins, changing regents);
* money decides: a claim that money picks the winner (also cynicism) or the writer's own deal;
* barriers by kind, each needing its own pair of words (a card and its state, a TPS and an
  obstacle, a job and a schedule...).

Then what is not meant is set aside, with the words kept for the evidence: negation and
advice ("jangan golput", "saya gak golput"), reported speech and rumour ("katanya mau
golput?", a quotation the writer disagrees with), a question about golput, an intent given up
("tadinya mau golput, tapi..."), criticism of one side or backing another ("paslon 1 cuma janji,
pilih 2"), civic hope ("janji harus ditagih"), barriers overcome or explained to others.
The classifier (:mod:`nlp.turnout_model`) sees these decisions as features; the final call is
made in :mod:`nlp.turnout`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from nlp import turnout_cues as c
from nlp.cues import CueHit, CueMatcher, TextView, Tokenizer

TURNOUT_TAGS = ("golput_intent", "cynicism", "voting_barrier")
DENSE_NAMES = (
    "golput_kept",
    "golput_pointless",
    "golput_blocked",
    "cynic_strong",
    "cynic_weak",
    "cynic_blocked",
    "money_deal",
    "money_claim",
    *(f"barrier_{kind}" for kind in c.BARRIER_KINDS),
    "cannot_vote",
    "barrier_blocked",
    "political",
    "voting",
    "question_mark",
    "specific_side",
    "support",
    "class_word",
    "reported",
)
_LISTS: tuple[tuple[str, Sequence[str]], ...] = (
    ("vote", c.VOTE_WORDS),
    ("refuse", c.REFUSAL),
    ("unable", c.INABILITY),
    ("pointless", c.POINTLESS),
    ("direct", c.GOLPUT_DIRECT),
    ("prefer", c.PREFER),
    ("instead", c.INSTEAD),
    ("g_before", c.GOLPUT_BLOCK_BEFORE),
    ("g_after", c.GOLPUT_BLOCK_AFTER),
    ("changed", c.CHANGED_BEFORE),
    ("reversal", c.REVERSAL),
    ("rev_vote", c.REVERSAL_VOTE),
    ("reported", c.REPORTED),
    ("disagree", c.DISAGREE),
    ("c_strong", c.CYNIC_STRONG),
    ("c_weak", c.CYNIC_WEAK),
    ("political", c.POLITICAL),
    ("class", c.CLASS),
    ("specific", c.SPECIFIC),
    ("support", c.SUPPORT),
    ("civic", c.CIVIC),
    ("m_claim", c.MONEY_CLAIM),
    ("m_deal", c.MONEY_DEAL),
    ("m_report", c.MONEY_REPORT),
    ("cannot", c.CANNOT_VOTE),
    ("reg_state", c.REG_STATE),
    ("reg_obj", c.REG_OBJECT),
    ("reg_other", c.REG_OTHER),
    ("away", c.AWAY),
    ("away_place", c.AWAY_PLACES),
    ("away_act", c.AWAY_ACTIVITY),
    ("inv", c.INVITATION),
    ("inv_state", c.INVITATION_STATE),
    ("inv_other", c.INVITATION_OTHER),
    ("id", c.ID_CARD),
    ("id_state", c.ID_STATE),
    ("id_other", c.ID_OTHER_PURPOSE),
    ("work", c.WORK_STRONG),
    ("health", c.HEALTH),
    ("work_gen", c.WORK_GENERIC),
    ("work_sched", c.WORK_SCHEDULE),
    ("wh_other", c.WORK_HEALTH_OTHER),
    ("tps", c.TPS_WORDS),
    ("tps_obst", c.TPS_OBSTACLE),
    ("tps_route_obst", c.TPS_ROUTE_OBSTACLE),
    ("tps_route", c.TPS_ROUTE),
    ("resolved", c.RESOLVED),
    ("info", c.INFO_FOR_OTHERS),
    ("voting_ctx", c.VOTING_CONTEXT),
)
_HINTS = {
    "golput_intent": ("refuse", "prefer", "pointless", "direct"),
    "cynicism": ("class", "c_weak", "c_strong", "m_claim"),
    "voting_barrier": (
        "tps", "cannot", "reg_state", "away", "away_place", "inv", "id", "work", "health",
        "work_gen",
    ),
}  # fmt: skip
_WORD_CLASSES = frozenset({"unable", "rev_vote", "voting_ctx", "political"})
_HINT_SETS = tuple((tag, frozenset(labels)) for tag, labels in _HINTS.items())
_MONEY_LABELS = frozenset({"m_claim", "m_deal"})
# Words after a voting word that make "tidak milih X" a choice against a side, not golput.
_TARGET_AFTER = frozenset(
    {"dia", "paslon", "nomor", "nomer", "no", "calon", "beliau", "yang", "sing", "se",
     "petahana", "incumbent", "bupati", "01", "02", "1", "2", "siji", "loro", "dua"}
)  # fmt: skip
# Before a relative "yang/sing/se": people around the writer, not a generic statement.
_QUANTIFIERS = frozenset(
    {"banyak", "akeh", "bannya'", "semua", "kabeh", "sebagian", "beberapa", "pada", "mayoritas"}
)
_RELATIVE = frozenset({"yang", "sing", "se"})
_NEGATION = frozenset({"tidak", "ora", "ta'", "mboten", "bukan", "dudu", "anti", "ra"})
_ASKING = frozenset(
    {"apa", "apakah", "boleh", "bolehkah", "bagaimana", "kenapa", "mengapa", "piye", "ponapa",
     "arapa", "napa", "nopo", "opo", "benarkah", "bener", "tenan", "bhender", "ya", "gimana"}
)  # fmt: skip
_QUOTES = ('"', "\u201c", "\u201d")
_SENTENCE_END = ".!?\n"
_CLAUSE_END = ".,!?;:\n"


@dataclass(slots=True)
class TurnoutCues:
    """What the rules found in one text: kept words per signal, set-aside words, context."""

    golput: list[str] = field(default_factory=list)
    pointless: bool = False
    pointless_only: bool = False  # every kept golput cue is "why bother" ("percuma nyoblos")
    cynicism: list[str] = field(default_factory=list)
    cynic_strong: bool = False
    money: list[str] = field(default_factory=list)
    money_claim: bool = False
    barrier: dict[str, list[str]] = field(default_factory=dict)  # kind -> words, text order
    cannot_vote: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # words set aside, with the reason
    blocked: set[str] = field(default_factory=set)  # signals whose every cue was set aside
    # Signals the text touches at all (a voting, refusal or political word, a barrier object):
    # only these may be raised by the classifier without a full cue.
    hints: set[str] = field(default_factory=set)
    political: bool = False
    voting: bool = False
    question_mark: bool = False
    specific_side: bool = False
    support: bool = False
    class_word: bool = False
    reported: bool = False

    def features(self) -> list[float]:
        """The dense features the classifier sees, in ``DENSE_NAMES`` order."""
        kinds = [1.0 if kind in self.barrier else 0.0 for kind in c.BARRIER_KINDS]
        return [
            min(len(self.golput), 2) / 2,
            1.0 if self.pointless else 0.0,
            1.0 if "golput_intent" in self.blocked else 0.0,
            1.0 if self.cynic_strong else 0.0,
            1.0 if self.cynicism and not self.cynic_strong else 0.0,
            1.0 if "cynicism" in self.blocked else 0.0,
            1.0 if self.money and not self.money_claim else 0.0,
            1.0 if self.money_claim else 0.0,
            *kinds,
            1.0 if self.cannot_vote else 0.0,
            1.0 if "voting_barrier" in self.blocked else 0.0,
            1.0 if self.political else 0.0,
            1.0 if self.voting else 0.0,
            1.0 if self.question_mark else 0.0,
            1.0 if self.specific_side else 0.0,
            1.0 if self.support else 0.0,
            1.0 if self.class_word else 0.0,
            1.0 if self.reported else 0.0,
        ]


class _Text:
    """One text's hits by class plus position helpers (token gaps, punctuation between)."""

    __slots__ = ("by", "view", "words")

    def __init__(
        self, view: TextView, hits: Iterable[CueHit], words: dict[str, frozenset[str]]
    ) -> None:
        self.view = view
        self.words = words
        self.by: dict[str, list[CueHit]] = {}
        for hit in hits:
            self.by.setdefault(hit.label, []).append(hit)

    def word_between(self, label: str, lo: int, hi: int) -> bool:
        """A one-word member of class ``label`` stands among tokens ``[lo, hi)``."""
        members = self.words[label]
        tokens = self.view.tokens
        return any(not tokens[k].variants.isdisjoint(members) for k in range(lo, hi))

    def word_after(self, label: str, end: int, window: int, stops: str = _CLAUSE_END) -> bool:
        """A ``label`` word or phrase starts at most ``window`` words after token ``end``."""
        if self.after(label, end, window, stops):
            return True
        for k in range(end, min(end + window + 1, len(self.view.tokens))):
            if any(ch in stops for ch in self.gap_text(k, k)):
                return False  # the text between token k - 1 and token k ends the clause
            if not self.view.tokens[k].variants.isdisjoint(self.words[label]):
                return True
        return False

    def mentions(self, label: str) -> bool:
        """Any word or phrase of class ``label`` in the text."""
        return self.has(label) or self.word_between(label, 0, len(self.view.tokens))

    def get(self, label: str) -> list[CueHit]:
        return self.by.get(label, [])

    def between(self, label: str, lo: int, hi: int) -> bool:
        """A ``label`` phrase lies within tokens ``[lo, hi)``."""
        return any(lo <= h.start and h.end <= hi for h in self.get(label))

    def has(self, label: str) -> bool:
        return label in self.by

    def gap_text(self, end_tok: int, start_tok: int) -> str:
        """Original text between token ``end_tok - 1`` and token ``start_tok``."""
        tokens = self.view.tokens
        if end_tok <= 0 or start_tok >= len(tokens) or start_tok < end_tok:
            return ""
        return self.view.original[tokens[end_tok - 1].end : tokens[start_tok].start]

    def joined(self, a: CueHit, b: CueHit, stops: str = _CLAUSE_END) -> bool:
        """``a`` ends before ``b`` starts with no stop punctuation between them."""
        if a.end > b.start:
            return a.start <= b.start  # overlapping hits are joined
        return not any(ch in stops for ch in self.gap_text(a.end, b.start))

    def before(
        self, label: str, start: int, window: int, stops: str = _CLAUSE_END
    ) -> CueHit | None:
        """A ``label`` hit ending at most ``window`` words before token ``start`` (same clause)."""
        for hit in self.get(label):
            if hit.end <= start and start - hit.end <= window:
                probe = CueHit("", start, start + 1, "")
                if self.joined(hit, probe, stops):
                    return hit
        return None

    def after(self, label: str, end: int, window: int, stops: str = _CLAUSE_END) -> CueHit | None:
        """A ``label`` hit starting at most ``window`` words after token ``end`` (same clause)."""
        for hit in self.get(label):
            if hit.start >= end and hit.start - end <= window:
                probe = CueHit("", end - 1, end, "")
                if self.joined(probe, hit, stops):
                    return hit
        return None

    def near(self, label: str, hit: CueHit, window: int, stops: str = _CLAUSE_END) -> CueHit | None:
        """A ``label`` hit overlapping ``hit`` or within ``window`` words on either side."""
        for other in self.get(label):
            if other.start < hit.end and hit.start < other.end:
                return other
        return self.before(label, hit.start, window, stops) or self.after(
            label, hit.end, window, stops
        )

    def clause_asks(self, hit: CueHit) -> bool:
        """The clause holding ``hit`` ends with "?" and carries an asking word."""
        view, tokens = self.view, self.view.tokens
        tail = view.original[tokens[hit.end - 1].end :]
        cut = next((i for i, ch in enumerate(tail) if ch in _CLAUSE_END), None)
        if cut is None or tail[cut] != "?":
            return False
        head = view.original[: tokens[hit.start].start]
        start = max(head.rfind(ch) for ch in _CLAUSE_END) + 1
        end_char = tokens[hit.end - 1].end + cut
        return any(
            start <= t.start < end_char and (t.form in _ASKING or t.variants & _ASKING)
            for t in tokens
        )

    def quoted(self, hit: CueHit) -> bool:
        """``hit`` lies inside quotation marks."""
        head = self.view.original[: self.view.tokens[hit.start].start]
        return sum(head.count(q) for q in _QUOTES) % 2 == 1


class TurnoutRules:
    """Finds the turnout cues of a text; stateless after construction, cheap per call."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self._m = CueMatcher(tokenizer)
        # Context classes full of everyday words ("ada", "yang", "27") are not matched as cues
        # (a hit object for every common word costs more than all the rules): their one-word
        # members are looked up in the tokens where a rule needs them.
        self._words: dict[str, frozenset[str]] = {}
        for label, cues in _LISTS:
            phrases = _spelling_variants(cues)
            if label in _WORD_CLASSES:
                single = [p for p in phrases if len(tokenizer.phrase(p)) == 1]
                self._words[label] = frozenset(tokenizer.phrase(p)[0] for p in single)
                phrases = [p for p in phrases if p not in single]
            self._m.add(phrases, label)
        self._verbs = frozenset(c.VOTE_VERBS)

    def find(self, view: TextView) -> TurnoutCues:
        """The cues of ``view`` (a view from the same tokenizer)."""
        t = _Text(view, self._m.find(view), self._words)
        out = TurnoutCues(
            political=t.mentions("political"),
            voting=t.has("vote") or t.has("tps") or t.mentions("voting_ctx"),
            question_mark=view.has_question_mark,
            specific_side=t.has("specific"),
            support=t.has("support"),
            class_word=t.has("class"),
            reported=t.has("reported") or any(q in view.original for q in _QUOTES),
        )
        if not t.by:
            return out
        present = t.by.keys()
        # Each part runs only when its own words are there (most replies touch none).
        out.hints = {tag for tag, labels in _HINT_SETS if not labels.isdisjoint(present)}
        if "golput_intent" in out.hints:
            self._golput(t, out)
        if not _MONEY_LABELS.isdisjoint(present):
            self._money(t, out)
        if "cynicism" in out.hints:
            self._cynicism(t, out)
        if "voting_barrier" in out.hints:
            self._barriers(t, out)
        return out

    # -- golput intent -------------------------------------------------------------------------
    def _golput(self, t: _Text, out: TurnoutCues) -> None:
        candidates: list[tuple[CueHit, bool, bool]] = []  # (span, direct, pointless)
        for hit in t.get("direct"):
            candidates.append((hit, True, False))
        for vote in t.get("vote"):
            for refuse in t.get("refuse"):
                gap = vote.start - refuse.end
                if not (0 <= gap <= 4 and t.joined(refuse, vote)):
                    continue
                if t.word_between("unable", refuse.end, vote.start) or t.between(
                    "unable", refuse.end, vote.start
                ):
                    continue
                if _target_follows(t, vote):
                    continue  # "tidak milih dia / paslon 1": a choice against a side
                tokens = t.view.tokens
                if refuse.start and tokens[refuse.start - 1].form == tokens[vote.start].form:
                    # "nyoblos ora nyoblos podo ae": either way, not a decision.
                    out.excluded.append(f"{_join(t, refuse, vote).text} (pilihan retoris)")
                    out.blocked.add("golput_intent")
                    continue
                candidates.append((_join(t, refuse, vote), False, False))
        for verb in (v for v in t.get("vote") if v.cue in self._verbs):
            for point in t.get("pointless"):
                before = point.end <= verb.start and verb.start - point.end <= 3
                after = point.start >= verb.end and point.start - verb.end <= 2
                if (before and t.joined(point, verb)) or (after and t.joined(verb, point)):
                    candidates.append((_join(t, point, verb), False, True))
        for prefer in t.get("prefer"):
            instead = t.after("instead", prefer.end, 8)
            if instead is None:
                continue
            target = t.after("vote", instead.end, 4) or t.after("tps", instead.end, 4)
            if target is not None:
                candidates.append((_join(t, prefer, target), False, False))
        for prefer in t.get("prefer"):
            # "mending jualan aja tgl 27": something else on voting day.
            day = next(
                (k for k in range(prefer.end, min(prefer.end + 6, len(t.view.tokens)))
                 if t.view.tokens[k].form == "27"),
                None,
            )  # fmt: skip
            if day is not None and t.after("vote", prefer.end, 6) is None:
                candidates.append((_join(t, prefer, CueHit("", day, day + 1, "")), False, False))
        kept: list[str] = []
        kinds: set[bool] = set()
        for span, direct, pointless in candidates:
            reason = self._golput_block(t, span, direct, pointless)
            if reason:
                out.excluded.append(f"{span.text} ({reason})")
                continue
            if span.text not in kept:
                kept.append(span.text)
            kinds.add(pointless)
        out.golput = _outermost_words(kept)
        if kept:
            out.blocked.discard("golput_intent")
        out.pointless = True in kinds
        out.pointless_only = kinds == {True}
        if candidates and not kept:
            out.blocked.add("golput_intent")

    @staticmethod
    def _golput_block(t: _Text, span: CueHit, direct: bool, pointless: bool) -> str:
        tokens = t.view.tokens
        blocker = t.before("g_before", span.start, 2)
        if blocker is not None and blocker.cue in _RELATIVE:
            around = {tokens[k].form for k in range(max(0, blocker.start - 2), blocker.start)}
            if around & _QUANTIFIERS or span.start - blocker.end > 1:
                blocker = None  # "banyak yang gak mau nyoblos": people around the writer
        if blocker is not None:
            return "ajakan/topik/pengandaian"
        if (direct or pointless) and any(
            tokens[k].form in _NEGATION
            and not any(ch in _CLAUSE_END for ch in t.gap_text(k + 1, span.start))
            for k in range(max(0, span.start - 2), span.start)
        ):
            return "disangkal"
        if t.after("g_after", span.end, 3):
            return "dibicarakan, bukan niat"
        if t.before("changed", span.start, 4, _SENTENCE_END):
            return "niat lama yang batal"
        reversal = t.after("reversal", span.end, 6, _SENTENCE_END)
        if reversal is not None and t.word_after("rev_vote", reversal.end, 6, _SENTENCE_END):
            return "niat lama yang batal"
        if t.before("reported", span.start, 6, _SENTENCE_END) or t.quoted(span):
            return "kata orang lain"
        if not pointless and t.clause_asks(span):
            return "pertanyaan"
        return ""

    # -- money decides and cynicism -------------------------------------------------------
    @staticmethod
    def _money(t: _Text, out: TurnoutCues) -> None:
        hits = [*t.get("m_claim"), *t.get("m_deal")]
        if not hits:
            return
        if t.has("m_report"):
            out.excluded.extend(f"{h.text} (laporan/ajakan menolak politik uang)" for h in hits)
            return
        tokens = t.view.tokens
        for hit in sorted(hits, key=lambda h: h.start):
            if any(tokens[k].form in _ADVICE for k in range(max(0, hit.start - 2), hit.start)):
                out.excluded.append(f"{hit.text} (ajakan menolak)")
                continue
            if hit.text not in out.money:
                out.money.append(hit.text)
            out.money_claim = out.money_claim or hit.label == "m_claim"

    def _cynicism(self, t: _Text, out: TurnoutCues) -> None:
        strong = t.get("c_strong")
        # A weak phrase needs a class word, or a golput statement it explains ("ngapain
        # nyoblos, podo ae").
        weak = t.get("c_weak") if t.has("class") or out.golput else []
        claims = t.get("m_claim") if out.money_claim else []
        candidates = sorted([*strong, *weak, *claims], key=lambda h: h.start)
        if not candidates:
            return
        side = self._side_reason(t)
        kept: list[str] = []
        for hit in candidates:
            reason = side or self._cynic_block(t, hit)
            if reason:
                out.excluded.append(f"{hit.text} ({reason})")
                continue
            if hit.text not in kept:
                kept.append(hit.text)
            out.cynic_strong = out.cynic_strong or hit.label in ("c_strong", "m_claim")
        out.cynicism = _outermost_words(kept)
        if not kept:
            out.blocked.add("cynicism")

    @staticmethod
    def _side_reason(t: _Text) -> str:
        # Backing a side, or criticising one named side without a class word: campaigning or
        # disappointment with one candidate, not distrust of politics.
        if t.has("support"):
            return "mendukung calon lain"
        if t.has("specific") and not t.has("class"):
            return "tentang satu calon"
        return ""

    @staticmethod
    def _cynic_block(t: _Text, hit: CueHit) -> str:
        if t.before("reported", hit.start, 6, _SENTENCE_END) or t.quoted(hit):
            return "kata orang lain"
        if t.has("disagree"):
            return "penulis tidak setuju"
        civic = t.near("civic", hit, 4)
        if civic is not None and not _negated(t, civic):
            return "harapan/ajakan mengawal"
        if t.before("changed", hit.start, 6, _SENTENCE_END):
            reversal = t.after("reversal", hit.end, 8, _SENTENCE_END)
            if reversal is not None:
                return "pandangan lama yang berubah"
        tokens = t.view.tokens
        if hit.start and tokens[hit.start - 1].form in ("bukan", "dudu", "jangan", "ojo"):
            return "disangkal"
        if t.clause_asks(hit) and t.before("reported", hit.start, 8, _SENTENCE_END):
            return "pertanyaan"
        return ""

    # -- barriers ---------------------------------------------------------------------------
    def _barriers(self, t: _Text, out: TurnoutCues) -> None:
        found: list[tuple[int, int, str, str]] = []  # (start, end, kind, words)
        cannot = t.get("cannot")
        voting = out.voting or bool(cannot)
        for state in t.get("reg_state"):
            obj = t.near("reg_obj", state, 4)
            if obj is not None and not t.after("reg_other", max(state.end, obj.end), 2):
                found.append(_found(t, "not_registered", state, obj))
        for hit in t.get("away"):
            if t.after("health", hit.end, 3):
                continue  # "mondok nang rumah sakit": in hospital, not away
            if voting:
                found.append((hit.start, hit.end, "away_from_home", hit.text))
        for place in t.get("away_place"):
            activity = t.before("away_act", place.start, 3)
            if activity is not None and voting:
                found.append(_found(t, "away_from_home", activity, place))
            elif cannot and t.before("vote", place.start, 6) is None:
                found.append((place.start, place.end, "away_from_home", place.text))
        for inv in t.get("inv"):
            inv_state = t.near("inv_state", inv, 4, _SENTENCE_END)
            if inv_state is not None and not t.after("inv_other", inv.end, 2):
                found.append(_found(t, "no_invitation", inv, inv_state))
        id_other = t.has("id_other") and not out.voting
        for card in t.get("id"):
            id_state = t.near("id_state", card, 4, _SENTENCE_END)
            if id_state is not None and not id_other:
                found.append(_found(t, "no_id_card", card, id_state))
        away_spans = [(a, b) for a, b, kind, _ in found if kind == "away_from_home"]
        if not t.has("wh_other") and (voting or t.has("work_sched")):
            for hit in t.get("work"):
                found.append((hit.start, hit.end, "work_or_health", hit.text))
            if voting:
                for hit in t.get("health"):
                    if hit.cue == "loro" and _after_number_word(t, hit):
                        continue  # "nomer loro": two, not ill
                    found.append((hit.start, hit.end, "work_or_health", hit.text))
            if (t.has("work_sched") or cannot) and not t.has("prefer"):
                for hit in t.get("work_gen"):
                    if any(a <= hit.end and hit.start <= b for a, b in away_spans):
                        continue  # "kerja di Bali" is being away, not a shift
                    found.append((hit.start, hit.end, "work_or_health", hit.text))
        for tps in t.get("tps"):
            obstacle = t.near("tps_obst", tps, 7, _SENTENCE_END)
            if obstacle is None and t.near("tps_route", tps, 3, _SENTENCE_END):
                obstacle = t.near("tps_route_obst", tps, 7, _SENTENCE_END)
            if obstacle is not None:
                found.append(_found(t, "tps_access", tps, obstacle))
        if any(kind == "tps_access" for *_, kind, _w in found):
            # "jalan ke TPS rusak, lansia gak bisa lewat": the way is the barrier, the elderly
            # are who it stops.
            health = {(h.start, h.end) for h in t.get("health")}
            found = [f for f in found if not (f[2] == "work_or_health" and f[:2] in health)]
        items = [*found, *((h.start, h.end, "", h.text) for h in cannot)]
        if not items:
            return
        # Advice for others said as a statement ("bagi yang KTP hilang, bisa pakai KK").
        info = t.has("info") and not t.view.has_question_mark
        # Not overcome: "tidak bisa pulang untuk nyoblos" holds "pulang untuk nyoblos", "gak
        # kasih izin" negates "kasih izin", and "apa tetap bisa milih?" asks.
        resolved = [
            r
            for r in t.get("resolved")
            if not any(h.start < r.end and r.start < h.end for h in cannot)
            and not _negated(t, r)
            and not t.clause_asks(r)
            and not _clause_question(t, r)
        ]
        first_person = any(tok.form in _FIRST_PERSON for tok in t.view.tokens)
        kept = 0
        for start, end, kind, words in sorted(items):
            probe = CueHit("", start, end, words)
            if any(
                _within(r, probe, 8)
                and t.joined(min(r, probe, key=_start), max(r, probe, key=_start), _SENTENCE_END)
                for r in resolved
            ):
                out.excluded.append(f"{words} (sudah teratasi)")
                continue
            if info:
                out.excluded.append(f"{words} (informasi untuk orang lain)")
                continue
            if not first_person and (
                t.before("reported", start, 8, _SENTENCE_END) or t.quoted(probe)
            ):
                out.excluded.append(f"{words} (kata orang lain)")
                continue
            kept += 1
            if not kind:
                if words not in out.cannot_vote:
                    out.cannot_vote.append(words)
                continue
            bucket = out.barrier.setdefault(kind, [])
            if words not in bucket:
                bucket.append(words)
        for kind, bucket in out.barrier.items():
            out.barrier[kind] = _outermost_words(bucket)  # "Kuliah" inside "Kuliah di Malang"
        if not kept:
            out.blocked.add("voting_barrier")


_ADVICE = frozenset({"jangan", "ojo", "tolak", "stop", "ja'", "jha'"})
_FIRST_PERSON = frozenset(
    {"saya", "aku", "kulo", "kaula", "engkok", "sengko'", "gue", "gw", "kami", "kita", "awakku",
     "ane", "anakku", "ibuku", "bapakku", "bojoku", "simbah", "mbahku", "embu'", "tang"}
)  # fmt: skip
_NUMBER_WORDS = frozenset(
    {"nomer", "nomor", "no", "paslon", "calon", "siji", "kelas", "jam", "ping"}
)


def _spelling_variants(cues: Sequence[str]) -> list[str]:
    """Each cue plus its spelling twins ("tetap"/"tetep", "ora"/"tidak")."""
    out = list(cues)
    for cue in cues:
        # "gak/ga/nggak" are read as "tidak", so "gak ono bedane" needs a "tidak" twin of "ora".
        for a, b in (("tetap", "tetep"), ("tetep", "tetap"), ("ora", "tidak")):
            if a in cue.split():
                twin = " ".join(b if w == a else w for w in cue.split())
                if twin not in out:
                    out.append(twin)
    return out


def _after_number_word(t: _Text, hit: CueHit) -> bool:
    return hit.start > 0 and t.view.tokens[hit.start - 1].form in _NUMBER_WORDS


def _clause_question(t: _Text, hit: CueHit) -> bool:
    """The clause holding ``hit`` ends with a question mark."""
    tail = t.view.original[t.view.tokens[hit.end - 1].end :]
    cut = next((i for i, ch in enumerate(tail) if ch in _CLAUSE_END), None)
    return cut is not None and tail[cut] == "?"


def _target_follows(t: _Text, vote: CueHit) -> bool:
    """The voting word is followed, in the same clause, by a candidate or side."""
    tokens = t.view.tokens
    if vote.end >= len(tokens) or tokens[vote.end].form not in _TARGET_AFTER:
        return False
    return not any(ch in _CLAUSE_END for ch in t.gap_text(vote.end, vote.end))


def _negated(t: _Text, hit: CueHit) -> bool:
    """A negation stands at most two words before ``hit`` ("gak pernah ditepati")."""
    tokens = t.view.tokens
    return any(
        tokens[k].form in _NEGATION or tokens[k].form in ("belum", "durung", "pernah")
        for k in range(max(0, hit.start - 2), hit.start)
    )


def _start(hit: CueHit) -> int:
    return hit.start


def _within(a: CueHit, b: CueHit, window: int) -> bool:
    """``a`` overlaps ``b`` or lies at most ``window`` words from it."""
    if a.start < b.end and b.start < a.end:
        return True
    return (0 <= b.start - a.end <= window) or (0 <= a.start - b.end <= window)


def _join(t: _Text, a: CueHit, b: CueHit) -> CueHit:
    """One span covering hits ``a`` and ``b``, with the original words."""
    start, end = min(a.start, b.start), max(a.end, b.end)
    return CueHit(a.label, start, end, t.view.span(start, end))


def _found(t: _Text, kind: str, a: CueHit, b: CueHit) -> tuple[int, int, str, str]:
    start, end = min(a.start, b.start), max(a.end, b.end)
    return start, end, kind, t.view.span(start, end)


def _outermost_words(words: list[str]) -> list[str]:
    """Drop words contained in a longer kept phrase ("janji" inside "janji doang")."""
    lowered = [w.lower() for w in words]
    return [
        w
        for i, w in enumerate(words)
        if not any(j != i and lowered[i] in lowered[j] and lowered[i] != lowered[j]
                   for j in range(len(words)))
    ]  # fmt: skip
