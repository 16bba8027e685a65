"""Reader-comment sections of news sites (2006 onwards) as scrapers flatten them, in the three dump
styles of ``text_eval``: the headings, signatures, control rows, counters, moderation notices and
comment forms of newspaper sites and of the hosted comment systems. Every line here is written by
hand for these tests; none comes from the evaluation data."""

from __future__ import annotations

import pytest

from pipeline.normalise.text import text_paragraphs

TITLE = "Bus depot to become supermarket after council vote | Valley Gazette"
MENU = ["Home", "News", "Sport", "Business", "Property", "Jobs", "Contact us"]
HEAD = ["Bus depot to become supermarket after council vote", "By Ruth Allen, Local Government Reporter"]
STORY = [
    "The old bus depot on Station Road will be turned into a supermarket after councillors approved the plans on Tuesday night.",
    "The site has stood empty since the bus company moved its garage to the industrial estate on the edge of town four years ago.",
    "The developer has promised two hundred jobs and a new pedestrian crossing outside the primary school on the corner.",
    "Residents of nearby streets objected to the plans, saying lorries making deliveries early in the morning would keep them awake.",
    "Work on the site is expected to begin in the spring, and the store should open its doors before Christmas next year.",
]
FOOTER = ["Site map | Privacy policy | Terms and conditions", "© 2008 Valley Newspapers Ltd. All rights reserved."]
REMARKS = [
    "About time something was done with that eyesore, it has been boarded up for years and attracts nothing but vandals.",
    "We already have three supermarkets within a mile, what this town needs is a proper market and some independent shops.",
    "The traffic on Station Road is bad enough at school time without delivery lorries queuing to get into the car park.",
    "Two hundred jobs is not to be sneezed at in this climate, my son has been looking for work since the factory closed.",
]
NAMES = ["Dave", "Sarah Jones", "grumpyoldman", "Tom Price"]
PLACES = ["Leeds", "Cardiff", "Sydney", "Perth"]
STYLES = ("blocks", "markdown", "paragraphs")


def _dump(lines: list[str], style: str, head: list[str] = HEAD, tail: list[str] = FOOTER) -> str:
    """The page as a scraper saves it: menu, headline, story lines, footer, in one dump style."""
    if style == "markdown":  # html2text: menu links as bullets, the headline a heading, paragraphs apart
        menu = [f"  * [{m}](/{m.lower().replace(' ', '-')})" for m in MENU]
        return "\n\n".join(["\n".join(menu), f"# {head[0]}", *head[1:], *lines, *tail])
    return ("\n\n" if style == "paragraphs" else "\n").join(MENU + head + lines + tail)


def _body(thread: list[str], style: str) -> list[str]:
    return text_paragraphs(_dump(STORY + thread, style), title=TITLE)


def _signed(marks: list[str], n: int = 3) -> list[str]:
    """Comments each followed by their marks ("{name}", "{place}", "{i}" filled in)."""
    out: list[str] = []
    for i in range(n):
        out += [REMARKS[i], *(m.format(name=NAMES[i], place=PLACES[i], i=i + 1) for m in marks)]
    return out


# --- newspaper sites' own comment sections -------------------------------------------------

