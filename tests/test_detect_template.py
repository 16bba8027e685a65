"""Template told without a phrase list: by co-occurrence of passages across a publisher's pages
(whatever the per-site variant), by the form of short-line blocks, and by a line that speaks to
the reader for the publisher. Texts are written for these tests (fictional outlets and people)."""

from __future__ import annotations

from pipeline.config import DetectSettings
from pipeline.detect.compare import Doc, PairResult, compare, template_pairs
from pipeline.detect.template import (
    FurnitureForm,
    furniture_segments,
    is_furniture_passage,
    is_site_notice,
    line_is_furniture,
)
from pipeline.normalise.segment import join_paragraphs
from tests.test_detect_cases import STORY, doc

CFG = DetectSettings()
# Prose with no rights, legal or service vocabulary: only co-occurrence can call it template.
IMPRINT = (
    "The {site} is one of forty weekly titles printed at the Lowland press hall beside the canal and carried "
    "to newsagents across the northern counties before dawn every Thursday morning."
)
OWN_STORIES = [
    ["A new bakery opened on Mill Street on Saturday, the first business on the street since the floods two winters ago.",
     "Its owner, Tomas Verde, said he had saved for nine years and borrowed the rest from his brother."],
    ["The county cricket club named a new captain on Tuesday after the previous one retired with a knee injury.",
     "Selectors said the decision was unanimous and the squad would meet in the nets next week."],
    ["Volunteers cleared four tonnes of rubbish from the river banks over the weekend, the parish council said.",
     "Most of it was plastic packaging washed down from the industrial estate during the storms."],
]
LONGER = [
    ["Customers said the rye loaves were the best they had tasted since the old bakery on the square shut in the nineties.",
     "The shop will open six days a week and plans to hire two apprentices from the college in the autumn.",
     "Neighbouring traders hope the opening will bring more people back to a street that has struggled for years."],
    ["The new captain has played for the county since he was seventeen and led the second eleven to the title last year.",
     "He said his first aim was to keep the younger bowlers fit through a long season of away fixtures in the north.",
     "The club also confirmed that its ground would host two one-day matches against touring sides in August."],
    ["The council has asked the water authority to install a grille upstream to catch debris before it reaches the weir.",
     "Residents said the banks had not been so clean in a decade and asked for a second clearance before the summer.",
     "A local school has offered to adopt a stretch of the path and plant wildflowers along it in the spring."],
    ["Borrowers asked for the change in a survey last winter, when most said they could not visit before six.",
     "The reading room upstairs will also reopen after repairs to its roof, which leaked through two wet summers.",
     "Volunteers will run a homework club there on Tuesday and Thursday evenings during term time."],
]
OWN_STORIES.append(["The library will stay open until eight on weekdays from next month, the county librarian said.",
                    "Funding for the longer hours comes from a bequest left by a retired teacher who lived in the town."])
TITLES = ["Bakery opens on Mill Street", "Cricket club names captain", "Volunteers clear river banks", "Library extends its hours"]
SITES = ["Dale Gazette", "Fell Courier", "Moor Post", "Dale Gazette"]  # the publisher's own site prints it twice


def sister_pages(sites: list[str] = SITES) -> list[Doc]:
    return [doc([*own, IMPRINT.format(site=site)], outlet=site, hours=i, title=title)
            for i, (site, own, title) in enumerate(zip(sites, OWN_STORIES, TITLES, strict=False))]


def pairs_of(docs: list[Doc]) -> tuple[list[PairResult], dict[int, set[int]]]:
    results = [r for i, a in enumerate(docs) for b in docs[i + 1 :] if (r := compare(a, b, CFG)) is not None]
    found = {d.id: {o.id for o in docs if o is not d} for d in docs}
    return results, found


def test_a_block_each_sister_site_prints_with_its_own_name_is_template_once_three_pages_print_it() -> None:
    pages = sister_pages()
    results, found = pairs_of(pages)
    cross = [r for r in results if r.copy.outlet != r.source.outlet]
    assert len(cross) == 5  # compare alone sees a shared prose passage of each pair of outlets
    docs = {d.id: d for d in pages}
    assert len(template_pairs(results, found, docs)) == len(results)
    # two pages alone are no clique: the pair stands on what compare found
    two, found_two = pairs_of(pages[:2])
    assert len(two) == 1 and template_pairs(two, found_two, {d.id: d for d in pages[:2]}) == []


