"""Where the story of a whole-page text dump ends: a long story does not carry its run on across a
sidebar into the teasers, tweets or reader comments below it, and a story is not cut at a short
list inside it. Small synthetic dumps, one line per block as DOM-to-text scrapers save pages."""

from __future__ import annotations

from pipeline.normalise.text import article_region, strip_markdown, text_paragraphs
from tests.ferry_story import HEADLINE, STORY, TITLE

MENU = ["Home", "News", "Sport", "Business", "Opinion", "Weather", "Travel", "Culture", "Jobs", "Contact us",
        "Newsletters", "Podcasts", "Puzzles", "Events", "Subscribe", "Advertise", "Archive", "Sitemap"]
# a teaser list: a headline, then the one-sentence summary a front page prints under it
TEASERS = [
    (f"Story number {i} from elsewhere on the site",
     f"A summary sentence of the {i}th teaser that tells the reader what another article on the site is about today.")
    for i in range(1, 13)
]


def _kept(lines: list[str], title: str | None = TITLE) -> list[str]:
    return text_paragraphs("\n".join(lines), title)


def test_a_long_story_does_not_run_on_across_a_sidebar_into_teasers() -> None:
    teasers = [line for pair in TEASERS[:5] for line in pair]
    kept = _kept([*MENU, HEADLINE, *STORY, *STORY, *MENU, *teasers, *MENU])
    assert kept == [*STORY, *STORY]


def test_the_story_under_the_headline_beats_a_stronger_teaser_list() -> None:
    teasers = [line for pair in TEASERS for line in pair]
    kept = _kept([*MENU, HEADLINE, "By Ann Lee", *STORY[:4], *MENU, *teasers, *MENU])
    assert kept == STORY[:4]


def test_a_comment_thread_that_outscores_its_story_does_not_replace_it() -> None:
    thread = []
    for i in range(10):
        thread += [f"reader{i}", f"June {i + 1}, 2026 at 10:0{i} am",
                   "I have been saying for years that the summer boats are too full, and a fare rise changes nothing at all.",
                   "Honestly the council should have stepped in long ago, the fares were already the highest on the coast.",
                   "Reply"]
    lines = [*MENU, HEADLINE, *STORY[:3], *MENU, *thread, *MENU]
    plain = [strip_markdown(x) for x in lines]
    start, end = article_region(lines, plain, TITLE)
    assert lines[start:end] == STORY[:3]
    assert _kept(lines) == STORY[:3]


def test_a_short_list_inside_the_story_keeps_the_story_whole() -> None:
    towns = ["Eastpoint", "Westhaven", "Northbay", "Southcliff", "Ferrytown", "Old Quay", "Gull Rock", "Pier Road"]
    lines = [*MENU, HEADLINE, *STORY[:3], "Stops that lose a sailing:", *towns, *STORY[3:], *MENU]
    kept = _kept(lines)
    assert STORY[0] in kept and STORY[-1] in kept


def test_a_teaser_title_printed_twice_goes_but_a_story_printed_twice_stays() -> None:
    doubled = [f"{title} {title}" for title, _ in TEASERS[:4]]
    twice = f"{STORY[0]} {STORY[0]}"
    kept = _kept([*MENU, HEADLINE, *STORY[:2], twice, *STORY[2:], *MENU, *doubled, *MENU])
    assert twice in kept
    assert not any(d in kept for d in doubled)


def test_an_archive_list_flattened_onto_one_line_goes_but_a_numbered_sentence_stays() -> None:
    archive = "Posts by Month November 2026 (16) October 2026 (50) September 2026 (53) August 2026 (51) July 2026 (62)"
    topics = "Browse by topic ferries (12) harbour (3) council (27) fares (9) weather (41) events (5)"
    numbered = "The authority listed its reasons: (1) fuel costs, (2) crew wages, (3) repairs and (4) lower winter traffic."
    # a sidebar printed above a post, no menus around: the dump is not a whole page, yet the lists go
    kept = _kept([archive, topics, HEADLINE, *STORY[:3], numbered, *STORY[3:]], HEADLINE)
    assert kept == [*STORY[:3], numbered, *STORY[3:]]


