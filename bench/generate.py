"""Synthetic dossiers in the real `site_src/` format, for the benchmarks.

`make_project(root, repo, meetings=N, seed=S)` writes a whole project folder: N meetings, five
sources per meeting (raw articles of about 3 KB of Vietnamese-like text with diacritics, and
their records), twenty quotes per meeting taken from those articles, a statement grouping the
first speaker's words as two sources render them, a claim on the talks' length that two sources
state (differently in one meeting of `DIFFER_EVERY`), and a pool of people shared across the
meetings; then copies the repository's templates, schema and `mkdocs.yml`
beside it. The same N and seed always give the same bytes.

Every generated file passes the build's checks: the records' SHA-256 digests, cuts, printed
names, dates, places and URLs are all in their raw articles; every speaker is named in the
quote's source; every summary sentence carries a footnote.

    python -m bench.generate OUT_DIR --meetings 100 --seed 1
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from slugify import slugify

from bench.vocabulary import (
    AGENCIES,
    CITIES,
    FAMILY,
    GIVEN,
    MIDDLE,
    OUTLETS,
    ROLES,
    TOPICS,
    VENUES,
    WORDS,
)

SOURCES_PER_MEETING = 5
QUOTES_PER_SOURCE = 4
"""Four quotes in each of five sources: twenty quotes per meeting."""
ARTICLE_BYTES = 3000
"""A raw article grows filler paragraphs until it holds at least this many bytes."""
FULL_RIGHTS_EVERY = 10
"""One source in this many is recorded with `rights: full` (the rest show excerpts)."""
FIRST_DAY = date(1999, 1, 4)
DIFFER_EVERY = 3
"""One meeting in this many has sources that give different lengths for the talks."""
HOURS = ("một", "hai", "ba", "bốn")
"""Lengths of the talks as the articles print them (`kéo dài hai giờ`), and in English."""
HOURS_EN = ("one hour", "two hours", "three hours", "four hours")


@dataclass(frozen=True)
class Person:
    """A generated person of the shared pool."""

    id: str
    name: str
    role: str


@dataclass(frozen=True)
class Counts:
    """What a generated dossier holds."""

    meetings: int
    sources: int
    quotes: int
    people: int
    raw_bytes: int


def _sentence(rng: random.Random, low: int = 8, high: int = 16) -> str:
    """Words without a capital or a full stop."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if len(words) > 9:
        words[rng.randint(4, len(words) - 4)] += ","
    return " ".join(words)


def _join(names: list[str], conjunction: str) -> str:
    """`A, B and C` (or `A, B và C`)."""
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _statement(rng: random.Random) -> str:
    return _capital(_sentence(rng)) + "."


def _people(rng: random.Random, count: int) -> list[Person]:
    people: dict[str, Person] = {}
    while len(people) < count:
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        person_id = slugify(name)
        if person_id not in people:
            people[person_id] = Person(person_id, name, rng.choice(ROLES))
    return list(people.values())


def _dump(data: Any) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(
        data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1_000_000, indent=2
    )


@dataclass(frozen=True)
class _Quote:
    id: str
    speaker: Person
    kind: str
    text: str

    @property
    def attribution(self) -> str:
        """The words of its article that say who speaks (see `_article`)."""
        return f"{self.speaker.name} {'nói' if self.kind == 'direct' else 'cho biết'}"


