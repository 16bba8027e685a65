"""Comment threads and teaser lists that whole-page text dumps carry without the usual marks.
All fixtures are written here."""

from __future__ import annotations

from pipeline.normalise.text import _drop_link_lists, _is_signature, comment_thread_start, text_paragraphs

STORY = [
    "Council approves the new ferry timetable for the summer season, starting in June this year.",
    "Two extra evening sailings will run on weekdays, and the first boat leaves half an hour earlier.",
    "The harbour authority said the changes follow a survey of more than two thousand regular passengers.",
]
MENU = ["Home", "News", "Sport", "Weather", "Contact", "Jobs"]
REMARKS = [
    "That was wonderful, the late boat is the one I need most evenings.",
    "Finally. The early sailing was always full by the second stop anyway.",
    "Lovely news for the island, though the fares still feel steep to me.",
    "I hope they keep the winter boats as well, we rely on them too.",
]


def test_bylines_with_a_profile_after_the_date_are_a_thread() -> None:
    thread = []
    for i, remark in enumerate(REMARKS):
        thread += [f"Reader {i} , on May {i + 6}th, 2026 // Twitter: @reader{i}", remark]
    assert text_paragraphs("\n".join(MENU + STORY + thread + MENU)) == STORY


def test_forum_style_comments_with_avatars_and_sign_in_prompts_are_a_thread() -> None:
    thread = []
    for i, remark in enumerate(REMARKS):
        thread += [f"Thu, 05/07/2026 - 14:3{i} | 26917{i} islander{i}", f"islander{i}'s picture", remark,
                   "Login or register to post comments"]
    assert text_paragraphs("\n".join(MENU + STORY + thread + MENU)) == STORY


def test_a_timeline_in_the_story_is_not_a_thread() -> None:
    lines = [*STORY, "March 3, 2026: the council opens the consultation", "March 20, 2026: the survey closes",
             "April 2, 2026: the vote", "Passengers will see the new times posted at every pier from next week."]
    assert comment_thread_start(lines) is None
    assert text_paragraphs("\n".join(lines)) == lines


def test_a_comment_prompt_ends_the_story() -> None:
    ads = ["Five Ways To Cut Your Storage Costs",
           "Many firms still back up to tape, but disk-to-disk backup is gaining favour. Learn why in this white paper."]
    prompt = "Do you have comments on this story?"
    assert text_paragraphs("\n".join(MENU + STORY + [prompt] + ads * 3 + MENU)) == STORY


def test_title_case_teaser_headlines_after_the_story_go() -> None:
    teasers = ['Island Bus Fares Frozen, "No Rise Before Autumn"', "Storm Closes Coast Road For Second Night",
               "Harbour Master Retires After Thirty Years", "New Pier Opens, Council Says It Will Pay For Itself"]
    body = text_paragraphs("\n".join(MENU + STORY + ["A subhead in the story"] + STORY[:1] + teasers + MENU))
    assert not any(t in body for t in teasers)
    assert body[:3] == STORY


def test_signed_comments_without_a_heading_are_a_thread() -> None:
    thread = []
    for i, remark in enumerate(REMARKS):
        thread += [remark, f"reader {i}, Eastpoint, Kentshire"]
    assert text_paragraphs("\n".join(MENU + STORY + thread + MENU)) == STORY


def test_a_list_of_places_in_the_story_is_not_a_thread() -> None:
    places = ["Eastpoint, Kentshire, England", "Westbay, Kentshire, England", "Northcliff, Kentshire, England"]
    lines = [*STORY, "The new sailings will call at three more piers:", *places, STORY[0]]
    assert comment_thread_start(lines) is None


def test_feed_notes_and_commenter_dates_are_thread_marks() -> None:
    notes = ["islander reblogged this from harbourblog and added:", "So the late boat stays, good.", "ferryfan liked this",
             "pierwatcher reblogged this from islander", "Great news for commuters. jdoe@... | 05/07/26",
             "About time too. ann@... | 05/07/26"]
    assert comment_thread_start([*STORY, *notes]) == len(STORY)


def test_talkback_is_a_comments_heading() -> None:
    thread = ["Talkback - Add your opinion", *REMARKS]
    assert text_paragraphs("\n".join(MENU + STORY + thread + MENU)) == STORY


def test_a_most_read_list_does_not_swallow_the_comments_heading() -> None:
    lines = ["More from the harbour desk", "Ferry strike called off", "2 comments", "Dear editor", REMARKS[0]]
    assert _drop_link_lists(lines) == [2, 3, 4]


