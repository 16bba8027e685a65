"""Furniture around the story that the HTML path drops by its form (issue 19, part 1): lists of
other stories with blurbs, profile boxes, labels left over a list or a stripped date."""

from __future__ import annotations

import pytest

from pipeline.normalise.furniture import is_furniture_line
from pipeline.normalise.html import drop_junk_lines, extract_page
from tests.test_extraction import _STORY  # one story for the extraction tests

_BLURBS = [
    "The lifeboat crew was called out three times over the weekend to help yachts in trouble off the point.",
    "Shopkeepers on the high street say the new parking charges have kept their regular customers away.",
    "The school choir will sing at the cathedral in London next month after winning the regional final.",
]
_HEADLINES = ["Busy weekend for the lifeboat", "Parking charges anger traders", "Choir heads to the capital"]


def _page(extra: str, inside: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in _STORY)
    return (f"<html><head><title>Ferry terminal to open in spring</title></head><body><div class='story'>"
            f"<h1>Ferry terminal to open in spring</h1>{paras}{inside}</div>{extra}</body></html>")


def _body(page: str) -> str:
    return "\n".join(extract_page(page, "https://news.example/ferry").paragraphs)


@pytest.mark.parametrize("teasers", [
    # <li><h3><a>headline</a></h3><p>blurb</p></li>
    "<ul>" + "".join(f"<li><h3><a href='/s/{i}'>{h}</a></h3><p>{b}</p></li>"
                     for i, (h, b) in enumerate(zip(_HEADLINES, _BLURBS, strict=True))) + "</ul>",
    # <dt><a>headline</a></dt><dd>blurb</dd>
    "<dl>" + "".join(f"<dt><a href='/s/{i}'>{h}</a></dt><dd>{b}</dd>"
                     for i, (h, b) in enumerate(zip(_HEADLINES, _BLURBS, strict=True))) + "</dl>",
    # <p><a>headline</a><br>blurb</p>
    "<div>" + "".join(f"<p><a href='/s/{i}'>{h}</a><br>{b}</p>"
                      for i, (h, b) in enumerate(zip(_HEADLINES, _BLURBS, strict=True))) + "</div>",
    # <li><h3>headline</h3><p>blurb <a>Read more...</a></p></li>
    "<ul>" + "".join(f"<li><h3>{h}</h3><p>{b} <a href='/s/{i}'>Read more...</a></p></li>"
                     for i, (h, b) in enumerate(zip(_HEADLINES, _BLURBS, strict=True))) + "</ul>",
])
def test_a_list_of_other_stories_leaves_no_blurbs_behind(teasers: str) -> None:
    """The headline links go as link rows; their blurbs must go with them."""
    body = _body(_page(f"<div class='more'><h2>More news</h2>{teasers}</div>"))
    assert all(p in body for p in _STORY)
    assert not any(b[:30] in body for b in _BLURBS)


def test_a_story_with_linked_paragraphs_keeps_them() -> None:
    """A story that links a related story between its paragraphs, or opens paragraphs with a
    link inside a sentence, is not a list of teasers."""
    inside = ("<p><a href='/s/1'>Ferry fares to rise</a></p><p>Fares will rise by five percent in May, the operator said.</p>"
              "<p><a href='/s/2'>Pier repairs</a></p><p>The old pier will be kept as a fishing platform for the town.</p>"
              "<p><a href='/s/3'>Island timetable</a></p><p>Islanders asked for an earlier first boat on weekdays.</p>"
              + "".join(f"<p><a href='/p/{i}'>The mayor</a> said the quay would stay open during works, item {i}.</p>"
                        for i in range(3)))
    body = _body(_page("", inside))
    assert "Fares will rise by five percent" in body and "Islanders asked for an earlier" in body
    assert "said the quay would stay open" in body


def test_a_round_up_inside_the_post_and_a_menu_of_link_cells_are_not_teaser_lists() -> None:
    """Inside the post's own container a list of linked names with notes is the post (a round-up
    of grantees); cells holding only links are a menu, with no blurb to leave behind."""
    round_up = "".join(f"<p><a href='/g/{i}'><b>{h}</b></a><br>{b}</p>"
                       for i, (h, b) in enumerate(zip(_HEADLINES, _BLURBS, strict=True)))
    page = ("<html><head><title>Grants for the coast</title></head><body><div class='post hentry'><h1>Grants for the coast</h1>"
            f"<div class='entry-content'><p>{_STORY[0]}</p>{round_up}</div></div></body></html>")
    body = _body(page)
    assert all(b[:30] in body for b in _BLURBS)
    cells = "".join(f"<span class='small'><a href='/m/{i}a'>{h}</a> <a href='/m/{i}b'>Harbour desk {i}</a></span>"
                    for i, h in enumerate(_HEADLINES))
    fields = extract_page(_page(f"<div class='nav'>{cells}</div>"), "https://news.example/ferry")
    assert all(p in "\n".join(fields.paragraphs) for p in _STORY)