THREADS: dict[str, list[str]] = {
    # a UK regional paper: count heading, signature with date under each comment, control row
    "readers_comments_posted_by": [
        "Readers' comments (12)", *_signed(["Posted by {name} on 1{i}/04/2008 at 3:4{i}pm", "Report abuse"]),
        "Add your comment", "Your name", "Your email", "Your comment", "Submit",
    ],
    # comments signed under a dash with the reader's town, no heading at all
    "dash_signature_town": _signed(["— {name}, {place}"], 4),
    # an Australian tabloid: "Name of Place, time day" under each comment
    "name_of_place_time_day": _signed(["{name} of {place}, {i}:30pm Tuesday"], 4),
    # News Corp (2008): the thread's lead-in line, "Posted by: Name of Place time date" under each comment
    "heres_what_other_readers_said": [
        "Here's what other readers have said",
        *_signed(["Posted by: {name} of {place} {i}:33pm August 12, 2008"]),
        "Comments on this story are now closed",
    ],
    # the lead-in sentence alone, the comments signed by name and place only
    "readers_have_said_lead_in": [
        "Here's what readers have had to say so far. Why not add your thoughts below, or debate this issue live on our message boards.",
        *_signed(["{name}, {place}"], 4),
    ],
    # Daily Mail style: moderation note, dated signature, rating controls, the users' views disclaimer
    "moderated_in_advance_click_to_rate": [
        "The comments below have been moderated in advance.",
        *_signed(["- {name}, {place}, 1{i}/4/2008 15:4{i}", "Click to rate", "Rating {i}", "Report abuse"]),
        "The views expressed in the contents above are those of our users and do not necessarily reflect the views of the Gazette.",
    ],
    # later tabloid: sort bar, ratings with arrows, "View all"
    "best_rated_sort_bar": [
        "Newest", "Oldest", "Best rated", "Worst rated", "View all",
        *_signed(["{name}, {place}, United Kingdom, {i} years ago", "Click to rate", "Rating {i}"]),
    ],
    # Fairfax blogs: "Name | Place - date, time" under each comment, moderation note above
    "fairfax_pipe_place_date": [
        "Comments are moderated and will appear after approval.",
        *_signed(["{name} | {place} - August 1{i}, 2008, 9:4{i}AM"]),
    ],
    # a South African site: "Posted by: name | date time" and a report link
    "posted_by_pipe_stamp": _signed(["Posted by: {name} | 2008/04/1{i} 03:45:12 PM", "Report abuse"]),
    # the control rows alone mark each comment: "Reply | Report", "Recommend (3)"
    "reply_report_recommend_rows": [x for i in range(3) for x in (NAMES[i], REMARKS[i], f"Recommend ({i + 2})", "Reply | Report")],
    # counter and pagination around a thread signed by name only
    "showing_and_next_page": [
        "Showing 1-10 of 57 comments", *[x for i in range(3) for x in (NAMES[i], REMARKS[i])],
        "Next page of comments", "1 2 3 4 5 6 Next",
    ],
    # moderation notices and a closed thread, the comments under them
    "we_reserve_the_right": [
        "Comments are moderated. We reserve the right to edit or reject comments that break our house rules.",
        *[x for i in range(3) for x in (f"{NAMES[i]} wrote:", REMARKS[i])],
    ],
    # a registration prompt and the comment form, after the thread
    "must_be_logged_in_form": [
        *_signed(["Posted by {name} at {i}:15 PM on 4/1{i}/2008"]),
        "You must be logged in to post a comment. Log in | Register",
        "Your name", "Your email (will not be published)", "Your comment", "Submit",
    ],
    # a "Have your say" heading with the paper's house rules
    "have_your_say_rules": [
        "Have your say",
        "We welcome your views, but please keep comments civil. Comments may be edited for length and clarity.",
        *_signed(["{name}, {place}"], 3),
    ],
    # the comment form alone closes the story (nobody has commented yet)
    "form_only": [
        "Add your comment", "Name:", "Email:", "Town:", "Comment:",
        "Your comment will be moderated before it appears. We reserve the right not to publish comments.", "Submit comment",
    ],
    # BBC-like: the time each comment was added over it, "name, place" and a recommend count under it
    "added_recommended_by": [
        x for i in range(3) for x in (f"Added: Tuesday, 1{i + 1} April, 2008, 10:4{i} GMT 11:4{i} UK", REMARKS[i],
                                      f"{NAMES[i]}, {PLACES[i]}", f"Recommended by {i + 3} people", "Alert a moderator")
    ],
    # comments signed "name, town" only, no heading and no date: the commonest British form
    "name_comma_town_headless": _signed(["{name}, {place}"], 4),
    # "name of place" under each comment, no time
    "name_of_place_headless": _signed(["{name} of {place}"], 4),
    # "Posted by name" alone under each comment (the time in a tooltip the dump lost)
    "posted_by_name_headless": _signed(["Posted by {name}"], 4),
    # the reader's place in brackets after the name
    "name_bracketed_place": _signed(["{name} ({place})"], 4),
    # Guardian-like: name and stamp over the text, votes and tools under it
    "recommend_clip_link": [
        x for i in range(3) for x in (NAMES[i], f"1{i + 1} Apr 2008, 3:4{i}PM", REMARKS[i], f"Recommend? ({i + 4})",
                                      "Report abuse", "Clip | Link")
    ],
    # a removed comment's note among the others
    "removed_by_a_moderator": [
        *_signed(["{name}, {place}, {i} hours ago", "Complain about this comment"], 2),
        "This comment was removed by a moderator because it didn't abide by our community standards.",
        "Tom Price, Perth, 3 hours ago", "Complain about this comment",
        REMARKS[3], "Ann Lee, Hobart, 4 hours ago", "Complain about this comment",
    ],
    # each comment numbered over its text: "Comment number 1.", "Comment 2 of 57"
    "comment_number_over_text": [x for i in range(3) for x in (f"Comment number {i + 1}.", REMARKS[i], f"{NAMES[i]}, {PLACES[i]}")],
    "comment_n_of_m_over_name": [x for i in range(3) for x in (f"Comment {i + 1} of 57", NAMES[i], REMARKS[i])],
    # a signature with a 24-hour clock
    "signature_24_hour_clock": _signed(["{name}, {place} 1{i}:15"]),
    # a box of the latest comments on other stories: the commenter, the story, a cut excerpt
    "recent_comments_box": ["Recent comments"] + [
        x for i, h in enumerate(["Bus depot plans", "School run chaos", "Market to close"]) for x in (f"{NAMES[i]} on {h}", REMARKS[i][:80] + "...")
    ],
    # "Your say" with the number of comments, and "Post a comment" later
    "your_say_counter": [
        "Your say (4)", *[x for i in range(4) for x in (REMARKS[i], f"{NAMES[i]}, {PLACES[i]} - {i + 1} hours ago")],
        "Post a comment",
    ],
}