def _article(
    rng: random.Random,
    *,
    source_id: str,
    published: date,
    participants: list[Person],
    quotes: list[_Quote],
    place: tuple[tuple[str, str], tuple[str, str, str, str]] | None,
    hours: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """One raw article and its source record (without `raw` and `raw_sha256`)."""
    outlet, outlet_printed, domain = rng.choice(OUTLETS)
    agency, photo_agency = rng.choice(AGENCIES), rng.choice(AGENCIES)
    author = f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}"
    headline = _capital(_sentence(rng, 8, 12))
    names = _join([person.name for person in participants], "và")
    intro = f"{names} đã có cuộc hội đàm ngày {published.day}/{published.month}."
    if place is not None:
        (_, venue_printed), (_, city_printed, _, country_printed) = place
        intro = (
            f"{names} đã có cuộc hội đàm tại {venue_printed} ở {city_printed}, "
            f"{country_printed} ngày {published.day}/{published.month}."
        )
    if hours is not None:
        intro += f" Cuộc hội đàm kéo dài {hours} giờ."
    lines = [
        headline,
        "",
        f"{author}/{outlet_printed} Theo: {agency}| {published:%d/%m/%Y} "
        f"{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}",
        "",
        f"{intro} {_statement(rng)}",
        "",
        f"{_statement(rng)[:-1]}. Ảnh: {photo_agency}",
        "",
    ]
    caption_line = 7
    for quote in quotes:
        if quote.kind == "direct":
            said = f"{quote.attribution}: “{quote.text}”."
        else:
            said = f"{quote.attribution} {quote.text}."
        lines += [f"{_statement(rng)} {said} {_statement(rng)}", ""]
    url = f"https://{domain}/the-gioi/{source_id}-post{rng.randint(100000, 999999)}.html"
    tail = [url, "Đọc tiếp", f"Bài liên quan: {_capital(_sentence(rng, 6, 10))}"]
    while len(("\n".join(lines + tail) + "\n").encode("utf-8")) < ARTICLE_BYTES:
        lines += [" ".join(_statement(rng) for _ in range(3)), ""]
    first_tail = len(lines) + 1
    lines += tail
    text = "\n".join(lines) + "\n"
    cuts = {
        "1": "headline",
        "3": "byline",
        str(caption_line): "caption",
        f"{first_tail}-{first_tail + len(tail) - 1}": "boilerplate",
    }
    printed = {"outlet": (outlet, outlet_printed), "author": (author, author)}
    return text, _record(headline, published, url, printed, (agency, photo_agency), cuts)


def _record(
    headline: str,
    published: date,
    url: str,
    names: dict[str, tuple[str, str]],
    credits: tuple[str, str],
    cuts: dict[str, str],
) -> dict[str, Any]:
    """An article's source record (without `raw` and `raw_sha256`): `names` holds the outlet's
    and the author's name and printed name, `credits` the agency cited and the photo's, `cuts`
    the role of each range of lines."""
    outlet = names["outlet"][0]
    agency, photo_agency = credits
    return {
        "language": "vi",
        "rights": "excerpts",
        "headline": headline,
        "editorial_title": f"Talks reported by {outlet} on {published:%d %B %Y}",
        "outlet": {"name": outlet, "printed": names["outlet"][1]},
        "author": {"name": names["author"][0], "printed": names["author"][1]},
        "date": published,
        "url": url,
        "cites": [{"name": agency, "printed": f"Theo: {agency}"}],
        "credits": [{"name": photo_agency, "printed": f"Ảnh: {photo_agency}", "kind": "photo"}],
        "cuts": [{"lines": lines, "role": role} for lines, role in cuts.items()],
    }