def test_caption_credits_go_but_prose_about_a_photo_stays() -> None:
    credits = ["1938 – Archive Number: 39749. Photographer: The Coastal Courier.",
               "STAFF PHOTO BY ANN LEE Commuters board the early ferry",
               "Harbour at night photo: Flickr user Tom Reyes",
               "Ann Lee/Reuters"]
    prose = "The photo by Ann Lee of the crowded morning ferry won the regional press award for news pictures last year."
    kept = _kept([HEADLINE, credits[0], *STORY[:2], credits[1], prose, credits[2], *STORY[2:], credits[3]], HEADLINE)
    assert kept == [*STORY[:2], prose, *STORY[2:]]


def test_an_author_box_under_the_post_goes_but_a_subhead_about_something_stays() -> None:
    box = ["About Ann Lee", "Ann Lee writes about transport for the Courier. When not on a ferry she walks the coast path.",
           "More Posts - Website", "Ann recommends you read these posts:", "Harbour crossings through the years"]
    subhead = "About Tom Reyes"
    kept = _kept([HEADLINE, *STORY[:3], subhead, *STORY[3:], *box], HEADLINE)
    assert kept == [*STORY[:3], subhead, *STORY[3:]]
    byline = "Ann Lee – who has written 412 posts on The Coastal Courier."
    assert _kept([HEADLINE, *STORY, byline, box[1], box[2]], HEADLINE) == STORY


def test_a_caption_printed_twice_goes_but_a_repeated_standfirst_keeps_one_copy() -> None:
    caption = "Commuters queue for the early ferry at the east pier on a wet Monday morning."
    gallery = ["Harbour through the years – The old chain ferry crossing the bay in its last summer of service.",
               "The old chain ferry crossing the bay in its last summer of service."]
    kept = _kept([HEADLINE, *STORY[:2], caption, f"Caption {caption}", *STORY[2:4], *gallery, *STORY[4:]], HEADLINE)
    assert kept == STORY
    # a bare repeat may be the standfirst printed again as the lead: one copy stays
    assert _kept([HEADLINE, STORY[0], STORY[0], *STORY[1:]], HEADLINE) == STORY


def test_a_pull_quote_beside_its_paragraph_stays() -> None:
    quote = "Nobody likes a fare rise, but the alternative was fewer sailings."
    para = f"The chief executive defended the plan on Monday. {quote}"
    kept = _kept([HEADLINE, *STORY[:2], para, quote, *STORY[2:]], HEADLINE)
    assert para in kept


def test_a_list_of_teasers_cut_short_goes_but_prose_that_trails_off_stays() -> None:
    teasers = [line for i in range(1, 5) for line in (
        f"Lifeboat crew number {i} honoured",
        f"The volunteer crew of the station was given a medal for a rescue in the storm last winter when the {i}th...")]
    linked = [line for i in range(1, 4) for line in (
        f"Pier repairs phase {i}", f"The council has approved the {i}th phase of repairs to the old pier. Full Story")]
    trailing = "Passengers said they would wait and see. The next sailing, as ever, was late…"
    kept = _kept([HEADLINE, *STORY[:3], trailing, *STORY[3:], *teasers, *linked], HEADLINE)
    assert kept == [*STORY[:3], trailing, *STORY[3:]]


def test_a_dated_list_goes_but_a_timeline_in_the_story_stays() -> None:
    dated = ["January 15, 2026 Crane Accident Site Reopens To Traffic", "January 15, 2026 Council Votes On Harbour Budget",
             "January 14, 2026 Lifeboat Crew Honoured For Storm Rescue", "Is the ferry late again... by gullwatcher 01/14/2026 10:51 a.m. ET"]
    timeline = ["March 3, 2025: The authority first warns that fares may rise.",
                "June 9, 2025: Fuel costs reach their highest level in a decade.",
                "January 12, 2026: The board approves the new fares."]
    kept = _kept([HEADLINE, *STORY[:3], *timeline, *STORY[3:], *dated], HEADLINE)
    assert kept == [*STORY[:3], *timeline, *STORY[3:]]


def test_a_list_under_a_heading_that_is_furniture_goes_with_it() -> None:
    # "You may also like:" is furniture itself; the list under it must still be found and dropped
    related = ["Lifeboat station opens its doors to visitors for a weekend", "Pier repairs to start in May after long delays",
               "Island bus timetable changes for the summer"]
    kept = _kept([HEADLINE, *STORY, "You may also like:", *related], HEADLINE)
    assert kept == STORY