def test_a_comment_counter_above_the_story_does_not_cut_it() -> None:
    top = ["Pick a section News Sport Weather Business Opinion Travel Health Science Money Jobs Cars Homes Puzzles",
           "4 Talkbacks"]
    assert text_paragraphs("\n".join(MENU + top + STORY + MENU)) == STORY


def test_bylines_closed_by_a_bracketed_date_are_a_thread() -> None:
    thread = []
    for i, remark in enumerate(REMARKS):
        thread += [remark, f"Reader {i} - Kentshire (12/1{i}/2026 08:4{i})"]
    assert comment_thread_start([*STORY, *thread]) == len(STORY)


def test_image_file_names_and_post_footers_go() -> None:
    lines = [*STORY[:2], "harbour-ferry-3", STORY[2], "Filed Under: Transport, Ferries, Council"]
    assert text_paragraphs("\n".join(lines)) == STORY


def test_a_catalogue_printed_twice_goes_but_a_story_line_stays() -> None:
    shop = ["Ann Reyes: The Harbour Book: Ferries, Piers and the People Who Run Them (Second Edition)",
            "Tom Lake: Islands of the North Sea: A Walking Guide With Maps (Coastal Guides)",
            "Kim Park: Tide Tables 2026: Every Port on the East Coast"]
    doubled = [x for line in shop for x in (line, line)]
    body = text_paragraphs("\n".join(MENU + STORY + doubled + MENU))
    assert body == STORY


def test_comments_opening_with_an_avatar_image_are_a_thread() -> None:
    thread = [f"  {i}. ![](https://pics.example/avatar/{i}.png?s=32) reader{i} says: {remark}" for i, remark in enumerate(REMARKS)]
    body = text_paragraphs("\n\n".join(MENU + STORY + thread + MENU))
    assert body == STORY


def test_a_comment_counter_under_the_headline_does_not_hide_the_story() -> None:
    title = "Ferry timetable approved | The Coastal Courier"
    teaser = ("The Coastal Courier brings you the news of the harbour towns, the islands and the coast road, every day. "
              "Our reporters cover the councils, the courts, the schools and the boats that link them all together.")
    thread = []
    for i, remark in enumerate(REMARKS * 3):
        thread += [f"https://readers.example/{i} reader{i}", remark, remark]
    lines = [title, teaser, *MENU, "Posted on May 7th, 2026", "12 Comments", "Ferry timetable approved", *STORY, *thread]
    assert text_paragraphs("\n".join(lines), title) == STORY


def test_sidebar_teasers_with_a_time_ago_go() -> None:
    teasers = [f"Storm closes the coast road again as the council weighs a new sea wall plan ({i} hours ago)"
               for i in range(2, 7)]
    assert text_paragraphs("\n".join(MENU + STORY + ["Latest"] + teasers + MENU)) == STORY


def test_a_thread_before_its_comment_form_heading_is_cut_at_its_first_byline() -> None:
    thread = []
    for i, remark in enumerate(REMARKS):
        thread += [f"reader{i} On Friday, May {i + 1} at 12:1{i} pm", remark, "Reply"]
    lines = [*STORY, *thread, "Post a Comment", "Your name", "Email"]
    assert comment_thread_start(lines, 0) == len(STORY)


TEASERS = ["Storm closes the coast road", "Pier repairs to start in May", "Island school gets new head",
           "Lifeboat crew honoured", "Fish market moves to the quay"]


def test_a_comments_tab_under_most_read_is_no_thread() -> None:
    # a sidebar box with tabs "Most read" / "Comments" above the story: no thread starts there
    sidebar = ["A question for readers: should the late ferry run every night of the week?",
               "Our new video section is up and running, with films from the harbour every week. Click here.",
               "Most read", "Comments"]
    for i, t in enumerate(TEASERS, 1):
        sidebar += [str(i), t]
    body = text_paragraphs("\n".join(MENU + sidebar + ["Ferry timetable approved"] + STORY + MENU))
    assert body == STORY


def test_a_signed_thread_running_past_the_story_is_cut() -> None:
    # the best run of lines ends inside the thread, before its second signature and its form heading
    thread = [REMARKS[0] + " " + REMARKS[1], "Ann Lee, Eastpoint, Kentshire", REMARKS[2], "Bo Park, Westhaven, Kentshire",
              "Have your say", "Your view", "Name", "Email", "Town / City"]
    body = text_paragraphs("\n".join(MENU + STORY + thread + MENU))
    assert body == STORY


def test_a_sentence_with_commas_is_no_signature() -> None:
    lines = [*STORY, "The relish will keep, refrigerated, for about 1 week.", "Makes about two cups, chilled, covered."]
    assert not _is_signature(lines, len(STORY))
    assert _is_signature([*STORY, "Ann Lee, Eastpoint, Kentshire"], len(STORY))