def test_an_invitation_to_give_a_view_is_not_body() -> None:
    from pipeline.normalise.furniture import is_comment_prompt

    assert is_comment_prompt("• Have a view on this story? Send us your feedback!")
    assert not is_comment_prompt("Have a look at the new pier before it opens, the mayor said.")


def test_a_profile_box_is_not_the_story() -> None:
    box = ("<div class='mini-bio'><p>Jo Quay is a senior writer who covers the harbour, the islands and the ferries, "
           "and has written two books about the coast.</p></div>")
    body = _body(_page(box))
    assert all(p in body for p in _STORY)
    assert "senior writer" not in body


@pytest.mark.parametrize("line", [
    "Posted", "On the Net:", "You may also like:", "Send this article:", "Share/save this article:", "Most Commented On",
    "Most popular stories right now", "Explore Related Content", "Related content from Harbourline:", "1 - 8 of 48",
    "Get the Flash Player to see this player.", "Brought to you by", "Do you like this post?", "You are here",
    # where to write, with the address; a post's meta row with its comment count
    "Write to Jo Quay at jo.quay@harbour.example", "E-mail comments to desk@harbour.example", "Email: desk@harbour.example",
    "SEND ME TIPS: joquay(at)mail(dot)example", "Got a tip? Email jo@harbour.example or call the desk.",
    "1 Comment » | Published in", "Leave a comment! | Filed under",
])
def test_labels_and_list_headings_are_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", [
    "The minister said:", "Posted by the harbour master, the notice warned of high tides.", "Updated figures follow below:",
    "Most popular among visitors was the island boat trip.", "Related issues will be discussed next week.",
    "Write to the council if you object, the mayor said.", "Email the harbour master before you sail, skippers were told.",
    "Men | 33 | 42",
])
def test_prose_and_lead_ins_are_not_labels(line: str) -> None:
    assert not is_furniture_line(line)


def test_a_story_held_in_one_cell_of_a_layout_table_is_stored_without_the_empty_cells() -> None:
    """trafilatura prints a layout row as "| | | | story ...": the story is kept, the empty cells' marks are not."""
    cells = "<td></td><td> </td><td></td>"
    page = (f"<html><head><title>Ferry terminal to open in spring</title></head><body><table><tr>{cells}"
            f"<td>{' '.join(_STORY)}</td></tr></table></body></html>")
    body = "\n".join(extract_page(page).paragraphs)
    assert _STORY[0][:40] in body and _STORY[-1][:40] in body
    assert not any(p.lstrip().startswith("|") for p in extract_page(page).paragraphs), body


def test_unwrap_lone_cell_keeps_rows_of_several_cells() -> None:
    from pipeline.normalise.html import unwrap_lone_cell

    assert unwrap_lone_cell("| | | The story in one cell, a \\| pipe inside |") == "The story in one cell, a | pipe inside"
    assert unwrap_lone_cell("| Team | Won | Lost |") == "| Team | Won | Lost |"
    assert unwrap_lone_cell("Not a row | at all") == "Not a row | at all"


@pytest.mark.parametrize("label", ["First posted", "first posted on"])
def test_a_first_posted_label_left_without_its_date_is_furniture(label: str) -> None:
    assert is_furniture_line(label)


@pytest.mark.parametrize("line", [
    "Get top stories and blog posts emailed to you each day.",
    "Get the latest updates right in your inbox. Subscribe to Harbour.example's newsletters.",
    "Get Harbour Daily, our technology newsletter",
    "Receive email alerts on:",
    "Text HARBOUR to 12345 to sign up for ferry alerts to your mobile phone.",
])
def test_a_prompt_to_take_the_sites_mail_is_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", [
    "Get ready for a long wait: the council says the alerts system will not be fixed before spring.",
    "Residents who want to receive flood alerts should register with the council by Friday.",
    "Getting the newsletter out on time was the editor's only worry that week.",
])
def test_a_sentence_about_alerts_or_newsletters_is_article_text(line: str) -> None:
    assert not is_furniture_line(line)


