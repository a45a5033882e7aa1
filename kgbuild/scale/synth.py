"""Synthetic projects of any size, shaped like the curated one, for tests and benchmarks.

A synthetic project is a complete project folder: article texts with their metadata
(correct SHA-256), fact files in the curators' format, and copies of the real ontology and
queries, so the whole pipeline, quote verification included, runs on it unchanged. Every
quote is a passage of the generated article, every verbatim field a part of its quote.

The same seed gives byte-identical files. Sizes are set in agreements; `estimate_triples`
gives the rough number of triples a given count of agreements builds into.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

# Measured on generated projects (asserted + provenance + sources + ontology + inferred):
# growth is linear in agreements; the constant is the ontology and the shared entities.
TRIPLES_PER_AGREEMENT = 1016
TRIPLES_FIXED = 1300

KR_SURNAMES = ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim",
               "Han", "Oh", "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Jeon", "Hong")
KR_SYLLABLES = ("min", "seo", "ji", "hyun", "jun", "woo", "eun", "young", "sung", "ho",
                "jae", "won", "hee", "soo", "tae", "kyung", "dong", "hye", "sang", "yeon")
US_GIVEN = ("James", "Linda", "Timothy", "Mary", "Robert", "Patricia", "Michael", "Jennifer",
            "David", "Susan", "Richard", "Karen", "Thomas", "Nancy", "Daniel", "Lisa",
            "Mark", "Sandra", "Paul", "Donna", "Steven", "Carol", "Andrew", "Ruth")
US_SURNAMES = ("Adams", "Baker", "Clark", "Davis", "Evans", "Foster", "Garcia", "Harris",
               "Irwin", "Jensen", "Keller", "Lopez", "Miller", "Nolan", "Owens", "Parker",
               "Quinn", "Reed", "Stone", "Turner", "Upton", "Vance", "Walsh", "Young")
PLACES = (("seoul", "Seoul"), ("washington", "Washington, D.C."), ("honolulu", "Honolulu"),
          ("jeju", "Jeju"), ("los-angeles", "Los Angeles"), ("busan", "Busan"))
PUBLISHERS = (("yonhap", "Yonhap News Agency", "(Yonhap)"),
              ("korea-herald", "The Korea Herald", "(The Korea Herald)"),
              ("korea-times", "The Korea Times", "(The Korea Times)"))
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
          "Nov.", "Dec.")
FIRST_YEAR = 1991
KR_TITLE = "chief negotiator for the defense cost talks"
US_TITLE = "senior adviser for security negotiations and agreements"


def estimate_triples(agreements: int) -> int:
    return TRIPLES_FIXED + TRIPLES_PER_AGREEMENT * agreements


def agreements_for(triples: int) -> int:
    return max(1, round((triples - TRIPLES_FIXED) / TRIPLES_PER_AGREEMENT))


def ordinal_word(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def long_date(day: datetime.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


_PLAIN = re.compile(r"^[A-Za-z(][A-Za-z0-9 ,.'()$%/-]*$")


def scalar(value) -> str:
    """A YAML scalar as a curator would type it: plain where YAML reads it back as the same
    text, double-quoted otherwise."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in (
            "yes", "no", "true", "false", "null", "on", "off", "y", "n"):
        return text
    return json.dumps(text, ensure_ascii=False)


@dataclass
class ClaimSpec:
    id: str
    about: str
    quote: str
    says: dict
    inferred: str | None = None
    qualifier: str | None = None


@dataclass
class Article:
    id: str
    title: str
    publisher: tuple[str, str, str]
    issued: datetime.date
    paragraphs: list[str] = field(default_factory=list)
    claims: list[ClaimSpec] = field(default_factory=list)

    def say(self, sentence: str) -> str:
        self.paragraphs.append(sentence)
        return sentence

    def claim(self, claim_id: str, about: str, quote: str, says: dict, **extra) -> None:
        self.claims.append(ClaimSpec(claim_id, about, quote, says, **extra))

    @property
    def text(self) -> str:
        header = f"{self.title}\n\ndate {self.issued.isoformat()}\n\n"
        body = "\n\n".join(self.paragraphs)
        return f"{header}{body}\n\n{self.publisher[2]}\n"


