"""The real dossier of this repository: the three summits built from the five seed articles."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.conftest import REPO, Project, facts_of, text_of


def independent_fold(text: str) -> str:
    """A second, simpler implementation of the folding rule, to cross-check the builder's."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub("[“”„‟«»]", '"', text)
    text = re.sub("[‘’‚‛]", "'", text)
    return " ".join(text.split())


def test_timeline_lists_the_three_summits_oldest_first(built_seed: Project) -> None:
    items = built_seed.page("index.html").select("ol.dossier-timeline > li")
    assert [item.select_one("time")["datetime"] for item in items] == [
        "2023-09-13",
        "2024-06-19",
        "2025-09-03",
    ]
    hrefs = [item.select_one("h3 a")["href"] for item in items]
    assert hrefs == [
        "meetings/2023-09-13-vostochny.html",
        "meetings/2024-06-19-pyongyang.html",
        "meetings/2025-09-03-beijing.html",
    ]
    for href in hrefs:
        assert (built_seed.site / href).is_file()
    places = [text_of(item.select_one(".dossier-timeline__when")) for item in items]
    assert places[0] == "13 September 2023 · Vostochny Cosmodrome, Amur Oblast, Russia"


@pytest.mark.parametrize(
    ("page", "minimum"),
    [
        ("meetings/2023-09-13-vostochny.html", 3),
        ("meetings/2024-06-19-pyongyang.html", 3),
        ("meetings/2025-09-03-beijing.html", 3),
    ],
)
def test_each_meeting_shows_verified_quotes_with_working_source_links(
    built_seed: Project, page: str, minimum: int
) -> None:
    soup = built_seed.page(page)
    quotes = soup.select("article.dossier-quote")
    assert len(quotes) >= minimum
    for quote in quotes:
        assert text_of(quote.select_one(".dossier-quote__speaker"))
        assert quote.select_one("blockquote[lang=vi]") is not None
        assert text_of(quote.select_one(".dossier-quote__translation")).startswith(
            "Our translation "
        )
        archive = quote.find("a", string="Archived copy at this quote")["href"]
        target, _, anchor = archive.partition("#")
        source_page = built_seed.page(str(Path(page).parent / target))
        assert anchor == quote["id"]
        assert source_page.select_one(f"#{anchor}") is not None
        # The anchor on the source page sits at a highlighted passage.
        assert source_page.select_one(f"#{anchor}").find_next_sibling("mark") is not None


def test_beijing_uses_all_three_of_its_articles(built_seed: Project) -> None:
    soup = built_seed.page("meetings/2025-09-03-beijing.html")
    archives = {
        a["href"].split("#")[0] for a in soup.find_all("a", string="Archived copy at this quote")
    }
    assert archives == {
        "../sources/2025-09-03-ec849631.html",
        "../sources/2025-09-03-db7c6840.html",
        "../sources/2025-09-03-vov.html",
    }
    originals = {
        a["href"].split("#")[0]
        for a in soup.find_all("a", string="Original article, at these words")
    }
    assert originals == {
        "https://vov.vn/the-gioi/nha-lanh-dao-trieu-tien-kim-jong-un-cam-ket-lam-moi-thu-de-ho-tro-nga-post1227379.vov"
    }


def test_pyongyang_quotes_are_reported_speech(built_seed: Project) -> None:
    kinds = [
        text_of(k)
        for k in built_seed.page("meetings/2024-06-19-pyongyang.html").select(".dossier-kind")
    ]
    assert kinds and set(kinds) == {"Reported speech"}


def test_vostochny_place_names_the_province_not_a_city(built_seed: Project) -> None:
    places = [
        text_of(li)
        for li in built_seed.page("meetings/2023-09-13-vostochny.html").select(".dossier-place li")
    ]
    assert places == [
        "Venue: Vostochny Cosmodrome (Trung tâm vũ trụ Vostochny Cosmodrome)",
        "City: not stated in the source",
        "Region: Amur Oblast (tỉnh Amur)",
        "Country: Russia (Nga)",
    ]


def test_vov_source_page_keeps_outlet_and_capture_site_apart(built_seed: Project) -> None:
    facts = facts_of(built_seed.page("sources/2025-09-03-vov.html"))
    assert facts["Outlet"] == "VOV (printed as “VOV.VN”)"
    assert facts["Captured from"] == "Việt Báo (printed as “VIETBAO.VN”)"
    assert facts["Cites for its words"] == "Reuters (“Theo: Reuters”)"
    assert facts["Photo and video credits"] == "Reuters (photo)"
    assert (
        facts["Raw file SHA-256"]
        == "1ef16afb0703d8b87d311bbd031d4f7c96df8af6d93cf9dab09ecd9dec4a53c0"
    )