def test_a_mail_prompt_below_the_story_is_dropped() -> None:
    body = _body(_page("", inside="<p>Get the day's top stories emailed to you each morning.</p>"))
    assert all(p in body for p in _STORY)
    assert "emailed to you" not in body


@pytest.mark.parametrize("line", [
    "This page is best viewed in an up-to-date web browser with style sheets (CSS) enabled.",
    "| Site Requirements: a recent browser and Flash Player. Site best viewed in 1024x768 resolution |",
    "Best viewed with Firefox or Internet Explorer 7.",
])
def test_a_note_on_the_browser_the_site_wants_is_furniture(line: str) -> None:
    assert is_furniture_line(line)


def test_best_viewed_in_a_story_is_article_text() -> None:
    assert not is_furniture_line("The comet is best viewed with binoculars from a dark spot an hour after sunset.")


@pytest.mark.parametrize("line", ["3 of 23", "Photo 3 / 23", "www.harbour-ferries.com", "info.coastalcourier.co.uk",
                                  "Powered by Blogger", "Delivered by FeedBurner", "Enter your email address:",
                                  "Follow The Coastal Courier on Twitter", "Email to a friend", "Printer friendly version"])
def test_a_slideshow_counter_bare_site_address_or_sidebar_tool_is_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", [
    "Read the report at https://harbour.example/reports/fares-2026.pdf before the meeting.",
    "https://harbour.example/reports/fares-2026.pdf",
    "3 of 23 crew members were injured.",
    "The ferry is powered by two diesel engines and a battery pack fitted last spring.",
    "Follow the coast path on foot to the lighthouse, then take the bus back to town.",
])
def test_a_link_to_a_page_or_a_count_in_a_sentence_is_article_text(line: str) -> None:
    assert not is_furniture_line(line)


_OFFERS = [
    "Win a dream job for a day: we are giving away eight mentorships with a winemaker and a photographer.",
    "Play, learn and win in our stock trading contest with fifty thousand dollars in prizes this season.",
    "In this edition our senior editor reports on the mobile television trial on the road through town.",
    "Pick a screen, any screen: you can read the very best of the Courier on your phone or your tablet.",
]


@pytest.mark.parametrize("module", [
    "<div class='marketplacepromotions'><p>{}</p></div>",  # a promotion box
    "<div id='sponsorbox'><p>{}</p></div>",  # a sponsor's module
    "<div id='tabpodcasts'><p>{}</p></div>",  # the site's podcast tab
    "<section class='mobileapp'><p>{}</p></section>",  # the site's own app offer
    "<div class='app-download'><p>{}</p></div>",
    "<div id='rr-app-links'><p>{}</p></div>",
])
def test_promotion_sponsor_podcast_and_app_modules_are_not_the_story(module: str) -> None:
    body = _body(_page("", inside="".join(module.format(o) for o in _OFFERS)))
    assert all(p in body for p in _STORY)
    assert not any(o in body for o in _OFFERS), body


@pytest.mark.parametrize("container", [
    "post category-podcasts tag-sponsored-content",  # topic classes: what the post is about
    "node node-article node-promoted odd node-full",  # Drupal: the post is promoted to the front page
    "post sponsored-post",  # the post itself is a sponsored one
])
def test_a_post_about_podcasts_promoted_or_sponsored_keeps_its_story(container: str) -> None:
    paras = "".join(f"<p>{p}</p>" for p in _STORY)
    page = ("<html><head><title>Ferry terminal to open in spring</title></head><body>"
            f"<h1>Ferry terminal to open in spring</h1><div class='{container}'>{paras}</div></body></html>")
    body = _body(page)
    assert all(p in body for p in _STORY)


def test_pruning_leaves_empty_furniture_slots_in_place() -> None:
    """An empty slot holds no words: removing it would only change how trafilatura reads its neighbours."""
    from pipeline.normalise.html import _prune, parse_html

    tree = parse_html("<html><body><div id='box'><div id='sponsorbox'><!-- ad --></div>"
                      "<div class='sponsor'><p>Play and win in our stock trading contest.</p></div></div></body></html>")
    _prune(tree, [])
    assert tree.xpath("//div[@id='sponsorbox']")
    assert not tree.xpath("//div[@class='sponsor']")