def test_related_and_recommended_lists_go() -> None:
    lines = [*STORY, "Related & Recommended Posts", *TEASERS[:3], "Posted in the harbour news section."]
    assert [lines[i] for i in _drop_link_lists(lines)] == [*STORY, lines[-1]]


def test_a_comments_tab_above_the_headline_does_not_cut_the_story() -> None:
    title = "Ferry timetable approved | The Coastal Courier"
    welcome = ("Welcome to the Coastal Courier! If you're new here, you can read about us, browse our guide to the "
               "harbour towns, and even follow the ferry fares we track every month for our readers.")
    on_your_way = ("On your way out, make sure to look at the Courier's photo archive of the old paddle steamers, "
                   "the lighthouse keepers and the harbour in the great storm of the winter before last.")
    story = [*STORY, "Weekend sailings stay as they are, though the last boat on Sunday will leave ten minutes later.",
             "The authority will print the new times on every pier and on its website before the end of the month.",
             "Islanders who asked for a late boat on Fridays said they were pleased the survey had been heard at last."]
    lines = [*MENU, welcome, on_your_way, "Comments", "Ferry timetable approved", *story, *MENU]
    assert text_paragraphs("\n".join(lines), title) == story


def test_a_comment_count_with_a_prompt_opens_the_thread() -> None:
    thread = ["3 Comments, Comment or Ping", "Al", REMARKS[0], "Subversive", REMARKS[1], "Reply to this story", "Name (required)"]
    assert text_paragraphs("\n".join(MENU + STORY + thread + MENU)) == STORY


def test_an_invitation_to_comment_above_the_thread_goes_with_it() -> None:
    policy = ("We'd like your thoughts on this story. Please keep your comments civil: posts that are abusive or off "
              "topic will be removed by the moderators, who read every comment before it appears.")
    thread = []
    for i, remark in enumerate(REMARKS):
        thread += [f"By reader{i}", f"May {i + 3}, 2026 7:0{i} PM | Link to this", remark]
    page = [*MENU, *STORY, policy, "Ann Lee, Editor", "Share your comment here", "Comments", *thread, *MENU]
    for sep in ("\n", "\n\n"):  # one block per line, and blank lines between paragraphs
        assert text_paragraphs(sep.join(page)) == STORY
    # the same words inside the story, not above a thread, are the story's
    quoted = "The harbour master said: we'd like your thoughts on this timetable before it is final, and we will listen."
    assert text_paragraphs("\n".join([*STORY, quoted, *STORY])) == [*STORY, quoted, *STORY]


def test_reader_headings_and_thread_counters_open_the_thread() -> None:
    # a thread whose comments carry no bylines: only its heading shows where the story ends
    headings = ["Readers' comments", "Comments from readers", "Comments: 4", "Showing 1 - 4 of 4 comments",
                "4 comments so far...", "There are 4 comments on this story", "Comments for this article",
                "Responses to “Ferry timetable approved”", "blog comments powered by Disqus", "Sort comments by: oldest"]
    for heading in headings:
        assert text_paragraphs("\n".join(MENU + STORY + [heading] + REMARKS + MENU)) == STORY, heading


def test_a_closed_thread_notice_ends_the_story() -> None:
    for notice in ("Commenting is closed for this article.", "Comments for this post are closed"):
        assert text_paragraphs("\n".join(MENU + STORY + [notice] + REMARKS + MENU)) == STORY, notice


def test_a_recent_comments_widget_or_a_comment_link_above_the_story_cuts_nothing() -> None:
    # a blog's sidebar ("Recent Comments") and a story's prompt ("Comment On This Story") stand
    # before or inside the story: neither is the thread
    intro = "The Harbour Blog covers the councils, the courts, the schools and the boats that link the islands together."
    widget = ["Recent Comments", "Ann on Pier repairs", "Bo on Lifeboat crew honoured", "Your opinions"]
    story = [*STORY, "Weekend sailings stay as they are, though the last boat on Sunday will leave ten minutes later."]
    assert text_paragraphs("\n".join([*MENU, intro, *widget, *story, *MENU])) == [intro, *story]
    body = text_paragraphs("\n".join([*story[:2], "Comment On This Story", *story[2:]]))
    assert [p for p in body if p in story] == story


def test_blogger_said_lines_mark_a_thread() -> None:
    thread = []
    for i, remark in enumerate(REMARKS):
        thread += [f"islander{i} said...", remark]
    assert comment_thread_start([*STORY, *thread]) == len(STORY)