def test_every_quote_is_in_its_raw_article_by_an_independent_check() -> None:
    sources = {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in (REPO / "site_src/sources").glob("*.yml")
    }
    count = 0
    for meeting_path in sorted((REPO / "site_src/meetings").glob("*.md")):
        front = yaml.safe_load(meeting_path.read_text(encoding="utf-8").split("---")[1])
        assert len(front["quotes"]) >= 3
        for quote in front["quotes"]:
            raw = (REPO / "site_src" / sources[quote["source"]]["raw"]).read_text(encoding="utf-8")
            lines = [independent_fold(line) for line in raw.splitlines()]
            assert any(independent_fold(quote["text"]) in line for line in lines), quote["id"]
            count += 1
    assert count >= 9


def test_export_validates_and_keeps_month_precision(built_seed: Project) -> None:
    data = json.loads((built_seed.site / "dossier.json").read_text(encoding="utf-8"))
    schema = json.loads((built_seed.site / "dossier.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    assert [m["date"] for m in data["meetings"]] == ["2023-09-13", "2024-06-19", "2025-09-03"]
    pyongyang_source = next(s for s in data["sources"] if s["id"] == "2024-06-0451033f")
    assert (pyongyang_source["date"], pyongyang_source["date_precision"]) == ("2024-06", "month")
    assert pyongyang_source["url"] is None and pyongyang_source["outlet"] is None
    assert len({q["id"] for q in data["quotes"]}) == len(data["quotes"])
    people = {p["id"] for p in data["people"]}
    assert {"vladimir-putin", "kim-jong-un", "dmitry-peskov"} <= people
    for person in people:
        assert (built_seed.site / f"people/{person}.html").is_file()


def test_one_changed_word_in_a_real_quote_fails_and_keeps_the_site(
    built_seed: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = Project(tmp_path / "copy")
    shutil.copytree(built_seed.root, project.root, ignore=shutil.ignore_patterns("build"))
    before = project.snapshot()
    meeting = project.src / "meetings/2023-09-13-vostochny.md"
    lines = meeting.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if "Tôi rất vui mừng" in line)
    lines[number] = lines[number].replace("rất vui mừng", "rất vui sướng")
    meeting.write_text("\n".join(lines), encoding="utf-8")
    result = project.run("build", capsys=capsys)
    assert result.status == 1
    first = result.err.splitlines()[0]
    assert first.startswith(
        f"site_src/meetings/2023-09-13-vostochny.md:{number + 1}: quote 'putin-glad-to-welcome' "
        "not found in source '2023-09-13-viet-bao': the nearest passage ("
    )
    assert "…rất vui «sướng» / article: «mừng»…" in first
    assert project.snapshot() == before


# Issue 18: where the seed's reports repeat each other and where they differ.


def test_beijing_groups_the_repeated_renderings_in_four_statements(built_seed: Project) -> None:
    page = built_seed.page("meetings/2025-09-03-beijing.html")
    statements = {
        section["id"]: [article["id"] for article in section.select("article.dossier-quote")]
        for section in page.select("section.dossier-statement")
    }
    assert statements == {
        "s-putin-never-forget": [
            "q-putin-never-forget-kursk-role",
            "q-putin-never-forget-sacrifices",
        ],
        "s-kim-cooperation-since-treaty": [
            "q-kim-cooperation-consolidated",
            "q-kim-relations-grown-since-treaty",
        ],
        "s-putin-thanks-for-troops": [
            "q-putin-thanks-troops-kursk",
            "q-putin-thanks-pyongyang-troops",
        ],
        "s-kim-pledge-everything-possible": [
            "q-kim-everything-possible-to-support",
            "q-kim-do-everything-possible",
        ],
    }
    pledge = page.select_one("#s-kim-pledge-everything-possible")
    assert text_of(pledge.select_one(".dossier-statement__meta")).startswith(
        "Said by Kim Jong Un · reported by 2 of this meeting's 3 sources"
    )
    marks = [
        [text_of(mark) for mark in article.select("mark.dossier-diff")]
        for article in pledge.select("article.dossier-quote")
    ]
    assert marks == [["thứ", "để hỗ trợ"], ["làm", "điều"]]
    # A statement's quotes are not shown a second time outside it.
    assert len(page.select("#q-kim-do-everything-possible")) == 1


def test_beijing_opens_with_the_one_fact_its_reports_give_differently(built_seed: Project) -> None:
    page = built_seed.page("meetings/2025-09-03-beijing.html")
    box = page.select_one("aside.dossier-differ__box")
    assert [text_of(claim.select_one("p")) for claim in box.select(".dossier-differ__claim")] == [
        "The setting of Putin's remarks on North Korea's troops see the claim"
    ]
    values = [text_of(item) for item in box.select("li")]
    assert [value.split(": ", 2)[-1] for value in values] == [
        "during the meeting (“Trong cuộc gặp”) (in the article text)",
        "at a press conference afterwards (“Trong cuộc họp báo sau đó”) (in the article text)",
    ]
    assert [item.select_one("a")["href"] for item in box.select("li")] == [
        "../sources/2025-09-03-ec849631.html#c-beijing-remarks-setting",
        "../sources/2025-09-03-db7c6840.html#c-beijing-remarks-setting",
    ]
    # The talks' length: stated by one report, the other two silent; no difference.
    length = page.select_one("#c-beijing-talks-length")
    rows = [
        [text_of(cell) for cell in row.find_all(["th", "td"])] for row in length.select("tbody tr")
    ]
    assert [row[1:] for row in rows] == [
        ["two and a half hours", "“kéo dài hai tiếng rưỡi”", "in the article text"],
        ["does not state it"],
        ["does not state it"],
    ]
    # The archived words are shown, highlighted, on the source page.
    source = built_seed.page("sources/2025-09-03-ec849631.html")
    anchor = source.select_one("#c-beijing-talks-length")
    assert text_of(anchor.find_next_sibling("mark")) == "kéo dài hai tiếng rưỡi"


def test_only_beijing_is_marked_on_the_timeline(built_seed: Project) -> None:
    items = built_seed.page("index.html").select("ol.dossier-timeline > li")
    marked = ["Sources differ" in text_of(item) for item in items]
    assert marked == [False, False, True]


def test_an_answer_shows_the_question_it_answers(built_seed: Project) -> None:
    page = built_seed.page("meetings/2023-09-13-vostochny.html")
    context = page.select_one("#q-putin-why-we-came .dossier-quote__context")
    assert [text_of(line) for line in context.find_all("p")] == [
        "Context, as the article prints it: Trả lời câu hỏi của phóng viên về việc Nga có giúp "
        "Triều Tiên chế tạo vệ tinh hay không",
        "Our translation: Answering a reporter's question on whether Russia would help North "
        "Korea build satellites",
    ]


def test_each_quote_shows_its_chain_as_far_as_the_article_states_it(built_seed: Project) -> None:
    beijing = built_seed.page("meetings/2025-09-03-beijing.html")
    vostochny = built_seed.page("meetings/2023-09-13-vostochny.html")

    def chain(page: object, quote_id: str) -> list[str]:
        return [text_of(link) for link in page.select(f"#q-{quote_id} .dossier-chain li")]  # type: ignore[attr-defined]

    assert chain(beijing, "putin-never-forget-sacrifices") == [
        "Vladimir Putin (Russian)",
        "Reuters",
        "VOV (Vietnamese)",
        "our English translation",
    ]
    assert chain(beijing, "kremlin-private-talks-invitation") == [
        "The Kremlin (Russian)",
        "an unnamed outlet (Vietnamese)",
        "our English translation",
    ]
    # Reuters is credited in the paragraph of the promise, not for the answers to reporters.
    assert chain(vostochny, "putin-promised-satellites")[1] == "Reuters"
    assert chain(vostochny, "putin-why-we-came") == [
        "Vladimir Putin (Russian)",
        "Việt Báo (Vietnamese)",
        "our English translation",
    ]


def test_the_kremlin_speaks_as_an_organisation(built_seed: Project) -> None:
    page = built_seed.page("organisations/the-kremlin.html")
    assert text_of(page.select_one(".dossier-head")).startswith(
        "The Kremlin Organisation (government)"
    )
    assert page.select_one("#q-kremlin-private-talks-invitation") is not None
    export = json.loads((built_seed.site / "dossier.json").read_text(encoding="utf-8"))
    assert [item["id"] for item in export["organisations"]] == [
        "russian-state-media",
        "the-kremlin",
    ]
    differing = [claim["id"] for claim in export["claims"] if claim["differ"]]
    assert differing == ["beijing-remarks-setting"]
    assert len(export["statements"]) == 4