@dataclass
class _Names:
    """Unique, reproducible person names for each side of the table."""

    rng: random.Random
    used: set = field(default_factory=set)

    def _pick(self, make) -> str:
        for _ in range(50):
            name = make()
            if name not in self.used:
                break
        else:
            # The name space runs dry past a few thousand people; a numeral keeps names
            # unique without changing their shape.
            name = f"{make()} {len(self.used)}"
        self.used.add(name)
        return name

    def korean(self) -> str:
        r = self.rng
        return self._pick(lambda: f"{r.choice(KR_SURNAMES)} "
                                  f"{r.choice(KR_SYLLABLES).capitalize()}-{r.choice(KR_SYLLABLES)}")

    def american(self) -> str:
        r = self.rng
        return self._pick(lambda: f"{r.choice(US_GIVEN)} {r.choice('ABCDEFGHJKLMNPRSTW')}. "
                                  f"{r.choice(US_SURNAMES)}")


class _Generator:
    def __init__(self, agreements: int, seed: int):
        self.n = agreements
        self.rng = random.Random(seed)
        self.names = _Names(random.Random(seed + 1))
        self.articles: list[Article] = []

    def article(self, title: str, issued: datetime.date) -> Article:
        number = len(self.articles)
        publisher = PUBLISHERS[self.rng.randrange(len(PUBLISHERS))]
        art = Article(f"s{number:06d}", title, publisher, issued)
        self.articles.append(art)
        return art

    def run(self) -> list[Article]:
        self._core()
        for k in range(1, self.n + 1):
            self._agreement(k)
        return self.articles

    def _core(self) -> None:
        art = self.article("Seoul and Washington share the cost of US troops",
                           datetime.date(FIRST_YEAR, 1, 15))
        parties = art.say("South Korea and the United States share the cost of stationing "
                          "American troops here under a Special Measures Agreement.")
        art.claim("party-rok", "south-korea", parties,
                  {"type": "Party", "label": "South Korea", "altLabel": ["S. Korea"]})
        art.claim("party-us", "united-states", parties,
                  {"type": "Party", "label": "United States", "altLabel": ["US", "U.S."]})
        series = art.say(f"Since {FIRST_YEAR}, Seoul has shouldered partial costs under the "
                         "SMA -- for Korean civilians hired by the USFK, the construction of "
                         "military facilities and other forms of support.")
        costs = [("cost-korean-workers", "Korean workers employed by USFK",
                  "for Korean civilians hired by the USFK"),
                 ("cost-military-construction", "Construction of military facilities",
                  "the construction of military facilities"),
                 ("cost-other-support", "Other support", "other forms of support")]
        art.claim("series", "sma-series", series,
                  {"type": "AgreementSeries", "label": "Special Measures Agreement (series)",
                   "altLabel": ["SMA"], "inPlaceSince": str(FIRST_YEAR),
                   "coversCostItem": [c[0] for c in costs]})
        for entity, label, quote in costs:
            art.claim(entity, entity, quote, {"type": "CostItem", "label": label})
        troops = art.say("About 28,500 American soldiers are stationed in South Korea as part "
                         "of the US Forces Korea.")
        art.claim("usfk", "usfk", troops,
                  {"type": "Organization", "label": "United States Forces Korea",
                   "troopStrength": 28500}, qualifier="About")
        orgs = art.say("Talks are led by the Ministry of Foreign Affairs in Seoul and by the "
                       "State Department in Washington.")
        art.claim("mofa", "rok-mofa", orgs, {"type": "Organization",
                                             "label": "Ministry of Foreign Affairs"})
        art.claim("state-department", "us-state-department", orgs,
                  {"type": "Organization", "label": "U.S. Department of State"})
        for entity, label in PLACES:
            place = art.say(f"Past sessions have taken place in {label}.")
            art.claim(f"place-{entity}", entity, place, {"type": "Place", "label": label})
        for entity, label, credit in PUBLISHERS:
            line = art.say(f"This report draws on reporting by {label} {credit}.")
            art.claim(f"org-{entity}", entity, line, {"type": "Organization", "label": label})

    def _agreement(self, k: int) -> None:
        rng = self.rng
        year = FIRST_YEAR + k - 1
        agreement, word = f"sma{k}", ordinal_word(k)
        label = f"{word} Special Measures Agreement"
        launched = datetime.date(year, rng.randint(1, 2), rng.randint(1, 25))
        kr_lead, us_lead = self.names.korean(), self.names.american()
        kr_id, us_id = slug(kr_lead) + f"-{k}", slug(us_lead) + f"-{k}"

        art = self.article(f"Allies launch talks on {word} cost-sharing deal",
                           launched - datetime.timedelta(days=3))
        launch = art.say(f"South Korea and the United States will launch negotiations on the "
                         f"{label} next week in Seoul.")
        says = {"type": "Agreement", "label": label, "ordinal": k,
                "party": ["south-korea", "united-states"], "partOfSeries": "sma-series"}
        art.claim(agreement, agreement, launch, says)
        if k > 1:
            prior = art.say(f"The new deal is to replace the {ordinal_word(k - 1)} SMA, which "
                            "expires at the end of the year.")
            art.claim("predecessor", agreement, prior, {"precededBy": f"sma{k - 1}"})
        launch_month = f"{launched.year}-{launched.month:02d}"
        art.claim("launch", agreement, launch, {"negotiationsLaunched": launch_month},
                  inferred=f"\"Next week\" counted from the article's date, "
                           f"{art.issued.isoformat()}, falls in {launch_month}.")
        kr_line = art.say(f"{kr_lead}, the {KR_TITLE} at the Ministry of Foreign Affairs, will "
                          "lead the South Korean delegation.")
        art.claim(kr_id, kr_id, kr_line,
                  {"type": "Negotiator", "label": kr_lead, "represents": "south-korea",
                   "roleTitle": KR_TITLE, "affiliation": "rok-mofa"})
        us_line = art.say(f"{us_lead}, the State Department's {US_TITLE}, will lead the U.S. "
                          "delegation.")
        art.claim(us_id, us_id, us_line,
                  {"type": "Negotiator", "label": us_lead, "represents": "united-states",
                   "roleTitle": US_TITLE, "affiliation": "us-state-department"})
        facing = art.say(f"{kr_lead} will face his counterpart {us_lead} across the table.")
        art.claim("counterparts", kr_id, facing, {"counterpart": us_id})

        rounds = rng.randint(3, 10)
        deputies = {}
        for r in range(1, rounds + 1):
            self._round(k, r, year, agreement, label, kr_id, us_id, kr_lead, us_lead, deputies)
        self._payments(k, year, agreement, label, rounds)
        self._positions(k, year, agreement, label)

    def _round(self, k, r, year, agreement, label, kr_id, us_id, kr_lead, us_lead,
               deputies) -> None:
        rng = self.rng
        start = datetime.date(year, min(11, r + 2), rng.randint(1, 24))
        days = rng.randint(1, 3)
        end = start + datetime.timedelta(days=days - 1)
        place, place_label = PLACES[rng.randrange(len(PLACES))]
        round_id = f"{agreement}-round{r}"
        leads = [kr_id, us_id]
        lead_names = f"{kr_lead} and {us_lead}"
        if r > 2 and rng.random() < 0.15:
            # A deputy stands in for the US lead now and then, as in real talks.
            if "us" not in deputies:
                name = self.names.american()
                deputies["us"] = (slug(name) + f"-{k}", name)
            leads[1] = deputies["us"][0]
            lead_names = f"{kr_lead} and {deputies['us'][1]}"
        weekday_style = rng.random() < 0.35
        issued = start - datetime.timedelta(days=1) if weekday_style else end
        art = self.article(f"Allies hold round {r} of talks on the {ordinal_word(k)} SMA",
                           issued)
        verb = "will hold" if weekday_style else "held"
        opening = art.say(f"South Korea and the United States {verb} round {r} of "
                          f"negotiations on the {label} in {place_label}.")
        art.claim(round_id, round_id, opening,
                  {"type": "Round", "label": f"{label}, round {r}", "ofAgreement": agreement,
                   "ordinal": r, "roundLocation": place,
                   "roundStatus": "planned" if weekday_style else "held"})
        if weekday_style:
            expression = (f"on {WEEKDAYS[start.weekday()]}" if days == 1 else
                          f"from {WEEKDAYS[start.weekday()]} through {WEEKDAYS[end.weekday()]}")
            when = art.say(f"The talks will take place in {place_label} {expression}, an "
                           "official said.")
            art.claim("dates", round_id, when, {"dateExpression": expression})
            art.claim("dates-resolved", round_id, when,
                      {"startDate": start, "endDate": end, "dayCount": days},
                      inferred=f"Weekdays resolved against the article's date, "
                               f"{issued.isoformat()}, the day before the talks open: "
                               f"{expression} is {start.isoformat()} to {end.isoformat()}.")
        else:
            expression = (f"on {long_date(start)}" if days == 1 else
                          f"from {long_date(start)} to {long_date(end)}")
            when = art.say(f"The {days}-day session ran {expression}.")
            art.claim("dates", round_id, when,
                      {"startDate": start, "endDate": end, "dayCount": days,
                       "dateExpression": expression})
        led = art.say(f"The delegations {'are' if weekday_style else 'were'} led by "
                      f"{lead_names}.")
        art.claim("leads", round_id, led, {"leadNegotiator": leads})
        if leads[1] != us_id and leads[1] == deputies["us"][0] and not deputies.get("declared"):
            deputies["declared"] = True
            who = art.say(f"{deputies['us'][1]}, a deputy {US_TITLE}, stood in for {us_lead}.")
            art.claim("deputy", leads[1], who,
                      {"type": "Negotiator", "label": deputies["us"][1],
                       "represents": "united-states", "affiliation": "us-state-department"})
        art.say("Both sides said the talks were held in a friendly atmosphere.")

    def _payments(self, k, year, agreement, label, rounds) -> None:
        rng = self.rng
        trillion = rng.randint(500, 1500) / 1000
        won = int(round(trillion * 1_000_000_000_000))
        usd_million = int(won / rng.randint(1100, 1250) / 1_000_000)
        change = rng.randint(-20, 150) / 10
        pay_year = year + 1
        payment = f"payment-{agreement}"
        signed = datetime.date(year, 12, rng.randint(1, 28))
        duration = rng.choice((1, 1, 2, 3, 5, 6))
        expires = datetime.date(year + duration, 12, 31)
        art = self.article(f"Allies sign {ordinal_word(k)} SMA", signed)
        deal = art.say(f"Under the {label}, Seoul agreed to pay {trillion:g} trillion won "
                       f"(US${usd_million} million) for {pay_year}, a change of {change:g} "
                       "percent from the previous year.")
        art.claim(payment, payment, deal,
                  {"type": "Payment", "label": f"Payment under the {label}",
                   "underAgreement": agreement, "payer": "south-korea", "amount": won,
                   "currency": "KRW", "usdEquivalent": usd_million * 1_000_000,
                   "forYear": str(pay_year), "changePercent": change})
        terms = art.say(f"The deal, signed in Seoul on {long_date(signed)} after {rounds} "
                        f"rounds of talks, runs {duration} year{'s' * (duration > 1)} and "
                        f"expires on {long_date(expires)}.")
        art.claim("terms", agreement, terms,
                  {"signedOn": signed, "signedIn": "seoul", "duration": f"P{duration}Y",
                   "expiresOn": expires, "roundsHeld": rounds, "concludedIn": str(year)})
        # A second outlet reports the same deal, now and then with another dollar figure.
        other = usd_million + (rng.choice((-3, -2, 2, 4)) if rng.random() < 0.4 else 0)
        second = self.article(f"Seoul to pay {trillion:g} trillion won for US troops",
                              signed + datetime.timedelta(days=1))
        again = second.say(f"South Korea agreed to pay {trillion:g} trillion won "
                           f"(${other} million) under the {label}.")
        second.claim(payment, payment, again,
                     {"type": "Payment", "payer": "south-korea", "amount": won,
                      "currency": "KRW", "usdEquivalent": other * 1_000_000})
        which = second.say(f"The payment covers {pay_year}, the first year of the deal.")
        second.claim("payment-year", payment, which, {"forYear": str(pay_year)})
        link = second.say("The deal was struck in December.")
        second.claim("payment-agreement", payment, link, {"underAgreement": agreement},
                     inferred=f"The deal struck in December {year} is the {label}, named in "
                              "the article's first sentence.")

    def _positions(self, k, year, agreement, label) -> None:
        rng = self.rng
        billions = rng.randint(2, 6)
        art = self.article(f"US demands more for {ordinal_word(k)} SMA",
                           datetime.date(year, 6, rng.randint(1, 28)))
        demand_text = (f"demanded that Seoul pay US${billions} billion a year, about "
                       f"{rng.randint(3, 6)} times its current share")
        demand = art.say(f"Washington has {demand_text}, officials said.")
        art.claim(f"us-demand-{agreement}", f"us-demand-{agreement}", demand,
                  {"type": "Demand", "label": f"US demand for the {label}",
                   "heldBy": "united-states", "concernsAgreement": agreement,
                   "statement": demand_text, "amount": billions * 1_000_000_000,
                   "currency": "USD"}, qualifier="about")
        position_text = "our share of the defense cost should come at a reasonable level"
        position = art.say(f"A ministry official said {position_text}.")
        art.claim(f"rok-position-{agreement}", f"rok-position-{agreement}", position,
                  {"type": "Position", "label": f"South Korea seeks a reasonable share "
                                                f"({ordinal_word(k)} SMA)",
                   "heldBy": "south-korea", "statement": position_text})
        art.claim("position-agreement", f"rok-position-{agreement}", position,
                  {"concernsAgreement": agreement},
                  inferred=f"The official spoke of the talks the article reports, those for "
                           f"the {label}.")