# ---------------------------------------------------------------- a newspaper's own lines (issue 19, item 1)

@pytest.mark.parametrize("line", [
    # masthead address and switchboard
    "Harbour Leader 15 N. Main Street Portvale, PA 18711",
    "(570) 555-0101 or (800) 555-0149",
    "Telephone: (319) 555-0172",
    "Harbour Daily Herald 1804 N. Division St. Portvale, Illinois 60450 (815) 555-0121",
    "quayside, Signet House, 49-51 Harbour Road, London, EC1M 3JP Tel: +44 (0)20 7404 0470 Email: email quayside",
    # metadata rows under labels
    "View Rate : 106 # News Code : HN- 161022 Print Date : Saturday, January 12, 2008",
    "Contributed by: Jo Quay Source: harbour.example Posted on: January 15, 2008 07:36 PST Filed under: Ferries, Piers",
    "05/10/2018 - Publicado por: Jo Quay - Categoria: Portos - Tags: ferry",
    # the writer's address after a note on the writer
    "(Harbour News ferry editor Jo Quay can be reached at jquay(at)harbour.example.)",
    "Jo Quay is a columnist for the Harbour News. Write to her at jquay@harbour.example",
    # the paper selling itself, asking for tips, selling ads
    "For complete area coverage pick up a newspaper copy at a store near you.",
    "If you have any news tips that you would like us to follow up on, or if you have a story to submit, contact us.",
    "Contact our advertising team for advertising and sponsorship in the Harbour News and the Sunday Quay.",
    # the site's data notice, and a stamp of day, month and clock
    "NOTICE: We collect personal information on this site. To learn more, see our» Privacy Policy",
    "08/01 13:27 CET",
])
def test_a_newspapers_own_line_is_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", [
    "Jo Quay, +1-212-555-0100",  # a press release's contact: the gold texts keep it
    "The shop at 15 Main Street, Springfield, IL 62701 closed on Tuesday after the fire.",
    "Call (570) 555-0101 to book a seat on the new ferry, the operator said.",
    "FERRY TALES Rating: 3 out of 4 stars. Rated: PG for peril. Stars: Jo Quay, Al Dock. Length: 1:52.",  # a fact box
    "She said she would write to him at the harbour office every week.",
    "If you have ever waited for the ferry in the rain, you know the problem.",
    "Police said 3/4 of the crew left at 12:30 on Monday.",
    "The company said we collect personal information only with consent, the manager told reporters.",
])
def test_a_story_line_with_an_address_or_labels_is_article_text(line: str) -> None:
    assert not is_furniture_line(line)


def test_a_masthead_address_under_the_story_is_dropped_from_the_page() -> None:
    story = "".join(f"<p>{p}</p>" for p in _STORY)
    page = (f"<html><body><table><tr><td><h1>Ferry terminal to open in spring</h1>{story}</td></tr>"
            "<tr><td><p>Harbour Leader 15 N. Main Street Portvale, PA 18711</p>"
            "<p>(570) 555-0101 or (800) 555-0149</p></td></tr></table></body></html>")
    body = "\n".join(extract_page(page, "https://news.example/ferry").paragraphs)
    assert _STORY[-1][:40] in body
    assert "Main Street" not in body and "555-0101" not in body, body


_CAPTION = "Passengers queue for the first crossing from the new terminal at Portvale on Monday morning."


def test_a_caption_repeating_the_pictures_alt_text_is_dropped() -> None:
    """No caption markup: the block beside the picture says what its alt text says."""
    story = "".join(f"<p>{p}</p>" for p in _STORY)
    picture = (f"<div><img src='/ferry.jpg' alt='{_CAPTION}'><p>{_CAPTION}<br><small>Photo: Jo Quay</small></p></div>")
    page = f"<html><body><div id='content'><h1>Ferry terminal to open in spring</h1>{picture}{story}</div></body></html>"
    body = "\n".join(extract_page(page, "https://news.example/ferry").paragraphs)
    assert _STORY[-1][:40] in body
    assert "Passengers queue" not in body, body


