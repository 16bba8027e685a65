"""Where the story of a whole-page text dump ends: past a stretch of dropped furniture, lines that
list other stories (headlines, complete-sentence summaries each on another topic) go, while a
listicle's items and a story's own closing paragraphs stay. Small invented dumps, one block a line."""

from __future__ import annotations

from pipeline.normalise.text import _author_box_start, _is_listed, _is_other_stories, _terms, text_paragraphs
from tests.ferry_story import SHORT_MENU as MENU
from tests.ferry_story import SHORT_STORY as STORY
from tests.ferry_story import TITLE

SHARE = ["Share this", "Tweet", "More from The Coastal Courier"]
# other stories, each a headline and a whole sentence about something else
TEASERS = [
    "Storm closes the coast road for a second night",
    "Police said the road would stay shut until engineers had checked the sea wall below the cliffs.",
    "School choir wins national title in Cardiff",
    "Forty pupils sang three pieces and beat twelve other choirs from across the country in the final.",
    "Bakery marks a century on the high street",
    "The family who run it still bake the loaf their great-grandmother sold to miners in 1925.",
    "Lifeboat crew rescues two walkers cut off by the tide",
    "Volunteers launched within minutes and brought the pair ashore cold but unhurt, the station said.",
]


def test_a_teaser_list_with_whole_sentence_summaries_after_the_story_goes() -> None:
    body = text_paragraphs("\n".join([*MENU, *STORY, *SHARE, *TEASERS, *MENU]), TITLE)
    assert body == STORY


def test_a_listicles_items_on_the_storys_topic_stay() -> None:
    # subheads and long paragraphs about the story's subject, after a dropped picture credit and counter
    items = [
        "Monthly passes",
        "Commuters who hold monthly passes for the harbour ferry will pay nine pounds more, and the authority says "
        "passes bought before April keep the old fare until they expire, which spares regular passengers for a while.",
        "Single tickets",
        "Single ferry tickets rise by forty pence across the harbour, and the authority says fuel and crew costs "
        "explain the rise, although passenger groups dispute the sums and want the council to audit the budget.",
        "Season tickets",
        "Season tickets for the harbour ferry bought before April are honoured until they expire, the authority said, "
        "and passengers can renew them early at the old fares if they do so at the terminal in person.",
    ]
    body = text_paragraphs("\n".join([*MENU, *STORY, "Photo: Ann Lee", "1/12", *items, *MENU]), TITLE)
    assert body == [*STORY, *items]


def test_the_storys_closing_lines_after_a_gap_stay() -> None:
    # the story's end, parted from it by a caption and a counter, repeats its subjects
    closing = [
        "Ferry fare changes",
        "The new ferry fares take effect on April 1, the transport authority said.",
        "Passenger groups will meet the council about the fare rise next week",
    ]
    body = text_paragraphs("\n".join([*MENU, *STORY, "Photo: Ann Lee", "1/12", *closing, *MENU]), TITLE)
    assert body == [*STORY, *closing]


def test_other_stories_need_headlines_short_lines_and_other_topics() -> None:
    vocab = set(_terms(" ".join([TITLE, *STORY])))
    assert _is_other_stories(TEASERS, vocab)
    # the same lines, all whole sentences: no headline among them, so no list
    assert not _is_other_stories([t if t.endswith(".") else t + "." for t in TEASERS], vocab)
    # lines on the story's topic: its own end
    assert not _is_other_stories(["Ferry fares rise", STORY[1], "Ferry passes change", STORY[2]], vocab)


def test_short_prompts_above_a_more_site_heading_go_with_the_list_under_it() -> None:
    prompts = ["Harbour Ferries Council Transport News", "Share your thoughts with friends.", "More Coastal Courier"]
    body = text_paragraphs("\n".join([*MENU, *STORY, *prompts, *TEASERS[:6], *MENU]), TITLE)
    assert body == STORY