def test_a_short_passage_three_outlets_each_print_once_is_not_template() -> None:
    """A short wire brief runs once per outlet, under headlines that need not share a word (one
    of them the section's name): no site repeating it, so no publisher's template."""
    pages = sister_pages(["Dale Gazette", "Fell Courier", "Moor Post"])
    results, found = pairs_of(pages)
    assert len(results) == 3
    assert template_pairs(results, found, {d.id: d for d in pages}) == []


def test_a_story_three_sites_carry_is_not_template() -> None:
    """Every passage of a carried story is printed by three pages too, but it is the story: longer
    than a footer, and the carriers' headlines share its words."""
    pages = [doc([*STORY, IMPRINT.format(site=site)], outlet=site, hours=i, title=f"Harbour pier to close, {site} reports")
             for i, site in enumerate(SITES)]
    results, found = pairs_of(pages)
    assert len(results) == 6
    assert template_pairs(results, found, {d.id: d for d in pages}) == []


def test_a_long_block_pages_on_unrelated_stories_all_print_is_template() -> None:
    """A directory of local ads, longer than any footer, that sister sites print beside stories
    whose headlines share nothing: template. Its unit numbers differ per site."""
    ads = " ".join(
        f"{name} \u201c{slogan}\u201d {n} {street} unit {{code}}{n}"
        for n, (name, slogan, street) in enumerate([
            ("Ridge Power Supply", "Keep the lights on", "Foundry Avenue"), ("Mabel's Kitchen", "Lunch is served", "Quay Road"),
            ("Otter Dog Wash", "Wash and dry for less", "Dyke Street"), ("Lark Motors", "Come get a deal", "Main Street"),
            ("Cutline Hair", "Get a new style", "Mill Lane"), ("Star Air and Heat", "Your heating specialists", "Forge Way"),
        ], start=11)
    )
    pages = [doc([*own, *LONGER[i], ads.format(code=400 + i)], outlet=site, hours=i, title=title)
             for i, (site, own, title) in enumerate(zip(SITES, OWN_STORIES, TITLES, strict=True))]
    results, found = pairs_of(pages)
    assert results and all(r.copied_words > 60 for r in results)
    assert len(template_pairs(results, found, {d.id: d for d in pages})) == len(results)
    # the same pages under one headline: the block could be their shared story, so it stays
    same = [doc(d.body.split("\n\n"), outlet=d.outlet, hours=i, title="Local traders in the valley") for i, d in enumerate(pages)]
    results, found = pairs_of(same)
    assert results and template_pairs(results, found, {d.id: d for d in same}) == []


def test_a_passage_made_only_of_short_lines_is_furniture() -> None:
    rows = "\n".join(["Weather and travel today", "Jobs in the region this week.", "Homes for sale near you",
                      "Motors and classic cars.", "Family notices and tributes"])
    form = FurnitureForm(rows)
    assert is_furniture_passage(form, 0, len(rows), form, 0, len(rows))
    prose = "\n".join(STORY)
    pform = FurnitureForm(prose)
    assert not is_furniture_passage(pform, 0, len(prose), pform, 0, len(prose))


def test_a_line_speaking_to_the_reader_for_the_publisher_is_furniture() -> None:
    for line in ("If you have any news tips that you would like us to follow up on, contact us at newsdesk@dalegazette.example",
                 "You've read the piece, now tell us what you think. Send your comments to letters@fellcourier.example."):
        assert line_is_furniture(line), line
    for line in ("\u201cWe will not let you down,\u201d the mayor told residents on Friday evening.",
                 "I can tell you that this year is going to be a major opportunity for all of us and our partners.",
                 "We asked the council for its figures and were told they would be published next month."):
        assert not line_is_furniture(line), line


def test_hard_wrapped_prose_is_not_a_block_of_short_lines() -> None:
    prose = ("The harbour authority said on Monday it would\nclose the north pier for repairs lasting six\n"
             "weeks, disrupting ferry services to the outer\nislands during the spring season.")
    form = FurnitureForm(prose)
    assert not is_furniture_passage(form, 0, len(prose), form, 0, len(prose))
    menu = "\n".join(["home", "local news", "sport and results", "what's on", "jobs and homes"])
    mform = FurnitureForm(menu)
    assert is_furniture_passage(mform, 0, len(menu), mform, 0, len(menu))