def test_a_story_paragraph_that_opens_like_an_alt_text_stays() -> None:
    """The alt text is the story's first words, but the paragraph holding the picture is the story."""
    first = f"{_CAPTION} {_STORY[0]} {_STORY[1]}"
    story = f"<p><img src='/ferry.jpg' alt='{_CAPTION}'>{first}</p>" + "".join(f"<p>{p}</p>" for p in _STORY[2:])
    page = f"<html><body><div id='content'><h1>Ferry terminal to open in spring</h1>{story}</div></body></html>"
    body = "\n".join(extract_page(page, "https://news.example/ferry").paragraphs)
    assert "Passengers queue" in body, body


def test_a_promo_grid_of_sentences_is_no_data_table_header() -> None:
    """A layout table's promo cells ("Win tickets ..." over "Ferry news on your phone ... channel 95")
    are furniture even when the row under them holds figures: a header names columns in a few words."""
    rows = ["| Win Tickets Enter here for your chance to win tickets to see the Harbour Players live at the Quay Theatre. |  |",
            "| Harbour News On The Go Take the news with you on your phone at www.harbour.example/text, channel 95 or 801. |  |"]
    story = [" ".join(_STORY)]
    assert drop_junk_lines(story + rows) == story[:1] + rows[1:]
    table = ["| Route | Crossings | Minutes |", "| North pier | 4 | 55 |", "| South quay | 3 | 70 |"]
    assert drop_junk_lines(table) == table


def test_latest_on_a_site_is_a_heading_of_furniture() -> None:
    assert is_furniture_line("Latest on Harbour-news.co.uk")
    assert not is_furniture_line("Latest on the ferry: the terminal opens in May, the authority said.")


@pytest.mark.parametrize("line", [
    "Rate this article", "Buy a photo", "Reprints & Permissions", "Order a reprint of this article now",
    "Recommend this story", "Save this article", "Send a letter to the editor", "Add to My Yahoo!", "Ads by Google",
    "Story tools", "Top of page", "Next post »", "Previous article: Pier shuts for repairs", "Click to enlarge",
    "View larger image", "View gallery »", "See more photos",
])
def test_a_story_tool_or_service_label_is_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", [
    "Next, the crew will repaint the pier.", "Next: the tide tables", "Save the pier, residents say",
    "Rate this year's regatta the best yet, the mayor said.", "Top of the league again",
])
def test_a_story_line_opening_like_a_tool_label_is_article_text(line: str) -> None:
    assert not is_furniture_line(line)


def test_a_label_and_date_row_as_wide_as_the_story_row_is_dropped() -> None:
    """A layout table prints the story's cell and a "| Section | date |" row with as many cell marks:
    the story's row is no data-table company, so the label row goes; rows of short cells stay a table."""
    story = f"| {' '.join(_STORY)} | |"
    label = "| Ferries | Friday, Jan 11, 2008 |"
    assert drop_junk_lines([story, label]) == [story]
    table = ["| Ferries | Friday, Jan 11, 2008 |", "| Piers | Monday, Jan 14, 2008 |"]
    assert drop_junk_lines([" ".join(_STORY), *table]) == [" ".join(_STORY), *table]


def test_a_row_of_story_tools_with_a_counter_is_a_menu() -> None:
    assert is_furniture_line("66 hits · Link to this article · Print article · Send to friend · Subscribe to news")
    assert not is_furniture_line("Men | 33 | 42 | 51")  # a data row: figures are no counters
    assert not is_furniture_line("Ferries | 12 sailings | 4 piers")


def test_a_headed_list_of_other_stories_one_a_line_is_dropped() -> None:
    story = list(_STORY)
    sidebar = ["Top Harbour Stories for 2025:", "1. Pier shuts for repairs", "2. Choir wins the regional final",
               "3. Rain due at the weekend", "4. Ferry fares: how high will they go?"]
    assert drop_junk_lines([*story, *sidebar]) == story
    # a list in the story has its own heading, or sentences for items
    ranked = ["Rankings:", "1. Portvale", "2. Islink", "3. North Quay"]
    steps = ["Top skippers of recent stories agree on how to plan:", "1. Check the tide tables before you sail.",
             "2. Tell the harbour master when you leave.", "3. Carry a radio at all times."]
    assert drop_junk_lines([*story, *ranked, *steps]) == [*story, *ranked, *steps]


def _cards(n: int = 3) -> str:
    return "<ul>" + "".join(
        f"<li><a href='/s/{i}'><img src='/i/{i}.jpg'></a><h3><a href='/s/{i}'>{h}</a></h3><div class='excerpt'><p>{b}</p></div>"
        f"<p>By <a href='/a/{i}'>Staff writer</a></p></li>"
        for i, (h, b) in enumerate(zip(_HEADLINES, _BLURBS, strict=True))) + "</ul>"