# --- hosted comment systems ----------------------------------------------------------------

SYSTEMS: dict[str, list[str]] = {
    # Pluck: "jsmith wrote:" over the text, the time and its tools under it
    "pluck": [
        "Comments (12)", "Add Comment", "View All Comments (12)",
        *[x for i in range(3) for x in (f"{NAMES[i]} wrote:", REMARKS[i], f"4/1{i}/2008 3:45:12 PM", "Recommend (3) Report Abuse")],
        "You must be logged in to leave a comment. Login | Register",
    ],
    # Echo / JS-Kit: its header and sort bar, a name and an age over each comment
    "echo_jskit": [
        "Add New Comment", "Showing 3 comments", "Sort by: Newest first | Oldest first",
        *[x for i in range(3) for x in (f"{NAMES[i]} {i + 2} hours ago", REMARKS[i], "Reply")],
        "Powered by Echo",
    ],
    # Gigya: login row, sort bar, "name · 2 years ago", "Reply · Like"
    "gigya": [
        "Login with:", "Newest | Oldest | Most Popular",
        *[x for i in range(3) for x in (f"{NAMES[i]} · {i + 2} years ago", REMARKS[i], "Reply · Like")],
        "Powered by Gigya",
    ],
    # Viafoura: "Join the conversation", counters, name / age / text / tools
    "viafoura": [
        "Join the conversation", "3 Comments", "Newest | Oldest | Most liked",
        *[x for i in range(3) for x in (NAMES[i], f"{i + 2} hours ago", REMARKS[i], "Like", "Reply")],
        "Load more comments",
    ],
    # Livefyre: its sign-in and listener count, name / age / text / "Like Reply"
    "livefyre": [
        "Sign in", "+ Follow", "Post comment as...", "12 people listening", "Newest | Oldest | Most liked",
        *[x for i in range(3) for x in (NAMES[i], f"{i + 1} week ago", REMARKS[i], "Like Reply")],
        "Powered by Livefyre",
    ],
    # Coral: "Post a comment", "All Comments", "Sort by Newest", name / age / text / tools
    "coral": [
        "Post a comment", "All Comments", "Sort by Newest",
        *[x for i in range(3) for x in (NAMES[i], f"{i + 2} hours ago", REMARKS[i], "Respect", "Reply", "Share", "Report")],
        "Load More",
    ],
    # OpenWeb / Spot.IM: "Conversation", "What do you think?", short ages
    "openweb": [
        "Conversation", "Log in | Sign Up", "What do you think?", "Sort by Best",
        *[x for i in range(3) for x in (NAMES[i], f"{i + 2}h", REMARKS[i], "Reply", "Share")],
        "Powered by OpenWeb",
    ],
    # Vuukle: the reactions bar, "Talk to us", then the comments
    "vuukle": [
        "What's your reaction?", "Happy 0% Unmoved 0% Amused 0% Excited 0% Angry 0% Sad 0%", "Talk to us",
        *[x for i in range(3) for x in (NAMES[i], f"{i + 2} hours ago", REMARKS[i], "Reply")],
        "Powered by Vuukle",
    ],
}


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("name", sorted(THREADS))
def test_newspaper_comment_sections_are_cut(name: str, style: str) -> None:
    assert _body(THREADS[name], style) == STORY


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("name", sorted(SYSTEMS))
def test_hosted_comment_systems_are_cut(name: str, style: str) -> None:
    assert _body(SYSTEMS[name], style) == STORY


# --- what must stay ------------------------------------------------------------------------