def test_a_directory_of_phone_numbers_is_furniture_a_hotline_in_a_sentence_is_not() -> None:
    assert line_is_furniture('Ridge Power Supply "Keep the lights on" 4120 Foundry Avenue 412-4525 Otter Dog Wash '
                             '"Wash and dry for less" 204 Dyke Street 412-4543 Lark Motors')
    assert line_is_furniture("Cutline Hair Stylist, 560 Mill Lane, (555) 412-6761.")
    # a layout cell holding the whole directory on one line: judged whole, not by its "sentences"
    cell = " ".join(f'Corner Shop {n} "Open late every day!" {n}0 Mill Lane 412-45{n}0' for n in range(1, 8))
    assert len(cell) > 240
    assert all(flag for _, _, flag in furniture_segments(cell))
    assert not line_is_furniture(
        "Anyone who saw the lorry leave the quarry road on Tuesday night is asked to call the county police on 555-0147 "
        "or to speak to an officer at the station on Harbour Street."
    )


def test_a_real_copy_between_sister_sites_survives_their_shared_template() -> None:
    """The clique's block is left out of what a pair shares, not the pair: a story one sister
    site copies from another is still reported beside it."""
    pages = sister_pages()
    pages[1] = doc([*OWN_STORIES[1], *STORY, IMPRINT.format(site=SITES[1])], outlet=SITES[1], hours=1, title=TITLES[1])
    pages[0] = doc([*OWN_STORIES[0], *STORY, IMPRINT.format(site=SITES[0])], outlet=SITES[0], hours=0, title=TITLES[0])
    results, found = pairs_of(pages)
    dropped = template_pairs(results, found, {d.id: d for d in pages})
    kept = [r for r in results if r not in dropped]
    assert {(r.source.id, r.copy.id) for r in kept} == {(pages[0].id, pages[1].id)}


# A commenting policy each sister site prints under every story, glued onto the story's last line
# (as a layout table flattens it), and a site's note about itself on a line of its own.
POLICY = (
    "Comment posters are responsible for the views they state and the facts they give. We ask comment writers to "
    "treat this page as a town square where courtesy matters. We expect a civil tone. Be aware that you are "
    "responsible for comments posted on this web site and that addresses of posters are kept. If you believe "
    "that a commenter has broken these rules, please write to the desk."
)
SITE_NOTE = "This site is updated by 5:00 a.m. each day and carries stories and columns from the morning's print edition."


def test_two_sister_sites_sharing_only_a_commenting_policy_are_no_pair() -> None:
    """Two pages are all the warehouse holds of the two sites: co-occurrence cannot learn the
    block (it needs a third page), the form of the policy tells it."""
    a = doc([OWN_STORIES[0][0], f"{OWN_STORIES[0][1]} {LONGER[0][0]} {POLICY}"], outlet="Dale Gazette", title=TITLES[0])
    b = doc([OWN_STORIES[1][0], f"{OWN_STORIES[1][1]} {LONGER[1][0]} {POLICY}"], outlet="Fell Courier", hours=2, title=TITLES[1])
    assert compare(a, b, CFG) is None
    c = doc([*OWN_STORIES[2], SITE_NOTE], outlet="Moor Post", title=TITLES[2])
    d = doc([*OWN_STORIES[3], SITE_NOTE], outlet="Dale Gazette", hours=1, title=TITLES[3])
    assert compare(c, d, CFG) is None


def test_a_story_about_commenters_is_article_text_and_its_copy_a_pair() -> None:
    """The notice form counts only in a body's end matter, past its lead: a story about a
    forum's commenters, copied whole or in part by another outlet, is still a republication."""
    story = [
        "Our web site is to close its forum after the county court ruled that commenters who broke its rules named a juror.",
        "The editor said comment threads on court stories would stay shut until the trial ended next month.",
        *STORY,
    ]
    src = doc(story, outlet="Harbour Courier")
    for copied in (story, story[:2]):
        r = compare(doc(copied, outlet="Valley Gazette", hours=3), src, CFG)
        assert r is not None and r.relation == "republication" and r.copied_words >= 30
    long_form = FurnitureForm(join_paragraphs([*STORY, *STORY, *story]))
    near_end = next(i for i, (a, b) in enumerate(long_form.lines) if "commenters" in long_form.body[a:b])
    assert all(flag for _, _, flag in long_form.line(near_end))  # near the end of a long body: a notice's form
    lead = FurnitureForm(join_paragraphs([*story, *STORY, *STORY]))
    assert not any(flag for _, _, flag in lead.line(0))  # the same line as a long story's lead


def test_a_commenter_quoted_or_without_rules_is_no_site_notice() -> None:
    assert is_site_notice("If you believe that a commenter has not followed these guidelines, please write to the desk.")
    assert is_site_notice("This site is updated by 5:00 a.m. each day.")
    assert not is_site_notice("\u201cThis is very odd,\u201d wrote one commenter under the site rules page.")
    assert not is_site_notice("One commenter on the forum said the mayor had known about the leak for a month.")