def test_a_summary_cut_short_beside_its_whole_text_goes() -> None:
    summary = "The lifeboat crew was honoured for a rescue in the storm last winter, the station said on Friday."
    kept = _kept([HEADLINE, *STORY, summary, "The lifeboat crew was honoured for a rescue ..."], HEADLINE)
    assert kept == [*STORY, summary]


def test_a_rights_line_after_the_story_ends_it() -> None:
    # teasers with summaries close under the story carry its run on; the wire's rights line ends it
    teasers = [line for pair in TEASERS[:3] for line in pair]
    for rights in ("© Harbour Wire 2026", "Copyright 2026 The Coastal Courier. All rights reserved."):
        kept = _kept([*MENU, HEADLINE, *STORY, rights, "Top Stories", *teasers, *MENU])
        assert kept == STORY, rights


def test_a_picture_credit_or_a_sidebar_rights_line_does_not_end_the_story() -> None:
    # a picture's credit names no year: the story goes on after it
    kept = _kept([*MENU, HEADLINE, *STORY[:4], "© Ann Lee", *STORY[4:], *MENU])
    assert kept == STORY
    # a blog's sidebar blurb and its rights line above the headline: the story still comes
    blurb = ("You are welcome to link to the Harbour Blog or to use a single picture with a short description and a "
             "link back to the post, but please do not copy whole posts or the recipes without asking first.")
    shop = "Find the list of the shops selling the harbour fabric line, with all of the new spring and summer prints, on the shop page."
    kept = _kept([*MENU, shop, blurb, "© 2006–2026 Ann Lee.", HEADLINE, *STORY, *MENU])
    assert set(STORY) <= set(kept)


def test_cut_short_teasers_parted_by_a_box_of_headlines_are_one_list() -> None:
    # a sidebar box: headline, a summary cut short, then the box's other links, and the next box
    boxes = []
    for i in range(3):
        boxes += [f"Box story {i} from the harbour desk",
                  f"The {i}th teaser tells the reader a little about another story on the site, then stops short...",
                  "Pier repairs to start in May", "Lifeboat crew honoured", "Fish market moves to the quay",
                  "Island school gets new head", "Storm closes the coast road"]
    lines = [*STORY, *boxes]
    kept = text_paragraphs("\n".join(lines))
    assert not any("teaser" in line for line in kept)
    assert kept[: len(STORY)] == STORY


def test_long_title_case_teaser_headlines_go_but_a_schedule_stays() -> None:
    teasers = ["Witness One Harbour Town's Descent Into Madness as Its Ferry Timetable Changes Again and Again",
               "Why Isn't Your Island Bus Running Like It Used To When The Roads Were Quiet?",
               "Which Harbour Town Is Getting The Worst Deal This Summer? An Analysis Of The New Ferry Maps",
               "You Might Hear That The Old Lighthouse Keeper Is Retiring, But Never That He Will Leave The Island"]
    kept = _kept([*MENU, HEADLINE, *STORY, *MENU[:2], *teasers, *MENU])
    assert kept == STORY
    # a schedule in the story is Title Case too, but its figures make it a table, not teasers
    schedule = ["Friday: Harbour Rovers LH Tom Reyes (9-7, 3.75 ERA) vs. RH Ann Lee (1-2, 3.86)",
                "Saturday: Harbour Rovers RH Kim Park (2-1, 2.37) vs. LH Al Dock (6-7, 3.98)",
                "Sunday: Harbour Rovers RH Bo Lake (4-1, 1.41) vs. LH Jo Quay (8-6, 3.82)"]
    kept = _kept([*MENU, HEADLINE, *STORY[:3], *schedule, *STORY[3:], *MENU])
    assert kept == [*STORY[:3], *schedule, *STORY[3:]]
    # a reading list in the story cites its authors or sources: it stays too
    readings = ["“Harbour Lives: An Introduction To The Ferry Towns Of The North Coast” by Ann Lee and Bo Park",
                "“Knock, Knock. Who Is There? The Island Audience And The Evening Boat” by Kim Reyes",
                "Slow Roast Pumpkin With Kale And Harbour Cheese Toasted Crumbs from Ann's Island Kitchen"]
    kept = _kept([*MENU, HEADLINE, *STORY[:3], *readings, *STORY[3:], *MENU])
    assert kept == [*STORY[:3], *readings, *STORY[3:]]


