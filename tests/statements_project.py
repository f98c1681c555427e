"""A tiny project for the checks of statements, claims, organisations, `via` and `context`:
the usual tiny project (tests/conftest.py) with a third article, an English one, and an
organisation that speaks; its Hanoi meeting has two sources, a statement and claims."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import MEETING_ONE, PEOPLE, Project, make_project, sha256

ARTICLE_THREE = """Ông An: hợp tác trong mọi lĩnh vực sau 2 giờ hội đàm

Theo: TTXVN | 06/01/2024

Ông An tuyên bố: “Chúng tôi sẽ hợp tác chặt chẽ trong mọi lĩnh vực”.

Phóng viên hỏi về vệ tinh. Ông An đáp: “đó là lý do tại sao chúng tôi đến đây”.

Cuộc gặp kéo dài hơn 1 giờ. Lúc 3 giờn, Bộ Ngoại giao cho biết hai bên sẽ thảo luận tất cả lĩnh vực.

Ảnh: Sputnik. Hai bên ký 5 văn kiện.

Hãng Reuters cũng đưa tin về cuộc gặp của Bà Bình.
"""

SOURCE_THREE = f"""raw: articles/three.txt
raw_sha256: {sha256(ARTICLE_THREE)}
language: vi
headline: "Ông An: hợp tác trong mọi lĩnh vực sau 2 giờ hội đàm"
editorial_title: An pledges cooperation
date: 2024-01-06
cites:
  - {{name: TTXVN, printed: TTXVN}}
  - {{name: Reuters, printed: Reuters}}
credits:
  - {{name: Sputnik, printed: "Ảnh: Sputnik", kind: photo}}
cuts:
  - {{lines: "1", role: headline}}
  - {{lines: "3", role: byline}}
  - {{lines: "11", role: caption}}
"""

ARTICLE_EN = """Mr An said: “We will cooperate closely.” 5 January 2024, 2024-01-05.
"""

SOURCE_EN = f"""raw: articles/en.txt
raw_sha256: {sha256(ARTICLE_EN)}
language: en
editorial_title: An on cooperation
date: 2024-01-05
"""

ORGANISATIONS = """organisations:
  - id: bo-ngoai-giao
    name: The foreign ministry
    kind: government
    role: Test ministry
    printed_names: ["Bộ Ngoại giao"]
"""

THREE = "2024-01-06-ttxvn"
ONE = "2024-01-05-bao-mau"
EN = "2024-01-05-en"

QUOTES_THREE = f"""  - id: an-cooperate-three
    speaker: ong-an
    kind: direct
    source: {THREE}
    text: "Chúng tôi sẽ hợp tác chặt chẽ trong mọi lĩnh vực"
    translation: We will cooperate closely in every field
    attribution: Ông An tuyên bố
    via: TTXVN
  - id: an-why-here
    speaker: ong-an
    kind: direct
    source: {THREE}
    text: "đó là lý do tại sao chúng tôi đến đây"
    translation: that is why we came here
    attribution: Ông An đáp
    context:
      text: Phóng viên hỏi về vệ tinh
      translation: A reporter asked about satellites
  - id: ministry-all-fields
    speaker: bo-ngoai-giao
    kind: reported
    source: {THREE}
    text: "hai bên sẽ thảo luận tất cả lĩnh vực"
    translation: the two sides would discuss all fields
    attribution: Bộ Ngoại giao cho biết
"""

GROUPS = f"""statements:
  - id: an-cooperation
    speaker: ong-an
    gist: An pledged close cooperation in every field.
    quotes: [an-cooperate, an-cooperate-three]
claims:
  - id: talks-length
    subject: the length of the talks
    values:
      - {{source: {ONE}, value: two hours, printed: hai giờ}}
      - {{source: {THREE}, value: more than an hour, printed: hơn 1 giờ}}
    note: The second counts the closed-door talks.
  - id: talks-length-headline
    subject: the length of the talks, in the headline
    values:
      - source: {THREE}
        value: two hours
        printed: 2 giờ
        where: headline
"""

MEETING = "site_src/meetings/2024-01-05-hanoi.md"


def meeting_text() -> str:
    """Meeting one with the third source, its quotes, a statement and claims."""
    text = MEETING_ONE.replace(f"sources: [{ONE}]", f"sources: [{ONE}, {THREE}]")
    text = text.replace(
        "    attribution: Ông An nói\n", "    attribution: Ông An nói\n    via: Reuters\n"
    )
    head, _, body = text.rpartition("---\n")
    return head + QUOTES_THREE + GROUPS + "---\n" + body


def make_groups_project(root: Path) -> Project:
    """The tiny project with the third article, the English one and the organisation."""
    project = make_project(root)
    project.write("site_src/articles/three.txt", ARTICLE_THREE)
    project.write(f"site_src/sources/{THREE}.yml", SOURCE_THREE)
    project.write("site_src/articles/en.txt", ARTICLE_EN)
    project.write(f"site_src/sources/{EN}.yml", SOURCE_EN)
    people = PEOPLE.replace('["Ông An", "ông An"]', '["Ông An", "ông An", "Mr An"]')
    project.write("site_src/people.yml", people + ORGANISATIONS)
    project.write(MEETING, meeting_text())
    return project
