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
    originals = {a["href"] for a in soup.find_all("a", string="Original article")}
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