def test_picture_captions_inside_the_story_do_not_end_its_run() -> None:
    # a picture's alt text and its caption, both credited, between the first paragraph and the rest
    caption = "The harbour ferry at the east pier on Monday morning, before the new fares were announced. Image: Ann Lee."
    lead = " ".join(STORY[:2])
    kept = _kept([*MENU, HEADLINE, lead, caption, caption, *STORY[2:], *MENU])
    assert lead in kept and set(STORY[2:]) <= set(kept)


def test_a_comment_counter_under_the_headline_does_not_hand_the_story_to_the_menu() -> None:
    # a menu of teaser headlines above the story, then the headline, a share bar with its
    # "Comment" counter, and the story: the story is after the counter
    teasers = [f"Is the {i}th harbour story the one everybody on the island will be talking about this week?"
               for i in range(1, 7)]
    kept = _kept([*MENU, *teasers, *MENU[:3], HEADLINE, "Comment", "0", "Tweet", *STORY, *MENU])
    assert kept == STORY


def test_a_sections_story_list_after_the_story_goes() -> None:
    teasers = ["Storm closes the coast road", "Pier repairs to start in May", "Island school gets new head"]
    for heading in ("Top Harbour Stories", "More tennis news...", "Latest Business Headlines"):
        kept = text_paragraphs("\n".join([*STORY, heading, *teasers]))
        assert kept == STORY, heading


def test_a_few_lines_past_a_stretch_of_dropped_furniture_after_the_story_go() -> None:
    # invented: a long story, a share row, then an author's bio and a disclaimer that read as prose
    menu = ["Home", "News", "Sport", "Weather", "Contact", "Jobs"]
    story = [f"Paragraph {n} of the ferry story says the council approved the summer timetable for the islands."
             for n in range(8)]
    share = ["Share this", "Tweet", "Email", "Print"]
    leftovers = ["Ann Lee is a reporter who covers the islands and has written for the paper since the spring of 2009.",
                 "The views expressed here are the writer's own and not those of the harbour board."]
    body = text_paragraphs("\n".join([*menu, *story, *share, *leftovers, *menu]))
    assert body == story


def test_the_storys_last_paragraph_after_a_caption_stays() -> None:
    menu = ["Home", "News", "Sport", "Weather", "Contact", "Jobs"]
    story = [f"Paragraph {n} of the ferry story says the council approved the summer timetable for the islands."
             for n in range(8)]
    last = "The new times start on the first Monday in June, the board said in a statement on Friday."
    body = text_paragraphs("\n".join([*menu, *story, "Photo: Ann Lee", last, *menu]))
    assert body == [*story, last]


def test_kept_lines_before_the_repeated_headline_of_a_whole_page_go() -> None:
    # invented: a blog's masthead note and an advert's blurb, both prose, above the story's headline
    menu = ["Home", "News", "Sport", "Weather", "Contact", "Jobs"]
    lead = ["Got a question about the Harbour Blog? Send us an email and we will answer it this week.",
            "Cheap ferry tickets for the whole family, book now and save up to a third on every crossing."]
    story = [f"Paragraph {n} of the ferry story says the council approved the summer timetable for the islands."
             for n in range(8)]
    title = "Council Approves Summer Ferry Timetable - Harbour Blog"
    body = text_paragraphs("\n".join([*menu, *lead, "Council Approves Summer Ferry Timetable", *story, *menu]), title)
    assert body == ["Council Approves Summer Ferry Timetable", *story]


def test_a_sentence_case_subhead_repeating_the_title_keeps_what_is_above_it() -> None:
    menu = ["Home", "News", "Sport", "Weather", "Contact", "Jobs"]
    story = [f"Paragraph {n} of the ferry story says the council approved the summer timetable for the islands."
             for n in range(8)]
    title = "Summer Ferry Timetable - Harbour Blog"
    body = text_paragraphs("\n".join([*menu, *story[:2], "Summer ferry timetable", *story[2:], *menu]), title)
    assert [p for p in body if p in story] == story


# a sidebar above the story that reads like running text: a blog's blurb, an author's bio, a book advert
BLURBS = [
    "Welcome to the Coastal Courier blog, where we bring you the news from the harbour that you will not find anywhere else.",
    "Our editor has covered the harbour, its boats and its people for twenty years, and has written three books about them.",
    "Her latest book, Tides and Timetables, is out now in paperback and would make a great gift for anyone who loves the sea.",
    "Consider a donation if you like what you read here, because every pound helps to keep the reporting free for everyone.",
    "Sign up to the weekly letter and we will send you the best of the week's stories every Sunday morning at breakfast time.",
    "Every story on this site is written by local people who live by the water and care about what happens to the harbour.",
]