@pytest.mark.parametrize("on", [True, False])
def test_cards_of_other_posts_inside_a_whole_post_wrapper_are_teasers(on: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """A blog's "recently posted" cards (picture, headline link in a heading, blurb) inside the
    post's whole-post wrapper ("hentry") after its text are other stories; the wrapper is not the
    post's text container, so it does not make them the post's content (TEASER_CARDS)."""
    from pipeline.normalise import html

    monkeypatch.setattr(html, "TEASER_CARDS", on)
    paras = "".join(f"<p>{p}</p>" for p in _STORY)
    page = ("<html><head><title>Ferry terminal to open in spring</title></head><body><div class='post type-post hentry'>"
            f"<h1>Ferry terminal to open in spring</h1>{paras}<div class='recent'><h4>Recently posted</h4>{_cards()}</div>"
            "</div></body></html>")
    body = _body(page)
    assert all(p in body for p in _STORY)
    assert any(b[:30] in body for b in _BLURBS) is not on


def test_cards_inside_the_posts_text_container_are_its_content() -> None:
    """The same cards inside the post's own text container ("entry-content") are the post's list."""
    page = ("<html><head><title>Grants for the coast</title></head><body><div class='post hentry'><h1>Grants for the coast</h1>"
            f"<div class='entry-content'><p>{_STORY[0]}</p><p>{_STORY[1]}</p>{_cards()}</div></div></body></html>")
    body = _body(page)
    assert all(b[:30] in body for b in _BLURBS)



@pytest.mark.parametrize("on", [True, False])
def test_a_row_of_links_set_apart_by_bars_or_bullets_is_dropped(on: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """A topics row ("All about Harbours • Island ferries • Coast") or a section bar ("Harbour Times
    Coastal business news | Home page") is mostly the page's link texts even with its label: a row of links
    (SEPARATED_ROW_SHARE). A story sentence that links a few words between bars stays."""
    from pipeline.normalise import html

    monkeypatch.setattr(html, "SEPARATED_ROW_SHARE", 0.6 if on else 2.0)
    inside = ("<p>All about <a href='/t/1'>Harbours and piers</a> • <a href='/t/2'>Island ferries</a> • <a href='/t/3'>Coast</a></p>"
              "<p>Harbour Times <a href='/biz'>Coastal business news</a> | <a href='/'>Home page</a></p>"
              "<p>The council met on Tuesday | the vote was <a href='/v'>close</a> | the harbour master said he would appeal.</p>")
    body = _body(_page("", inside))
    assert all(p in body for p in _STORY)
    assert "the harbour master said he would appeal" in body
    assert ("Island ferries" in body) is not on and ("Coastal business news" in body) is not on


@pytest.mark.parametrize("attrs", ["class='photo_credit'", "class='photoCredit'", "id='related_links'", "class='moreStories'",
                                   "class='share_tools'", "class='author_bio'"])
def test_furniture_class_tokens_match_whatever_joins_their_words(attrs: str) -> None:
    """A furniture token is the same block whether the template joins its words with "-", "_" or
    nothing ("photo-credit", "photo_credit", "photoCredit")."""
    note = "Photographer Jan Marsh took this picture for the harbour paper on a stormy morning in March."
    body = _body(_page("", f"<div {attrs}><p>{note}</p></div>"))
    assert all(p in body for p in _STORY)
    assert note not in body


_QUOTES = ("<table><tr><td>Symbol</td><td>Last</td><td>Change</td></tr>"
           "<tr><td>HBR</td><td>11.61</td><td>- 0.04</td></tr><tr><td>PVF</td><td>4.05</td><td>+ 0.11</td></tr>"
           "<tr><td>BRK.B</td><td>85.88</td><td>+0.79 (0.9%)</td></tr></table>")


@pytest.mark.parametrize("on", [True, False])
def test_a_box_of_share_quotes_is_dropped(on: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows of ticker symbols, prices and signed changes are a quote box, whatever the page puts
    them in; their header row goes with them (TICKER_ROWS). A sentence citing a price stays."""
    from pipeline.normalise import furniture

    monkeypatch.setattr(furniture, "TICKER_ROWS", on)
    is_furniture_line.cache_clear()
    try:
        cited = "<p>Shares of HBR fell 0.04 to 11.61 on Monday after the harbour authority announced the delay.</p>"
        body = _body(_page("", cited + _QUOTES))
    finally:
        is_furniture_line.cache_clear()
    assert all(p in body for p in _STORY) and "Shares of HBR fell 0.04 to 11.61" in body
    assert ("11.61 | - 0.04" in body or "HBR 11.61" in body) is not on
    assert ("Symbol" in body) is not on


@pytest.mark.parametrize("line", ["| HBR | 11.61 | - 0.04 |", "Dow 10,123.45 +12.30 (0.12%)", "S&P 500 1,180.22 -3.40 -0.29%",
                                  "EUR/USD 1.3456 +0.0012", "Quotes delayed at least 20 minutes.",
                                  "Research topics related to this story in the news and magazine archives."])
def test_quote_rows_and_their_data_notice_are_furniture(line: str) -> None:
    """A quote box's rows and notes, and the box beside it that offers more on the story."""
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", ["| Arsenal | 38 | 26 | 9 | 3 | +45 | 87 |", "| Smith | 52.9% | +2.1 |", "| HBR | 11.61 |",
                                  "The DJIA closed at 10,123.45, up 12.30", "The ferry was delayed 40 minutes by fog.",
                                  "The two stories related to this article were both false, the court found."])
def test_figures_that_are_no_quote_box_stay(line: str) -> None:
    assert not is_furniture_line(line)


_PAIRS = list(enumerate(zip(_HEADLINES, _BLURBS, strict=True)))


@pytest.mark.parametrize("teasers", [
    # <div><a>headline</a><p>blurb</p></div>: a block after the link puts it on a line of its own
    "".join(f"<div class='item'><a href='/s/{i}'>{h}</a><p>{b}</p></div>" for i, (h, b) in _PAIRS),
    # ... after a linked picture, and with the link in bold
    "".join(f"<div class='item'><a href='/s/{i}'><img src='/i/{i}.jpg'></a><b><a href='/s/{i}'>{h}</a></b>"
            f"<div class='sum'>{b}</div></div>" for i, (h, b) in _PAIRS),
    # <li><a>headline</a> - blurb</li>: a dash sets the blurb off on the link's line
    "<ul>" + "".join(f"<li><a href='/s/{i}'>{h}</a> - {b}</li>" for i, (h, b) in _PAIRS) + "</ul>",
    "<ul>" + "".join(f"<li><strong><a href='/s/{i}'>{h}</a></strong> — {b}</li>" for i, (h, b) in _PAIRS) + "</ul>",
])
def test_teasers_after_the_story_in_its_block_go(teasers: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Other stories listed after the story's paragraphs, in the story's own block: each item opens
    with a headline link to another page, on its own line or set off by a dash, then a blurb. The
    rules drop them without the learned trim's help."""
    monkeypatch.setattr("pipeline.normalise.html.LEARNED_TRIM", False)
    body = _body(_page("", f"<div class='more'>{teasers}</div>"))
    assert all(p in body for p in _STORY)
    assert not any(b[:30] in body for b in _BLURBS)


def test_a_story_whose_paragraphs_open_with_a_linked_name_keeps_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """A link that opens a sentence runs on into it, and an interview's linked speakers open their
    answers with a colon: neither is a teaser, however many paragraphs do it."""
    monkeypatch.setattr("pipeline.normalise.html.LEARNED_TRIM", False)
    inside = "".join(f"<p><a href='/p/{i}'>The harbour master</a> said the quay would stay open during works, item {i}.</p>"
                     for i in range(3))
    inside += "".join(f"<p><a href='/q/{i}'>Harbour master {n}</a>: {b}</p>"
                      for i, (n, b) in enumerate(zip(("Jo Quay", "Al Pier", "Mo Dock"), _BLURBS, strict=True)))
    body = _body(_page("", inside))
    assert body.count("said the quay would stay open") == 3
    assert all(b[:30] in body for b in _BLURBS)


def _post(inner: str) -> str:
    paras = "".join(f"<p>{p}</p>" for p in _STORY)
    return ("<html><head><title>Grants for the coast</title></head><body><div class='post hentry'><h1>Grants for the coast</h1>"
            f"<div class='entry-content'>{paras}{inner}</div></div></body></html>")


_ITEMS = "".join(f"<li><h3><a href='/s/{i}'>{h}</a></h3><p>{b}</p></li>" for i, (h, b) in _PAIRS)


@pytest.mark.parametrize("box", [
    f"<h3>Related posts</h3><ul>{_ITEMS}</ul>",
    f"<div class='yarpp'><h3>You may also like:</h3><ul>{_ITEMS}</ul></div>",
    "<div class='rel'><h4>More from Harbour News</h4>"
    + "".join(f"<div class='i'><h3><a href='/s/{i}'>{h}</a></h3><p>{b}</p></div>" for i, (h, b) in _PAIRS) + "</div>",
])
def test_a_headed_list_of_other_posts_inside_the_post_goes(box: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A blog prints its "related posts" box inside the post's container, after the text: under a
    heading that names other stories, a list of linked headlines with blurbs is not the post."""
    monkeypatch.setattr("pipeline.normalise.html.LEARNED_TRIM", False)
    body = _body(_post(box))
    assert all(p in body for p in _STORY)
    assert not any(b[:30] in body for b in _BLURBS)
    assert "Related posts" not in body and "also like" not in body and "More from" not in body


def test_an_unheaded_or_own_headed_list_inside_the_post_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same list under the post's own heading ("The grantees") is the post's content."""
    monkeypatch.setattr("pipeline.normalise.html.LEARNED_TRIM", False)
    body = _body(_post(f"<h3>The grantees</h3><ul>{_ITEMS}</ul>"))
    assert all(b[:30] in body for b in _BLURBS)


_BIO = "Jo Quay is a senior writer who covers the harbour, the islands and the ferries, and has written two books."


@pytest.mark.parametrize("box", [
    f"<div class='x'><h4>About the author</h4><p>{_BIO}</p></div>",
    f"<p><b>About the author:</b></p><p>{_BIO}</p>",
    f"<p><strong>About the writer</strong> {_BIO}</p>",
])
def test_an_about_the_author_box_after_the_story_goes(box: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A box about the writer after the story, even in the story's own block: the heading and its bio."""
    monkeypatch.setattr("pipeline.normalise.html.LEARNED_TRIM", False)
    body = _body(_page("", box))
    assert all(p in body for p in _STORY)
    assert "senior writer" not in body and "About the" not in body


def test_only_a_short_bio_after_the_story_goes_with_its_heading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the story an "About me" box is left to the other rules; under the heading, only a
    bio's length goes: more paragraphs after it are the page's."""
    monkeypatch.setattr("pipeline.normalise.html.LEARNED_TRIM", False)
    from pipeline.normalise.html import _author_boxes, _TreeText, parse_html

    tree = parse_html(f"<html><body><div><h3>About me</h3><p>{_BIO}</p></div>"
                      f"<div>{''.join(f'<p>{p}</p>' for p in _STORY)}</div></body></html>")
    assert _author_boxes(tree, _TreeText(tree)) == []
    paras = "".join(f"<p>{p}</p>" for p in _STORY)
    tree = parse_html(f"<html><body><div>{paras}<h3>About the author</h3><p>{_BIO}</p>{paras}</div></body></html>")
    texts = [el.text_content() for el in _author_boxes(tree, _TreeText(tree))]
    assert texts == ["About the author", _BIO]
    tree = parse_html(f"<html><body><div>{paras}<h3>About the author</h3><p>Jo Quay</p><p>{_BIO}</p>{paras}</div></body></html>")
    assert [el.text_content() for el in _author_boxes(tree, _TreeText(tree))] == ["About the author", "Jo Quay", _BIO]


@pytest.mark.parametrize("box", [
    "<table>" + "".join(f"<tr><td><b><a href='/s/{i}'>{h}</a></b></td></tr><tr><td>{b}</td></tr>" for i, (h, b) in _PAIRS)
    + "</table>",
    "<div class='more'>" + "".join(f"<p><a href='/s/{i}'>{h}</a></p><p>{b}</p>" for i, (h, b) in _PAIRS) + "</div>",
])
def test_a_box_of_headline_and_blurb_blocks_in_turn_goes(box: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A box holding nothing but linked headlines, each followed by a plain blurb block (a layout
    table's rows in turn), is a list of other stories; between the story's own paragraphs the same
    blocks stay (``test_a_story_with_linked_paragraphs_keeps_them``)."""
    monkeypatch.setattr("pipeline.normalise.html.LEARNED_TRIM", False)
    body = _body(_page("", box))
    assert all(p in body for p in _STORY)
    assert not any(b[:30] in body for b in _BLURBS)