def test_comment_tools_and_votes_mark_a_thread() -> None:
    for tool in ("Reply to this comment", "Thumbs up (3)", "Inappropriate? Alert us.", "12 people liked this"):
        thread = []
        for remark in REMARKS:
            thread += [remark, tool]
        assert comment_thread_start([*STORY, *thread]) is not None, tool


def test_more_commenter_bylines_and_comment_tools_mark_a_thread() -> None:
    marks = ["Comment #{i} by islander{i}", "islander{i} replied:", "islander{i} (not verified)", "Flag as inappropriate",
             "Agree (3) Disagree (1)", "Was this comment helpful?", "Link to this comment"]
    for mark in marks:
        thread = []
        for i, remark in enumerate(REMARKS):
            thread += [remark, mark.format(i=i)]
        assert comment_thread_start([*STORY, *thread]) is not None, mark
    # a story sentence that opens like a byline is no mark
    assert comment_thread_start([*STORY, "Comment by the harbour authority was not available", *STORY]) is None


def test_pingbacks_listed_with_the_comments_are_a_thread() -> None:
    thread = []
    for i, remark in enumerate(REMARKS[:3]):
        thread += [f"Pingback: Ferry news roundup {i} | Island Blog", remark]
    assert text_paragraphs("\n".join(MENU + STORY + thread + MENU)) == STORY


def test_comments_each_opened_by_a_name_alone_are_a_thread() -> None:
    # no heading, no dates, no "Reply": only the commenters' names, the author answering twice
    names = ["Gibbo", "Robert Lane", "Ann Quay", "Mars Dorian", "Ann Quay"]
    thread = [x for name, remark in zip(names, [*REMARKS, REMARKS[0]], strict=True) for x in (name, remark)]
    assert text_paragraphs("\n".join(MENU + STORY + thread + MENU)) == STORY


def test_subheads_over_the_story_are_not_a_thread_of_names() -> None:
    # a subhead printed again (a box's label) over each part: no person's name, so no thread
    heads = ["Ferry In Depth", "Timetable", "Ferry In Depth", "Fares", "Ferry In Depth"]
    lines = [x for head, para in zip(heads, [*STORY, *STORY[:2]], strict=True) for x in (head, para)]
    assert comment_thread_start(STORY + lines, 2) is None


def test_a_long_thread_of_named_comments_does_not_outweigh_a_short_story() -> None:
    # the thread holds more running text than the story; only its name lines show what it is, and
    # one comment opens with a short line of its own ("Question for clarity:") under the name
    long = [r + " " + r for r in REMARKS]
    thread = ["Gibbo", long[0], "Robert Lane", long[1], "Ann Quay", long[2], "Mars Dorian", long[3],
              "Jace Daniel", "Question for clarity:", long[0], "Ann Quay", long[1]]
    assert text_paragraphs("\n".join(MENU + STORY + MENU[:2] + thread + MENU)) == STORY


def test_replies_marked_only_by_whom_they_answer_are_a_thread() -> None:
    # no heading, no dates: each reply names the comment it answers, a counter under the first
    thread = ["islander", REMARKS[0], "View 2 replies", "harbourfan", "In reply to islander", REMARKS[1],
              "Quote from harbourfan:", REMARKS[2], "ferrygirl", "In reply to harbourfan", REMARKS[3]]
    assert text_paragraphs("\n".join(MENU + STORY + thread + MENU)) == STORY


def test_a_comment_form_above_the_thread_starts_it() -> None:
    # the form first (its fields alone on their lines), the comments under it, no heading
    form = ["Name (required)", "Email (will not be published) (required)", "Website", "Remember me",
            "1000 characters left"]
    thread = [r + " " + r for r in REMARKS]  # comments as long as the story: they do not fall away on their own
    assert text_paragraphs("\n".join(MENU + STORY + form + thread + MENU)) == STORY


def test_section_labels_over_teasers_are_not_a_thread_of_names() -> None:
    # a teaser box: each summary under its section's label, labels back again, nobody talking
    teasers = ["The harbour board approved a new slipway for the regatta on Monday night.",
               "Storm damage closed the coast road for a second night, the county said.",
               "The island school will open a new science wing in the autumn term.",
               "Ferry fares will rise by four percent from June, the operator announced."]
    labels = ["Danger Room", "Design", "Threat Level", "Design", "Opinion", "Danger Room"]
    box = [x for label, t in zip(labels, teasers + teasers[:2], strict=True) for x in (label, t)]
    assert comment_thread_start(STORY + box, 2) is None