def test_a_sidebar_of_blurbs_above_the_headline_is_not_the_story() -> None:
    # the blurbs outweigh the short story and make one run with it: the headline inside the run starts the story
    kept = _kept([*MENU, *BLURBS, "Share this", HEADLINE, *STORY[:3], *MENU])
    assert kept == [HEADLINE, *STORY[:3]]


def test_a_headline_repeated_inside_the_story_does_not_cut_it() -> None:
    # the story's first line starts with the headline ("Headline by Ann Lee ..."): a repeat below is no new start
    lines = [*MENU, f"{HEADLINE} by Ann Lee, our transport correspondent, on Monday.", *STORY[:4], HEADLINE, *STORY[4:], *MENU]
    kept = _kept(lines)
    assert STORY[0] in kept and STORY[5] in kept


def test_a_blog_name_before_a_colon_in_the_title_still_finds_the_headline() -> None:
    # "Blog name: Post title": the post's headline after the colon marks where the story starts
    title = f"The Harbour Diaries: {HEADLINE}"
    kept = _kept([*MENU, *BLURBS, HEADLINE, *STORY[:3], *MENU], title)
    assert kept == [HEADLINE, *STORY[:3]]


def test_a_sidebar_list_opened_by_the_headline_does_not_beat_the_story_under_it() -> None:
    # a "recent posts" box lists this post first: its entries score like text, but the story's own run,
    # right under the headline again, is stronger
    recent = [f"reader{i} on the council meeting about the harbour ferry timetable for the spring season" for i in range(12)]
    kept = _kept([*MENU, HEADLINE, *recent, *MENU, HEADLINE, "By Ann Lee", *STORY, *MENU])
    assert kept == STORY


def test_a_stronger_run_past_the_storys_run_is_not_announced_by_its_headline() -> None:
    # the headline announces the run right under it; a teaser box a row of links further down is another run
    row = " | ".join(MENU + MENU)
    teasers = [line for pair in TEASERS[:6] for line in pair]
    kept = _kept([*MENU, HEADLINE, *STORY[:2], row, *teasers, *MENU])
    assert kept == STORY[:2]


def test_a_list_of_long_title_case_headlines_with_figures_after_the_story_goes() -> None:
    # long headlines with figures are not menu items on their own, but a run of them is a teaser list
    teasers = ["Which Ferry Route Is Getting Cut This Winter? An Analysis Of The 12 Busiest Crossings",
               "Virtual Harbour Tours Have Never Felt More Real",
               "Ten Things You Never Knew About The 1953 Lighthouse Keepers Strike On The Coast",
               "Coast Guard Rescues 3 Sailors Off The Point After A Storm Overturns Their Yacht"]
    kept = _kept([*MENU, HEADLINE, *STORY, *teasers, "Contact us", "Privacy policy"])
    assert kept == STORY


def test_a_layout_tables_row_holding_the_story_in_one_cell_is_the_story() -> None:
    # html2text prints a layout table's row on one line: "dateline | the whole story | share"
    row = "Posted at 6:18 a.m. | " + " ".join(STORY) + " | Share this"
    kept = _kept([*MENU, "Home | News | Sport | Weather | Contact", HEADLINE, row, *MENU, "About | Privacy | Terms"])
    assert len(kept) == 1 and " ".join(STORY) in kept[0]


def test_the_titles_opening_words_on_a_line_are_the_headline() -> None:
    # "Headline, Site name": a separator the title split does not know still leaves the headline as its opening words
    title = f"{HEADLINE}, Best harbour news and ratings : CoastalCourier.com"
    kept = _kept([*MENU, *BLURBS, "Share this", HEADLINE, *STORY[:3], *MENU], title)
    assert kept == [HEADLINE, *STORY[:3]]


def test_the_titles_opening_words_without_a_mark_after_them_are_not_the_headline() -> None:
    # a post titled "<headline> this year": a line with its first words is a card inside the post, not a new start
    lines = [*MENU, *STORY[:4], HEADLINE, *STORY[4:], *MENU]
    assert [p for p in _kept(lines, HEADLINE + " this year") if p in STORY] == STORY
