"""Reader-comment threads as common comment systems print them once a page is flattened to text,
in the three dump styles of ``text_eval`` (one block per line, html2text markdown, blank-line
paragraphs). Every dump is written here by hand; none comes from the evaluation data."""

from __future__ import annotations

import pytest

from pipeline.normalise.text import text_paragraphs

TITLE = "Council approves new ferry timetable | Harbour News"
MENU = ["Home", "News", "Sport", "Weather", "Jobs", "Contact us"]
HEAD = ["Council approves new ferry timetable", "By Jo Quay, June 2, 2026"]
STORY = [
    "The council has approved a new ferry timetable for the summer season, which starts on the first Monday of June.",
    "Two extra evening sailings will run on weekdays, and the first boat of the day will leave half an hour earlier than it does now.",
    "The harbour authority said the changes follow a survey of more than two thousand regular passengers last autumn.",
    "Fares will not change this year, although the authority warned that fuel costs could force a review in the winter.",
    "Councillor Ann Price said the new times would help workers who commute to the mainland and families visiting relatives.",
]
FOOTER = ["About us | Privacy policy | Terms", "© 2026 Harbour News Ltd. All rights reserved."]
REMARKS = [
    "Brilliant news, the late boat is exactly the one I have been waiting for since my shifts changed last year.",
    "I doubt it will last, they promised the same thing three summers ago and the extra sailing vanished by August.",
    "Does anyone know whether the early boat will still stop at the north pier or only at the main harbour?",
    "It stops at both according to the leaflet my neighbour got from the ticket office this morning.",
]
NAMES = ["Margaret Ellis", "islandtom", "Peter Hughes", "Sue Carter"]
STYLES = ("blocks", "markdown", "paragraphs")


def _dump(thread: list[str], style: str) -> str:
    """The page as a scraper saves it: menu, headline, story, thread, footer, in one dump style."""
    lines = MENU + HEAD + STORY + thread + FOOTER
    if style == "markdown":  # html2text: menu links as bullets, the headline a heading, paragraphs apart
        menu = [f"  * [{m}](/{m.lower()})" for m in MENU]
        return "\n\n".join(["\n".join(menu), f"# {HEAD[0]}", HEAD[1], *STORY, *thread, *FOOTER])
    return ("\n\n" if style == "paragraphs" else "\n").join(lines)


def _body(thread: list[str], style: str) -> list[str]:
    return text_paragraphs(_dump(thread, style), title=TITLE)


@pytest.mark.parametrize("style", STYLES)
def test_facebook_plugin_thread_without_a_heading_is_cut(style: str) -> None:
    # the plugin's own rows: a name, the comment, "Like · Reply · 3y" (its age in one letter)
    thread: list[str] = []
    for i, remark in enumerate(REMARKS[:3]):
        thread += [NAMES[i], remark, f"Like · Reply · {i + 1}y"]
    thread.append("Facebook Comments Plugin")
    assert _body(thread, style) == STORY


@pytest.mark.parametrize("style", STYLES)
def test_disqus_posts_without_counter_or_sort_bar_are_cut(style: str) -> None:
    # "Avatar / Name • 3 years ago / text / Reply • Share ›": the thread outruns the story's run
    thread: list[str] = []
    for i, remark in enumerate(REMARKS[:2]):
        thread += ["Avatar", f"{NAMES[i]} • {i + 2} years ago", remark, "Reply • Share ›"]
    assert _body(thread, style) == STORY


@pytest.mark.parametrize("style", STYLES)
def test_comments_of_several_paragraphs_under_a_name_are_cut_whole(style: str) -> None:
    # long comments with no date, each "Name / paragraph / paragraph / paragraph / Reply": the
    # marks stand far apart, and the first comment's first paragraphs must go with its last
    thread: list[str] = []
    for i in range(3):
        paras = [" ".join((REMARKS[(i + k) % 4], REMARKS[(i + k + 1) % 4])) for k in range(3)]
        thread += [NAMES[i], *paras, "Reply"]
    assert _body(thread, style) == STORY


@pytest.mark.parametrize("style", STYLES)
def test_a_story_about_comment_buttons_keeps_its_text(style: str) -> None:
    story = [
        "The social network said on Monday that it will change how replies to posts are shown to users in Europe.",
        "Under the new design, a button marked Reply will sit under every post, beside a count of likes.",
        "Critics said the comments sections of news sites were already full of abuse and the change would not help.",
        "A spokesman said moderators would review reports of abuse within a day, and that most comments were civil.",
        "Anne Lowe, a researcher who studies online forums, said people reply faster when the button is bigger.",
    ]
    sep = "\n" if style == "blocks" else "\n\n"
    assert text_paragraphs(sep.join(MENU + HEAD[:1] + story + FOOTER), title=TITLE) == story


@pytest.mark.parametrize("style", STYLES)
def test_newspaper_comments_with_recommend_counts_are_cut(style: str) -> None:
    # "Name / text / 4 Recommend": a newspaper thread whose only mark is each comment's vote count
    thread: list[str] = []
    for i, remark in enumerate(REMARKS[:3]):
        thread += [NAMES[i], remark, f"{i + 4} Recommend"]
    assert _body(thread, style) == STORY


@pytest.mark.parametrize("style", STYLES)
def test_plugin_ages_in_short_form_mark_a_thread(style: str) -> None:
    # Viafoura/Livefyre-like: "Name / 2h / text"; Facebook-like: "Name · 3y / text"
    short = [x for i in range(3) for x in (NAMES[i], f"{i + 2}h", REMARKS[i])]
    dotted = [x for i in range(3) for x in (f"{NAMES[i]} · {i + 2}y", REMARKS[i])]
    assert _body(short, style) == STORY
    assert _body(dotted, style) == STORY


@pytest.mark.parametrize("style", STYLES)
def test_replies_addressed_in_reply_to_a_name_are_cut(style: str) -> None:
    thread = [x for i in range(1, 4) for x in (f"{NAMES[i]} in reply to {NAMES[i - 1]}", REMARKS[i])]
    assert _body(thread, style) == STORY


@pytest.mark.parametrize("style", ["markdown", "paragraphs"])
def test_blogger_thread_keeps_the_story_last_paragraph(style: str) -> None:
    # "Name said... / text / date": a comment's date and the next "said..." share one paragraph;
    # the marks open their comments, so the story's last paragraph is no comment's text
    thread = ["Margaret Ellis said...", REMARKS[0]]
    for i in range(1, 3):
        thread += [f"{3 + i}/06/2026 {i}:15 pm\n{NAMES[i]} said...", REMARKS[i]]
    thread.append("6/06/2026 4:15 pm")
    assert _body(thread, style) == STORY