def generate_dossier(site_src: Path, meetings: int, seed: int = 1) -> Counts:
    """Write a synthetic dossier of `meetings` meetings into `site_src` (which must not exist)."""
    rng = random.Random(seed)
    for folder in ("articles", "sources", "meetings"):
        (site_src / folder).mkdir(parents=True)
    pool = _people(rng, 20 + meetings // 10)
    people = [{"id": p.id, "name": p.name, "role": p.role, "printed_names": [p.name]} for p in pool]
    (site_src / "people.yml").write_text(_dump({"people": people}), encoding="utf-8")
    (site_src / "about.md").write_text(
        "# About this dossier\n\n"
        f"A synthetic dossier of {meetings} meetings, generated for the benchmarks "
        f"(seed {seed}). Its articles are random Vietnamese words.\n",
        encoding="utf-8",
    )
    day = FIRST_DAY
    sources = quotes = raw_bytes = 0
    for number in range(1, meetings + 1):
        day += timedelta(days=rng.randint(2, 15))
        meeting = _Meeting(number, day, rng.sample(pool, rng.randint(2, 3)))
        meeting.city = rng.choice(CITIES)
        meeting.venue = rng.choice(VENUES)
        meeting.statement_words = _sentence(rng)
        first_hours = rng.randrange(len(HOURS))
        meeting.hours = (
            first_hours,
            (first_hours + 1) % len(HOURS) if number % DIFFER_EVERY == 0 else first_hours,
        )
        for index in range(SOURCES_PER_MEETING):
            raw_bytes += _write_source(rng, site_src, meeting, index, sources)
            sources += 1
        quotes += len(meeting.quotes)
        _write_meeting(rng, site_src, meeting)
    return Counts(meetings, sources, quotes, len(pool), raw_bytes)


@dataclass
class _Meeting:
    """A meeting being generated, and what its sources give it."""

    number: int
    day: date
    participants: list[Person]
    city: tuple[str, str, str, str] = ("", "", "", "")
    venue: tuple[str, str] = ("", "")
    source_ids: list[str] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    statement_words: str = ""
    """The first speaker's words that the first two sources both render (the second with its
    last word changed): the meeting's statement."""
    hours: tuple[int, int] = (0, 0)
    """The talks' length (an index of `HOURS`) in the first and the second source."""


def _write_source(
    rng: random.Random, site_src: Path, meeting: _Meeting, index: int, sources: int
) -> int:
    """Write the `index`th source of `meeting` (`sources` written before it); its bytes."""
    number, day, participants = meeting.number, meeting.day, meeting.participants
    published = day if index == 0 else day + timedelta(days=rng.randint(0, 3))
    source_id = f"{published.isoformat()}-{number:04d}-{'abcdefghij'[index]}"
    source_quotes = [
        _Quote(
            id=f"m{number:04d}-q{index * QUOTES_PER_SOURCE + offset + 1:02d}",
            speaker=participants[(index + offset) % len(participants)],
            kind="direct" if offset % 2 == 0 else "reported",
            text=(_capital if offset % 2 == 0 else str)(
                _rendering(rng, meeting, index)
                if index < 2 and offset == -index % len(participants)
                else _sentence(rng)
            ),
        )
        for offset in range(QUOTES_PER_SOURCE)
    ]
    text, record = _article(
        rng,
        source_id=source_id,
        published=published,
        participants=participants,
        quotes=source_quotes,
        place=(meeting.venue, meeting.city) if index == 0 else None,
        hours=HOURS[meeting.hours[index]] if index < 2 else None,
    )
    data = text.encode("utf-8")
    raw = f"articles/{source_id}.txt"
    (site_src / raw).write_bytes(data)
    if (sources + 1) % FULL_RIGHTS_EVERY == 0:
        record["rights"] = "full"
    record = {"raw": raw, "raw_sha256": hashlib.sha256(data).hexdigest(), **record}
    (site_src / "sources" / f"{source_id}.yml").write_text(_dump(record), encoding="utf-8")
    meeting.source_ids.append(source_id)
    meeting.quotes += [
        {
            "id": quote.id,
            "speaker": quote.speaker.id,
            "kind": quote.kind,
            "source": source_id,
            "text": quote.text,
            "translation": f"Synthetic quote {quote.id}, translated for the benchmark",
            "attribution": quote.attribution,
        }
        for quote in source_quotes
    ]
    return len(data)


def _rendering(rng: random.Random, meeting: _Meeting, index: int) -> str:
    """The words of the meeting's statement as its source `index` (0 or 1) renders them: the
    second changes the last word."""
    if index == 0:
        return meeting.statement_words
    words = meeting.statement_words.split(" ")
    others = [word for word in WORDS if word != words[-1].rstrip(",")]
    return " ".join([*words[:-1], rng.choice(others)])


def _statements_and_claims(meeting: _Meeting) -> dict[str, Any]:
    """The front matter that groups the statement's two renderings and records the claim."""
    speaker = meeting.participants[0].id
    first_two = meeting.source_ids[:2]
    return {
        "statements": [
            {
                "id": f"m{meeting.number:04d}-s1",
                "speaker": speaker,
                "gist": "Synthetic statement, rendered by two sources",
                "quotes": [
                    f"m{meeting.number:04d}-q{index * QUOTES_PER_SOURCE + offset + 1:02d}"
                    for index in range(2)
                    for offset in [-index % len(meeting.participants)]
                ],
            }
        ],
        "claims": [
            {
                "id": f"m{meeting.number:04d}-c1",
                "subject": "the length of the talks",
                "values": [
                    {
                        "source": source_id,
                        "value": HOURS_EN[hours],
                        "printed": f"kéo dài {HOURS[hours]} giờ",
                    }
                    for source_id, hours in zip(first_two, meeting.hours, strict=True)
                ],
            }
        ],
    }


def _write_meeting(rng: random.Random, site_src: Path, meeting: _Meeting) -> None:
    """Write the meeting file of `meeting`, once its sources are written."""
    day, city, venue, source_ids = meeting.day, meeting.city, meeting.venue, meeting.source_ids
    meeting_id = f"{day.isoformat()}-{slugify(city[0])}-{meeting.number:04d}"
    names = _join([person.name for person in meeting.participants], "and")
    front = {
        "id": meeting_id,
        "title": f"{names} meet in {city[0]}",
        "date": day,
        "date_source": source_ids[0],
        "place": {
            "source": source_ids[0],
            "venue": {"name": venue[0], "printed": venue[1]},
            "city": {"name": city[0], "printed": city[1]},
            "region": None,
            "country": {"name": city[2], "printed": city[3]},
        },
        "participants": [person.id for person in meeting.participants],
        "sources": source_ids,
        "summary_line": f"{names} hold talks in {city[0]}.",
        "quotes": meeting.quotes,
        **_statements_and_claims(meeting),
    }
    summary = [f"{names} met in {city[0]} on {day.day} {day:%B %Y}.[^{source_ids[0]}]"]
    summary += [
        f"Report {index + 1} covers the talks on {rng.choice(TOPICS)}.[^{source_id}]"
        for index, source_id in enumerate(source_ids[1:], start=1)
    ]
    (site_src / "meetings" / f"{meeting_id}.md").write_text(
        f"---\n{_dump(front)}---\n{' '.join(summary)}\n", encoding="utf-8"
    )


def make_project(root: Path, repo: Path, meetings: int, seed: int = 1) -> Counts:
    """A whole project in `root`: generated content plus the repository's templates and config."""
    root.mkdir(parents=True, exist_ok=True)
    counts = generate_dossier(root / "site_src", meetings, seed)
    for name in ("templates", "schema"):
        shutil.copytree(repo / name, root / name)
    shutil.copy(repo / "mkdocs.yml", root / "mkdocs.yml")
    return counts


def main(argv: list[str] | None = None) -> int:
    """Write a synthetic project folder; print what it holds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the project folder to create (must not exist)")
    parser.add_argument("--meetings", type=int, default=10, help="number of meetings (N)")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    arguments = parser.parse_args(argv)
    if arguments.out.exists():
        parser.error(f"{arguments.out} already exists")
    repo = Path(__file__).resolve().parent.parent
    counts = make_project(arguments.out, repo, arguments.meetings, arguments.seed)
    print(
        f"{arguments.out}: {counts.meetings} meetings, {counts.sources} sources, "
        f"{counts.quotes} quotes, {counts.people} people, {counts.raw_bytes:,} bytes of articles"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