def _says_lines(says: dict) -> list[str]:
    lines = []
    for key, value in says.items():
        if isinstance(value, list):
            lines.append(f"      {key}: [{', '.join(scalar(v) for v in value)}]")
        else:
            lines.append(f"      {key}: {scalar(value)}")
    return lines


def _wrap(text: str, indent: str, width: int = 92) -> list[str]:
    out, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            out.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return out + [indent + line]


def fact_file(article: Article) -> str:
    lines = [f"# Facts from source {article.id} (synthetic, dated "
             f"{article.issued.isoformat()}).",
             f'source: "{article.id}"', "claims:"]
    for c in article.claims:
        lines += [f"  - id: {c.id}", f"    about: {c.about}", f"    quote: {scalar(c.quote)}"]
        if c.qualifier:
            lines.append(f"    qualifier: {scalar(c.qualifier)}")
        if c.inferred:
            lines.append("    inferred: >-")
            lines += _wrap(c.inferred, "      ")
        lines.append("    says:")
        lines += _says_lines(c.says)
    return "\n".join(lines) + "\n"


def meta_file(article: Article, text_name: str, digest: str) -> str:
    entity, _label, credit = article.publisher
    return "\n".join([
        "# Metadata of one synthetic source article.",
        f'id: "{article.id}"',
        f"file: {text_name}",
        f"sha256: {digest}",
        f"title: {scalar(article.title)}",
        f"publisher: {entity}",
        f"publisher_quote: {scalar(credit)}",
        f"issued: {article.issued.isoformat()}",
        f'issued_quote: "date {article.issued.isoformat()}"',
    ]) + "\n"


def generate(agreements: int, out: Path, *, seed: int = 0, template: Path) -> dict[str, int]:
    """Write a synthetic project into `out` (created; its graph/ is replaced)."""
    if agreements < 1:
        raise ValueError("at least one agreement")
    articles = _Generator(agreements, seed).run()
    sources, facts = out / "graph" / "sources", out / "graph" / "facts"
    for folder in (sources, facts):
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
    for part in ("ontology", "queries"):
        if (out / part).exists():
            shutil.rmtree(out / part)
        shutil.copytree(template / part, out / part)
    claims = 0
    for art in articles:
        data = art.text.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        text_name = f"{art.id}_{digest[:16]}.txt"
        (sources / text_name).write_bytes(data)
        (sources / f"{art.id}.yaml").write_text(meta_file(art, text_name, digest),
                                                encoding="utf-8", newline="\n")
        (facts / f"{art.id}.yaml").write_text(fact_file(art), encoding="utf-8", newline="\n")
        claims += len(art.claims)
    return {"agreements": agreements, "sources": len(articles), "claims": claims,
            "estimated_triples": estimate_triples(agreements)}