def test_a_paragraph_wrapped_over_short_lines_is_judged_whole() -> None:
    # blank lines part paragraphs; a quotation wrapped over short lines, then a postscript, after a share row
    quote = ["> Most if not all manual radio triggers work by pulling the", "> centre pin to ground and shorting the",
             "> flash circuit, which fires the strobe at once for every photographer in the studio"]
    ps = ("P.S. here is a bonus, if you have seven of those boards and thirty strobes you can connect them together "
          "to fire every strobe at the same moment.")
    paras = [*MENU, *STORY, "Share this", "Tweet", "\n".join(quote), ps, *MENU]
    body = text_paragraphs("\n\n".join(paras), TITLE)
    assert body[-1] == ps and body[: len(STORY)] == STORY


def test_a_gallery_counter_goes() -> None:
    body = text_paragraphs("\n".join([*STORY[:3], "2/43", *STORY[3:]]), TITLE)
    assert body == STORY


def test_a_reporters_email_line_closes_the_story_before_a_teaser_list() -> None:
    body = text_paragraphs("\n".join([*MENU, *STORY, "ann.lee@courier.example", *TEASERS[:6], *MENU]), TITLE)
    assert body == STORY


def test_an_author_box_over_many_short_lines_is_found() -> None:
    # the box stands in the first half of the body's lines (many short teasers follow) but past half its words
    box = ["About Ann Lee", "Ann Lee is a reporter who covers the islands and has written for the paper since 2009."]
    more = [f"Island story number {n} this week" for n in range(9)]
    assert _author_box_start([*STORY, *box, *more], 0) == len(STORY)
    # a profile's subhead near the top of a long story is no box
    assert _author_box_start([STORY[0], *box, *STORY[1:], *STORY], 0) is None


# a long teaser list: each entry a picture's keyword alt text, then its headline quoting someone
# (closing on the quote mark, with no stop before it), together longer than the story above
TOOLS = ["Share this", "Tweet", "Email", "Print"]  # a share row, with no list heading under it
QUOTED_TEASERS = [
    ("storm coast road closure sea wall cliffs engineers weather", "Coast road stays shut as engineers fear the sea wall will ‘give way’"),
    ("school choir national title cardiff pupils final music", "Choir teacher says her pupils sang ‘like nobody was listening’"),
    ("bakery century high street family bread miners history", "Baker marks a hundred years with a loaf that ‘tastes of home’"),
    ("lifeboat crew rescue walkers tide volunteers station coast", "Rescued walkers thank the volunteer crew who ‘came out of nowhere’"),
    ("library closure council budget books readers protest", "Readers rally against library cuts: ‘this is where we learned to read’"),
    ("football club stadium plans vote council planning fans", "Club chairman urges fans to back the new ground: ‘it is now or never’"),
    ("hospital waiting times ward nurses health board figures", "Nurses warn that the winter wards are ‘full to the doors’ already"),
    ("festival music park summer tickets crowds bands stage", 'Organisers say the summer festival sold out in "under an hour"'),
]


def test_a_teaser_list_longer_than_the_story_goes_when_it_is_headlines_through_and_through() -> None:
    teasers = [line for pair in QUOTED_TEASERS for line in pair]
    body = text_paragraphs("\n".join([*MENU, *STORY, *TOOLS, *teasers, *MENU]), TITLE)
    assert body == STORY


def test_the_storys_rest_after_a_box_stays_though_a_long_teaser_list_follows() -> None:
    # the story parted by a share row: its rest (sentences in a row) stays; the teasers under it go
    teasers = [line for pair in QUOTED_TEASERS for line in pair]
    body = text_paragraphs("\n".join([*MENU, *STORY[:3], *TOOLS, *STORY[3:], *TOOLS, *teasers, *MENU]), TITLE)
    assert body[:5] == STORY and not any("’" in line for line in body[5:])


def test_a_headline_closing_on_a_quote_is_listed_but_a_quoted_sentence_is_not() -> None:
    assert _is_listed("Minister vows to ‘fight on’ after the vote")
    assert _is_listed("Fans react to the final whistle: 'We were robbed'")
    assert not _is_listed('"We will fight on," the minister told reporters after the vote.')
    assert not _is_listed("The minister said the party would ‘fight on’.")