@pytest.mark.parametrize("style", STYLES)
def test_a_story_quoting_readers_keeps_their_words(style: str) -> None:
    story = [
        *STORY[:3],
        "Readers of the Gazette were divided. Dave, from Leeds Road, wrote on our website: \"About time something was done with that eyesore.\"",
        "Sarah Jones, who lives opposite the depot, said she feared the lorries would wake her children at five in the morning.",
        "Have your say on the plans at the public meeting in the town hall next Thursday, the council said in a statement.",
        STORY[4],
    ]
    assert text_paragraphs(_dump(story, style), title=TITLE) == story


@pytest.mark.parametrize("style", STYLES)
def test_a_letters_page_keeps_its_signed_letters(style: str) -> None:
    letters = [
        "Your report on the bus depot (Gazette, April 10) missed the point: the town needs homes on that site, not another car park and store.",
        "Margaret Ellis, Harrogate, North Yorkshire",
        "I was pleased to read that the council has at last found a use for the depot, which has been an eyesore for far too long.",
        "John Hughes, Ripon, North Yorkshire",
        "May I, through your letters page, thank the kind stranger who returned my purse to the library on Market Street last week.",
        "Ann Carter, Knaresborough, North Yorkshire",
        "The new timetable for the number 36 bus is a disgrace, and the people who wrote it have clearly never waited at the stop in the rain.",
        "Peter Lowe, Harrogate, North Yorkshire",
    ]
    head = ["Letters: The depot needs homes, not a supermarket"]
    title = "Letters: The depot needs homes, not a supermarket | Valley Gazette"
    body = text_paragraphs(_dump(letters, style, head=head), title=title)
    # every letter stays (the last signature, after the run of text, is the region's edge to judge)
    assert [p for p in letters if len(p) > 60] == [p for p in body if len(p) > 60] and set(body) <= set(letters)


@pytest.mark.parametrize("style", STYLES)
def test_a_letters_page_of_longer_letters_keeps_them(style: str) -> None:
    letters = [
        "Your report on the bus depot (Gazette, April 10) missed the point: the town needs homes on that site, not another car park and store.",
        "Young families are leaving the valley because they cannot find anywhere to rent, and a supermarket will do nothing to keep them here.",
        "Margaret Ellis, Harrogate, North Yorkshire",
        "I was pleased to read that the council has at last found a use for the depot, which has been an eyesore for far too long.",
        "The objectors should remember that the depot ran buses in and out from five in the morning for fifty years without complaint.",
        "John Hughes, Ripon",
        "May I, through your letters page, thank the kind stranger who returned my purse to the library on Market Street last week.",
        "It had my late husband's photograph in it, and I would have been heartbroken to lose it, so thank you, whoever you are.",
        "Ann Carter, Knaresborough",
    ]
    head = ["Letters: The depot needs homes, not a supermarket"]
    title = "Letters: The depot needs homes, not a supermarket | Valley Gazette"
    body = text_paragraphs(_dump(letters, style, head=head), title=title)
    assert [p for p in letters if len(p) > 60] == [p for p in body if len(p) > 60] and set(body) <= set(letters)


@pytest.mark.parametrize("style", STYLES)
def test_a_story_about_comment_moderation_keeps_its_text(style: str) -> None:
    story = [
        "The newspaper said on Monday that comments on stories about court cases would be closed to protect trials.",
        "Every comment is read by a team of six moderators before it appears under a story on the website.",
        "The editor said readers who wanted to have their say could still write letters, which would be printed each Friday.",
        "Readers' comments had been the subject of two complaints to the press regulator this year, the paper said.",
        "A spokesman for the regulator said it would publish new guidance on reader comments in the summer.",
    ]
    assert text_paragraphs(_dump(story, style), title=TITLE) == story


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("row", ["Thumbs up (3) Thumbs down (1)", "Agree (3) | Disagree (1)", "Share this comment",
                                 "2 of 3 people found this useful", "Reply to Dave"])
def test_vote_and_reply_rows_under_named_comments_mark_a_thread(row: str, style: str) -> None:
    thread = [x for i in range(3) for x in (NAMES[i], REMARKS[i], row)]
    assert _body(thread, style) == STORY


@pytest.mark.parametrize("style", STYLES)
def test_year_first_dates_over_comments_mark_a_thread(style: str) -> None:
    thread = [x for i in range(3) for x in (f"{NAMES[i]} - 2008/04/1{i} 15:4{i}", REMARKS[i])]
    assert _body(thread, style) == STORY


NOTES = [
    "We reserve the right to edit or reject comments.",
    "By posting a comment you agree to abide by our house rules.",
    "Registration is required to comment on this story.",
    "What do you think? Leave your comments below",
    "Here's what other readers have said",
    "The comments below have been moderated in advance.",
    "This comment was removed by a moderator because it broke our rules.",
]


@pytest.mark.parametrize("style", STYLES)
def test_notes_on_commenting_after_a_story_without_comments_go(style: str) -> None:
    assert _body(NOTES[:4], style) == STORY


@pytest.mark.parametrize("line", NOTES)
def test_notes_on_commenting_are_comment_prompts(line: str) -> None:
    from pipeline.normalise.furniture import is_comment_prompt

    assert is_comment_prompt(line)


@pytest.mark.parametrize("line", [
    "We reserve the right to change the timetable at short notice, the bus company said.",
    "By posting a reward, the family hopes someone will come forward with information.",
    "Here's what the council said about the plans on Tuesday night.",
])
def test_sentences_like_the_notes_are_no_prompts(line: str) -> None:
    from pipeline.normalise.furniture import is_comment_prompt

    assert not is_comment_prompt(line)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("sign", ["{name}, {place}", "{name} of {place}", "Posted by {name}"])
def test_a_long_signed_thread_under_a_short_story_does_not_take_its_place(sign: str, style: str) -> None:
    story = STORY[:2]
    thread = [x for i in range(8) for x in (f"{REMARKS[i % 4]} {REMARKS[(i + 1) % 4]}",
                                            sign.format(name=f"{NAMES[i % 4]}{i}", place=PLACES[i % 4]))]
    assert text_paragraphs(_dump(story + thread, style), title=TITLE) == story


@pytest.mark.parametrize("style", STYLES)
def test_says_bylines_with_agree_disagree_offensive_rows_are_a_thread(style: str) -> None:
    # "Name, Place says:" over the text, the stamp and the vote row under it
    thread = ["Readers' opinions (3)"] + [
        x for i in range(3) for x in (f"{NAMES[i]}, {PLACES[i]} says:", REMARKS[i], f"1{i} Apr, 2008 154{i} hrs IST",
                                      f"Agree ({i + 2}) Disagree ({i}) Recommend ({i + 1}) Offensive")
    ]
    assert _body(thread[1:], style) == STORY
    assert _body(thread, style) == STORY


@pytest.mark.parametrize("heading", ["Your View", "Here's what other readers have said",
                                     "What readers think"])
def test_thread_headings_of_news_sites(heading: str) -> None:
    from pipeline.normalise.furniture import is_comments_heading

    assert is_comments_heading(heading)
    thread = [heading] + [x for i in range(2) for x in (NAMES[i], REMARKS[i])]
    assert _body(thread, "blocks") == STORY


def test_comments_in_blockquotes_of_a_markdown_dump_are_a_thread() -> None:
    # html2text prefixes a <blockquote> with "> ": each comment and its signature sit in one
    thread = [f"> {x}" for i in range(3) for x in (REMARKS[i], f"Posted by: {NAMES[i]} of {PLACES[i]} {i + 7}:57am today")]
    assert _body(thread, "markdown") == STORY


@pytest.mark.parametrize("style", STYLES)
def test_embedded_tweets_in_a_story_are_no_thread(style: str) -> None:
    # each tweet ends with its author and date; quoted in the story, they are no commenters' bylines
    quote = "> " if style == "markdown" else ""
    story = [STORY[0], f"{quote}Flood warning for the valley tonight, stay away from the river path #floods",
             f"{quote}— Valley Police (@valleypolice) April 12, 2008", STORY[1],
             f"{quote}Station Road closed both ways after the river burst its banks this afternoon",
             f"{quote}— Valley Travel (@valleytravel) April 12, 2008", *STORY[2:]]
    body = text_paragraphs(_dump(story, style), title=TITLE)
    assert [p for p in body if p in STORY] == STORY


@pytest.mark.parametrize("style", STYLES)
def test_a_comments_tab_under_a_sidebar_copy_of_the_headline_keeps_the_story(style: str) -> None:
    # "Trending" / the headline again / "Comments" is a sidebar's tabs after the story, not the
    # story's own counter: the teasers under it are not the story, the story above is
    teasers = []
    for i, h in enumerate(["Council tax to rise by four per cent in the spring budget plans",
                           "New cycle lane on Station Road opens to riders next month at last",
                           "School run chaos as roadworks close the bridge for three whole weeks",
                           "Market traders fight plans to move Saturday stalls to the car park",
                           "Library opening hours cut again as the council looks for savings"] * 2):
        teasers += [f"{h}, and the council says more news will follow in the weeks to come...", f"by {NAMES[i % 4]}"]
    page = [*STORY, "Related", "Tweet", "Share", "Trending", HEAD[0], "by Ruth Allen 0", "Comments", "Advertisement", *teasers]
    assert text_paragraphs(_dump(page, style), title=TITLE) == STORY
