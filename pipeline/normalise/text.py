"""Plain-text inputs (JSONL and NELA-style dumps with ``text``): repair, strip page leftovers, split.

Dumps made by scrapers keep what the page showed around the article: lone separators and
advertiser lines at the top, image alt text, the headline again as the first line, share
prompts, "Read more [link](#)" lines, markdown emphasis and links, and, at the end, whole
reader-comment threads (names on their own lines, "Reply", timestamps, spam). Each is removed
here so detection never sees it as "added" text. Some dumps are whole pages flattened to text
(menus, sidebars, footers): there the story is first found as the best-scoring run of lines
(``article_region``), measured by ``make eval-text``.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from pipeline.normalise.furniture import (
    MAX_PROMPT_CHARS,
    is_comment_prompt,
    is_comments_heading,
    is_furniture_line,
    is_rights_notice,
    is_story_list_heading,
    is_tool_row,
)
from pipeline.normalise.language import FUNCTION_WORDS
from pipeline.normalise.matchtext import match_form

_BLANK_LINE = re.compile(r"\n\s*\n")

# --- inline markdown -------------------------------------------------------------------------
# A link's title may hold quote marks of its own ('"Permanent link to "Fares rise""'): it runs to the '")'.
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\n]*?\")?\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\n]*?\")?\)")
# The end of a link whose text began on the line above (html2text wraps long link text): "](url "title")".
# ... and its opening bracket, left alone at the start of the line above: "[Fares rise in".
_MD_LINK_HEAD = re.compile(r"^!?\[(?=[^\]]*$)")
_MD_LINK_TAIL = re.compile(r"^\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\n]*?\")?\)")
_MD_EMPTY_LINK = re.compile(r"\[\s*\]\([^)]*\)")
_MD_EMPH = re.compile(r"(\*\*|\*)(?=\S)(.+?)(?<=\S)\1|(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\3(?!\w)")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")  # html2text escapes: "1\. ", "\- "
# The signature line of an embedded social post: "A post shared by Ann Lee (@annlee) on Apr 4, 2017 at 7:16pm PDT".
_POST_SIGNATURE = re.compile(r"^An? (?:post|photo|video) shared by .{1,60}\(@[\w.]{1,30}\) on ")
# A link to a video among other stories, its kind printed after its headline: "Fans react to the final Video".
_VIDEO_TEASER = re.compile(r"^(?=.{15,200}$)(?!.*[.!?]$).*[^\W\d_]\s(?:Video|VIDEO)$")
# The signature line of an embedded tweet: "— Ann Lee (@annlee) October 22, 2017".
_TWEET_SIGNATURE = re.compile(r"\(@\w{1,30}\)\s+\w+\.? \d{1,2}, \d{4}$")
# html2text's mark of a <blockquote> ("> "): a comment box may be one, so marks are read inside it
_MD_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_BULLET = re.compile(r"^\s*(?:[-*+•·▪●]\s+|\d{1,2}[.)]\s+)")
_WORD = re.compile(r"\w+")
_LONG_WORD = re.compile(r"\w{4,}")  # the words of four characters or more: a run of fewer never matches

# --- a line that marks a reader comment ----------------------------------------------------
# A comment's age in a plugin's short form: "3y", "2h", "5 min", "3 yr. ago".
_AGE_SHORT = r"\d{1,2}\s?(?:[smhdwy]|mins?|hrs?|wks?|yrs?)(?:\.? ago)?"
# A time or an age anywhere in a line: "9:12 am", "3 days ago".
_COMMENT_TIME = r"(?:\b\d{1,2}:\d{2}\s*(?:am|pm)\b|\b\d+ (?:minutes?|hours?|days?|weeks?|months?|years?) ago$)"
_COMMENT_MARK = re.compile(
    r"^(?:reply|report|flag|like|share|delete|permalink|report (?:abuse|comment)|reply delete|"
    r"(?:reply|report|delete|quote|recommend|link)(?: \| (?:reply|report|delete|quote|recommend|link))+|"
    r"↓|▲|▼|\d+ (?:likes?|points?|replies|upvotes?|recommends?|recommendations?|people like this)|recommend(?:ed)?\??(?: \(\d+\))?|"
    r"(?:add|post|load more|show more|view all|see all) (?:a )?(?:comments?|replies)\.*|load more\.*)"
    r"(?:\s*[↓↑])?$|"
    r"^.{1,60}\b(?:said|says|wrote|writes):$|^.{1,40}\bsaid(?:\.{2,3}|…)$|"
    # a comment's tools and votes: "Reply to this comment", "Recommend this post", "Thumbs up (3)",
    # "Inappropriate? Alert us.", "12 people liked this"
    r"^(?:reply to|recommend|rate|flag) this(?: comment| post| reply)?\b.{0,20}$|^(?:thumbs up|thumbs down|vote up|vote down|dislike)(?:\s*\(?[+-]?\d+\)?)?$|"
    r"^inappropriate\?.{0,30}$|^\d+ (?:people|readers|users) (?:like|liked|recommend(?:ed)?|agreed?(?: with)?) this\.?$|"
    # a commenter's byline or a comment's own tools in other words: "Comment #3 by jdoe", "jdoe
    # replied:", "jdoe (not verified)", "Flag as inappropriate", "Agree (3) Disagree (1)"
    r"^comment(?: #?\d+)? (?:by|from):? \S{1,30}(?: \S{1,30}){0,2}$|^comment (?:#|no\.? ?|number )?\d{1,4}(?: of \d{1,5})?\.?$|^.{1,40} (?:wrote|replied|commented|responded)(?: on .{1,40})?:$|"
    r"^.{1,40} \(not verified\)$|^reply from \S.{0,40}$|^(?:report|flag)(?: this (?:post|comment))? as (?:inappropriate|abuse|spam|offensive)$|"
    # a comment's rating, its sender, its signature under a dash, its trailer: "★★★★☆", "Rating: 4/5",
    # "Sent by jdoe, Leeds", "- jdoe, Leeds", "Posted by jdoe | Permalink"
    r"^[★☆⭐✩✰]{3,}.{0,20}$|^(?:rating|rated)\s*:?\s*\d(?:\.\d)?\s*(?:/|out of)\s*(?:5|10)(?: stars?)?$|^sent by:? \S.{0,60}$|"
    r"^[-–—]\s*[^\W\d_][\w'.-]*(?: [\w'.-]+){0,3},\s*[^\W\d_][\w' .-]{1,30}$|^(?:posted|written|submitted) by:? .{1,60}\|\s*(?:permalink|reply|link)$|"
    # a row of a comment's tools and counts: "2 Likes Like Report", "Reply • Share ›", "Like Reply 3",
    # "Like · Reply · 3y" (a comment plugin's age in one letter: 3y, 5d, 2h)
    r"^(?:(?:\d+\s+)?(?:likes?|dislikes?|reply|replies|report(?: abuse)?|share|flag|recommend|quote|permalink|vote (?:up|down)|upvotes?|downvotes?|"
    r"thumbs (?:up|down)|agree|disagree|offensive|" + _AGE_SHORT + ")"
    r"(?:\s+\d+|\s*\([+-]?\d+\))?[\s|•·›»]*){2,}$|"
    # a comment's age as plugins print it, alone or after its author: "2h", "· 3 yr. ago", "Sue Carter · 3y";
    # a reply's author and whom it answers: "Sue Carter in reply to Margaret Ellis"
    rf"^(?:[^.!?]{{1,40}}\s[·•]\s*|[·•]\s*)?{_AGE_SHORT}$|^[^.!?]{{1,40}},?\s(?:in (?:reply|response) to|replying to) @?[^.!?]{{1,40}}$|"
    # a link another blog sent, listed with the comments: "Pingback: Storm closes road | Harbour Blog"
    r"^(?:pingback|trackback)\s*:\s*\S.{0,200}$|"
    # a comment form's fields: "Name (required)", "Email (will not be published) (required)", "Remember me",
    # "Submit Comment", "1000 characters left", "Word verification"
    r"^(?:(?:your )?(?:name|e-?mail(?: address)?|website|url)\s*(?:\((?:required|optional|will not be published|never shared)"
    r"(?:,\s*(?:will not be published|never shared|not shown))?\)\s*)+:?|(?:\d+ )?characters? (?:left|remaining):?\s*\d*|"
    r"(?:your )?(?:name|e-?mail(?: address)?|website|url)\s*\*\s*:?|remember me\W*|submit comment|(?:\d+ )?characters? (?:left|remaining)|word verification|"
    r"type the (?:characters|words|code) you see\b.{0,40}|enter the code shown\W*)$|"
    # a comment plugin's own lines: "Facebook social plugin", "Comment using...", "Posting as Ann (Not you?)"
    r"^(?:facebook social plugin|comment using\W{0,3}|also post on facebook|posting as .{1,40}\(not you\?\)|sort by:? (?:newest|oldest|best|top|popular)\b.{0,30})$|"
    r"^report this post$|^(?:permalink|link) to (?:this )?comment$|^was this (?:comment|post|review) helpful\??(?: yes\W*no)?$|"
    # a comment's own links and its readers' votes: "Share this comment", "Respond to this comment",
    # "3 of 5 people found this useful"
    r"^(?:share|respond to|quote|link to) this comment$|^\d+ (?:of|out of) \d+ (?:people|readers|users) found this (?:comment )?(?:useful|helpful)\W?$|"
    # a comment's moderation and rating tools: "Alert a moderator", "Complain about this comment",
    # "Click to rate", "Rating 12"
    r"^(?:alert (?:a |the )?moderators?|complain about this (?:comment|post)|click to rate|rating\s*:?\s*[+-]?\d{1,4})$|"
    r"^(?:agree|disagree|like|reply|helpful|unhelpful)\s*\(\d+\)(?:\s+(?:agree|disagree|like|dislike|reply)\s*\(\d+\))*$|^https?://\S+ \S.{0,40}$|^(?:posted|written|submitted) by:? .{1,60}(?:\d|ago)|"
    + _COMMENT_TIME,
    re.I,
)
# A reply's address or quotation and a thread's reply counter, which only a comment thread prints:
# "In reply to jdoe", "Quote from jdoe:", "Originally Posted by jdoe", "Reply with quote", "jdoe
# replied to ann", "View 3 replies", "Show 2 more replies", "1 reply".
_REPLY_MARK = re.compile(
    r"^(?:(?:view|show|hide) (?:all )?(?:\d+ )?(?:more )?repl(?:y|ies)\W*|\d+ reply\W*|"
    r"(?:in (?:reply|response) to|replying to) @?\S.{0,40}|quote(?: from| by)? \S.{0,40}:|originally posted by \S.{0,40}|"
    r"quote:?|reply with quote|\S{1,30}(?: \S{1,30})? replied to \S{1,30}(?: \S{1,30})?|reply to @?[^\W\d_][\w.'-]{0,30}(?: [\w.'-]{1,30})?)$",
    re.I,
)
# Every alternative of _COMMENT_MARK but the time opens with "^": elsewhere in a line only the time is searched.
_COMMENT_TIME_MARK = re.compile(_COMMENT_TIME, re.I)
# A commenter's byline: a date (maybe with a time), alone or after a short name ("Sue - 3 May, 2011").
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_LINE = re.compile(
    r"^(?:\d{1,3}\.?\s+)?(?:(?:\S+\s+){0,3}?\S+?\s*(?:[-–|,•:]|\s\bon|\s\bat|\s)\s*)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:'?\d{{2}}|\d{{4}})|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|"
    r"\d{4}-\d{2}-\d{2}|\d{4}/\d{1,2}/\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
    r"(?:,?\s*(?:at\s+|@\s*)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?)?\.?$",
    re.I,
)
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:'?\d{{2}}|\d{{4}})|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|"
    r"\d{4}-\d{2}-\d{2}|\d{4}/\d{1,2}/\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
)
# A commenter's byline with more after the date: a clock time and a handle ("Thu, 08/09/2012 -
# 14:32 | 2691789 jdoe") or a separator and a profile ("Sue , on May 6th, 2012 // Twitter: @sue").
# A timeline entry ("March 3, 2011: protests begin") has neither, so it is not a byline.
_BYLINE_DATE = re.compile(
    rf"^(?:[^.!?]{{0,50}}?(?:,|\bon|\||\s-|–|:)\s*)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?{_DATE}"
    r"(?:,?\s*(?:at\s+|@\s*|[-–|]\s*)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?\b.{0,60}|\s*(?:\||//).{0,60})$",
    re.I,
)
# Lines only a comment thread prints: a sign-in prompt under each comment, a commenter's avatar.
_COMMENT_FRAME = re.compile(
    r"^(?:(?:log ?in|sign ?in|register)\b.{0,30}\bto (?:post|leave|add|write|reply|comment)\b.{0,30}|"
    r"[^.!?]{1,40}'s? (?:picture|avatar|profile (?:picture|image|photo)))$",
    re.I,
)
# Where a comment ends with its author's signature: "a name, a town, a country" under the text.
# No full stop at the end: "It will keep, chilled, for about a week." is a sentence.
_SIGNATURE = re.compile(r"^[^\W\d_][\w'.-]*(?: [\w'.-]+){0,3}(?:, ?[^\W\d_][\w'. -]{1,30}){2,3}(?<!\.)$")
# A reader's shorter signature under a comment: a name and a town ("Dave, Leeds", "Sarah Jones,
# Cardiff", "Tom of Perth", "jdoe (Sydney)") or only who posted it ("Posted by jdoe"). A dateline
# ("LONDON, England") or a quote's speaker has this form too, once: only a run of comments each
# signed so is a thread (``_signed_thread_start``).
_SIGNER = r"(?:[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}|[a-z][a-z0-9_.-]{2,24})"
_SIGNER_PLACE = r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}"
_READER_SIGNATURE = re.compile(
    rf"^{_SIGNER}(?:,\s*{_SIGNER_PLACE}| (?:of|from|in) {_SIGNER_PLACE}| \({_SIGNER_PLACE}\))(?:,?\s+(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?i:\s*[ap]m)?)?$|"
    r"^(?i:posted|submitted|sent|written|comment(?:ed)?) (?i:by):? \S{1,30}(?: \S{1,30}){0,2}$"
)
# A commenter's line over the comment's text, as blog themes print it: "Sue Carter said,", "jdoe
# says:", "Sue on March 3, 2010 said", "Sue Carter on 3 May 2010 at 9:12 am said:". The name is a
# name (capitalised words, or one lower-case handle), no pronoun or sentence: "He said," and "After
# the vote the mayor said," are a story's. Only a run of them, each over a comment, is a thread
# (``_said_thread_start``).
_SAID_NAME = (r"(?!(?:He|She|They|It|I|We|You|Who|What|As|And|But|So|Then|This|That|The|An?|My|Our|His|Her|Their|One|"
              r"Someone|Everyone)\b)(?:[A-Z][\w'’.@-]*(?: [A-Z][\w'’.@-]*){0,2}|[a-z][\w.@-]{1,24})")
_SAID_DATE = rf"(?i: (?:on|at) {_DATE}(?:,?\s*(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]m)?)?)"
_COMMENTER_SAID = re.compile(
    rf"^{_SAID_NAME}(?:{_SAID_DATE}? (?i:said|says|wrote|writes)(?:\s*[,:]|\.{{3}}|…)|{_SAID_DATE} (?i:said|says|wrote|writes))$"
)
# A commenter's byline closed by a date in brackets: "Dave in Leeds - (12/18/2026 05:54)".
_PAREN_DATE = re.compile(rf"^[^.!?]{{1,50}}\(\s*{_DATE}(?:,?\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*(?:am|pm)?)?\s*\)$", re.I)
# An image's file name left as its alt text ("harbour-ferry-3", "IMG_2041"): one token, no words around it.
_FILE_NAME = re.compile(r"^\w+(?:[-_]\w+)+(?:\.(?:jpe?g|png|gif|webp))?$", re.I)
# Post footers the shared list does not spell: "Filed Under: News, Ferries", "Posted in: Recipes".
_POST_FOOTER = re.compile(r"^(?:filed|posted|published) (?:under|in):\s.{0,200}$", re.I)
# A commenter's picture kept as a markdown image: comment systems name it an avatar.
_MD_AVATAR = re.compile(r"!\[[^\]]{0,80}\]\([^)\s]{0,300}avatar", re.I)
# Feed notes under a blog post: "jdoe reblogged this from ann and added:", "jdoe liked this".
_FEED_NOTE = re.compile(r"^\S{1,40} (?:reblogged this from \S{1,40}(?: and added:)?|liked this|posted this)$", re.I)
# A commenter and a date at the end of a comment's line: "... great post. jdoe@... | 01/18/08".
_TRAILING_DATE = re.compile(rf"^.{{1,60}}\s\|\s*{_DATE}$", re.I)
# A sidebar entry's tail: "Storm closes coast road (7 hours ago)", "Ferry fares (12 comments)", "May 2011 (16)".
_TEASER_TAIL = re.compile(
    r"\((?:(?:about |over )?(?:\d+|an?) (?:minutes?|hours?|days?|weeks?|months?|years?) ago|\d+ (?:comments?|replies|responses|views)|\d+)\)$",
    re.I,
)
# An archive or category widget flattened onto one line: "Posts by Month November 2012 (16)
# October 2012 (50) ...", "Browse by topic art (12) baby (3) ...": short entries, each closed by its count.
_ENTRY_COUNT = re.compile(r"\((\d{1,5})\)")
_COUNT_LIST_MIN = 4  # counted entries on one line, at least
_COUNT_ENTRY_MAX_WORDS = 5  # words of one entry, at most on average
# A picture's caption credit the shared list does not spell: "1938 – Photographer: The Province.",
# "Harbour at night photo: Flickr user Ann Lee", "STAFF PHOTO BY ANN LEE Ferries at dawn",
# "Ann Lee/Reuters", "Ann Lee/Harbour Times/Getty Images". A labelled credit (a colon, then a capital), so "the photo by Lee won" is prose.
_CAPTION_CREDIT = re.compile(
    r"\b(?i:photographer|photo(?:graph)? credit|photo|picture|image)s?\s*:\s*[A-Z@]|^(?i:staff (?:photo|photograph)s? by)\b|"
    r"^[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3}(?:\s*/\s*[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3})?\s*/\s*(?i:reuters|ap|afp|epa|getty images|bloomberg|file)$|"
    # a caption widget's labels flattened into its line: "Image copyright Ann Lee", "Image caption Ferries at dawn"
    r"^(?:Image|Picture|Photo) (?:copyright(?: [\w.'&/-]+){1,5}$|caption )"
)
# A picture's caption closed by its agency after a comma, no full stop: "Steve Jobs shows the new Mac, AP".
_AGENCY_TAIL = re.compile(r"[^\W\d_], (?:Getty(?: Images)?|AP|Reuters|AFP|EPA|PA|Bloomberg)$")
_CAPTION_MAX_WORDS = 25
# A picture's caption under the lead picture, before the story, by the words that mark it as one:
# the agencies' file-picture openings ("FILE - In this May 2, 2019, file photo, ...", "In this
# photo issued by ...", "(File photo) ..."), a caption widget's labels flattened into the line
# ("Image caption ...", "Enlarge / ...", "... hide caption") and the picture agencies' caption
# dateline ("PLACE - MONTH 30: ..."). A credit alone at the caption's end ("... Photograph: Ann
# Lee/EPA") is not enough: some annotators keep such captions as the story's first lines, others
# drop them, so the text path leaves them alone as the HTML path does.
_LEAD_CAPTION = re.compile(
    r"\bhide caption$|"
    r"^(?:file\s*[-–—]\s|\(file (?:photo|picture)\)|in this (?:[^,]{0,60}\s)?(?:file )?(?:photo|image|picture|frame grab)s?(?![\w-])|"
    r"image caption\s|enlarge\s*/\s|[A-Z][A-Z.,' ]{2,40} [-–—] [A-Z]{3,9} \d{1,2}: )",
    re.I,
)
# A picture's credit closing a caption ("... Photograph: Ann Lee/EPA", "... (Photo by Ann Lee/Getty
# Images)", "... (credit: NASA/Ann Lee)", "... Ann Lee/Getty Images"): annotators disagree whether
# such a caption above the story is the story's, so nothing cuts the story's start below one.
_AGENCY = r"(?:getty images|reuters|afp|ap|ap photo|associated press|epa|pa|bloomberg|shutterstock)"
_CREDIT_END = re.compile(
    r"(?:\((?:photo|picture|image|credit)s?(?: by| credit)?\s*:?\s[^()]{1,80}\)\.?|"
    r"(?:[.!?)]\s|^)(?:photograph|photo|picture|image)(?: credit)?s?\s*(?:by\b|:)\s*[^.]{1,80}|"
    rf"\w[\w.'-]*\s?/\s?(?:[\w.'-]+ ){{0,3}}{_AGENCY}\.?|\([^()]{{1,60}}/\s?{_AGENCY}\)\.?)$",
    re.I,
)
# A byline: "By" and a capitalised name ("By Ann Lee", "BY ANN LEE", "By A. Lee and Tom Reyes").
_BYLINE = re.compile(r"^(?:By|BY|by):?\s+[A-Z][\w.'’-]*(?:\s|,|$)")
_BYLINE_MAX_WORDS = 20
_BYLINE_MAX_CHARS = 160
_LEAD_CAPTION_REACH = 4  # kept lines at the body's top a lead picture's caption may stand among, at most
# Where an author box under a post opens: all after it (the bio, "More posts", the author's
# picks) is about the writer, not the story. "About Ann Lee" counts only when the bio under it
# starts with the name; a subhead "About the fares" does not.
_AUTHOR_BOX = re.compile(
    r"^(?:about the (?:author|writer)|this (?:post|article|story|entry) was written by|"
    r".{1,60}\s[–-]\s(?:who )?has written \d+ (?:posts|articles|stories)\b.{0,80})\s*[.:]?$",
    re.I,
)
# A picture's caption printed twice a line or few apart (its alt text, then the caption under it,
# maybe with a label, a gallery name or a credit added): "Caption Storm closes coast road".
_CAPTION_LABEL = re.compile(r"^(?:caption|photo|image|picture|hide caption|expand)\s*:?\s+", re.I)
_CAPTION_REACH = 3  # filled lines between the two copies, at most
_CUT_END = re.compile(r"\s*(?:\.{3}|…)$")
_CAPTION_MIN_WORDS = 4
_CAPTION_EXTRA_MAX_WORDS = 12  # words one copy adds to the other (gallery name, credit), at most
# A teaser's summary cut short: "... with his star turn...", "... the energy [...]".
# Or closed by its link to the story: "... Learn how here. More", "... at Wimbledon. Full Story".
_TRUNCATED = re.compile(
    r"(?:\w|[,;])\s?(?:\.{3}|…)$|\[(?:\.{3}|…)\]$|[.!?\"”]\s+(?i:more|full story|read more|read full (?:story|article)|continue reading)\W{0,3}$"
)
# A list entry carrying its date at one end: "January 15, 2008 Crane accident site reopens",
# "Job fair by jdoe 01/15/2008 10:50 a.m. ET" (archive lists, forum boards, headline tickers).
_DATED_ENTRY = re.compile(
    rf"^(?:{_DATE}\s+(?P<a>.+)|(?P<b>.+?)\s+{_DATE}(?:,?\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{{2,4}})?)?)$",
    re.I,
)
# What any _TRUNCATED match ends with, searched in a line's last characters only: the ellipsis, the
# bracket or a link word of each alternative, then at most three non-word characters and a newline.
_TRUNCATED_CUE = re.compile(r"(?:\.{3}|…|\]|(?i:more|story|article|reading))\W{0,4}\Z")
_TRUNCATED_CUE_CHARS = 12  # longest cue: "reading" and four characters after it
_DIGIT = re.compile(r"\d")  # every _DATE spells one
_DATED_LIST_MIN = 3  # dated entries in a row that make a list
_TEASER_MIN = 3  # headline and cut-short summary pairs in a row that make a teaser list
_TEASER_GAP = 4  # lines between two pairs of one list, at most
_TEASER_MIN_WORDS = 8  # words of a teaser's summary, at least
_ABOUT_NAME = re.compile(r"^About ((?:[A-Z][\w'.-]+ ){0,2}[A-Z][\w'.-]+)$")
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|–—:-]|::)\s+")  # "Headline - Site name"
# "Blog name: Post title": a blog's name before its post's headline, a colon after it.
_TITLE_LABEL = re.compile(r"^[^:]{3,60}?\S:\s+(?=\S)")
_ARROWS_LEFT = frozenset("«‹←")
_ARROWS_RIGHT = frozenset("»›→")
_SENTENCE_END = ('.', '!', '?', '"', '”', "'", '’', ')', ':', '…')

# A rights notice with its year ("© 2008 ...", "© Reuters 2007", "Copyright 2008 ... All rights reserved").
_RIGHTS_YEAR = re.compile(
    r"(?:©|\(c\)|\bcopyright\b)\s*(?:©\s*)?(?:(?:19|20)\d\d\b|[^\W\d][\w&.' -]{0,40}?\b(?:19|20)\d\d\W*$)|"
    r"all rights reserved|^copyright\b",
    re.I,
)
_RIGHTS_LINE_MAX_CHARS = 200
_RIGHTS_MIN_PROSE = 60  # words of sentences before a rights notice that make it the story's end

# Scores of the article region: a line of running text counts its words, anything else costs.
_TEXT_MIN_WORDS = 10
_SHORT_COST = 3
_COMMENT_COST = 15
_HEADING_COST = 60
_PAGE_MIN_OUTSIDE = 5
_TRAIL_MIN_GROUPS = 3  # comments signed under their text, at least, that make a thread
_PROSE_MIN_WORDS = 6  # words of a line after a thread's last mark that make it a comment's text
_THREAD_MARK_GAP = 12  # lines between two comment marks of one thread, at most
_PROMPT_REACH = 4  # lines above a thread's start an invitation to comment may stand, at most
_PROMPT_GAP_MAX_WORDS = 8  # words of a line between the invitation and the thread, at most
_LIST_MIN_RUN = 3
_PARAGRAPH_MIN_SHARE = 0.1  # blank-line gaps per text line that make blank lines paragraph breaks
_HEADLINE_LEAD_MAX = 6  # kept lines before a repeated headline that are the page's, at most ...
_HEADLINE_LEAD_SHARE = 0.25  # ... holding less than this share of the body's words
_ISLAND_GAP = 3  # dropped lines that part a whole-page dump's story from leftovers after it, at least
_ISLAND_MAX_LINES = 6  # kept lines after such a gap that are leftovers, at most ...
_ISLAND_SHARE = 0.15  # ... holding less than this share of the body's words
_VALLEY_DEPTH = 30.0  # a fall of the run's score this deep (10 menu lines) ends the run
_ANNOUNCED_SHARE = 0.3  # a run the headline opens wins over a best run this much stronger
_HEADLINE_REACH = 6  # lines between the headline and its run, at most
_THREAD_RUN_MARKS = 3  # comment marks in a run, at least, that make it a thread ...
_THREAD_RUN_LINES = 10  # ... when one line in this many is one
_HEADLINE_PREFIX_MIN_WORDS = 4  # words of a line opening the title that make it the headline, at least
_PIPE_CELL_MAX_WORDS = 40  # words of a pipe row's longest cell, at most: more is a table cell holding the story
_DOUBLED_MAX_WORDS = 25  # words of a teaser title printed twice on its line, at most
# A commenter's name: up to four capitalised words ("Paul H. Byerly", "Mars Dorian") or one handle ("jdoe_77").
_HANDLE = re.compile(r"^(?:[A-Z][\w'’-]+(?: (?:[A-Z]\.|[A-Z][\w'’-]+|van|von|de|da|del|la|le)){0,3}|[a-z][a-z0-9_.-]{2,24})$")
# Words a subhead or a box's label spells and a person's name does not: "Linux In Depth", "Installing Slackware".
_HEADING_WORD = re.compile(r"\b(?:In|Of|The|And|For|To|With|On|At|An?|From|By|Your|My|Our|How|What|Why|New|More|All|\w+ing)\b")
# A reader speaking in the first or second person: "I only wish ...", "you've managed", "my site".
_SPOKEN = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|me|my|we|our|us|you|your|you're|you’re|thanks?)\b", re.I)
_NAMED_GAP = 8  # filled lines from one name line to the next of one thread, at most (a comment's paragraphs)
_NAMED_MIN = 4  # comments opened by a name line, at least, that make a thread
_CONTINUED_SHARE = 0.5  # a later run this strong against the story's run, at least, ...
_CONTINUED_COHESION = 0.15  # ... with this share of its topic words the story's: the story goes on past a box
_STORY_MIN_WORDS = 30  # running text before a comments heading that makes it the story  # short title-like lines in a row: a link list  # costly units outside the best run that make a dump a whole page


# Text ftfy leaves as it is: ASCII without entities ('&'), carriage returns or control characters
# (mojibake needs non-ASCII). Most dumps are; they skip ftfy, its import and its per-line passes.
_NEEDS_REPAIR = re.compile(r"[^\t\n\x0c\x20-\x7e]|&")
# The line tests below are pure functions of their text and each runs 3-4 times per line (region
# scoring, thread search, furniture filters): memoised, a line is judged once per process.
_LINE_CACHE = 1 << 13


@lru_cache(maxsize=_LINE_CACHE)
def _word_count(line: str) -> int:
    """Words of a line: asked of one line by up to six rules (scores, captions, teasers, lists)."""
    return len(_WORD.findall(line))


def repair(text: str) -> str:
    """Fix mojibake and HTML entities left in dumps, without touching typography.

    ``ftfy.fix_text`` fixes a text line by line (each segment up to and including its "\n"), at
    a cost of ~10 us a line even when nothing changes: only the runs of lines that need it
    (``_NEEDS_REPAIR``) are given to it, the others are kept as they are, which is what ftfy
    returns for them. ftfy stops unescaping HTML entities for good at the first line holding
    a "<"; a run after such a line is given ``unescape_html=False`` to keep that.
    """
    if not _NEEDS_REPAIR.search(text):
        return text
    import ftfy  # loaded by the first record that needs it

    segments = text.split("\n")
    segments = [s + "\n" for s in segments[:-1]] + ([segments[-1]] if segments[-1] else [])
    out: list[str] = []
    markup = False  # a "<" in a line before: ftfy unescapes no entity from there on
    i = 0
    while i < len(segments):
        j = i
        while j < len(segments) and _NEEDS_REPAIR.search(segments[j]):
            j += 1
        if j == i:
            out.append(segments[i])
            markup = markup or "<" in segments[i]
            i += 1
            continue
        run = "".join(segments[i:j])
        out.append(ftfy.fix_text(run, uncurl_quotes=False, fix_line_breaks=True, normalization="NFC",
                                 unescape_html=False if markup else "auto"))
        markup = markup or "<" in run
        i = j
    return "".join(out)


# The characters every markdown rule but the bullet needs: a line without them is plain text.
_MD_CHARS = re.compile(r"[\[\]#\\*_]")


@lru_cache(maxsize=_LINE_CACHE)
def strip_markdown(line: str) -> str:
    if not _MD_CHARS.search(line):  # the rules below only remove characters: none can match later
        return " ".join(_BULLET.sub("", line).split())
    line = _MD_LINK_HEAD.sub("", _MD_LINK_TAIL.sub("", line))
    line = _MD_IMAGE.sub("", line)
    line = _MD_EMPTY_LINK.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _BULLET.sub("", line)
    line = _MD_HEADING.sub("", line)  # after the bullet: html2text writes "* ## Heading" for a list of headings
    line = _MD_ESCAPE.sub(r"\1", line)
    prev = None
    while prev != line:
        prev, line = line, _MD_EMPH.sub(lambda m: m.group(2) or m.group(4), line)
    return " ".join(line.split())


def _link_share(raw: str, plain: str) -> float:
    """Share of a line's words that are markdown link text (navigation is mostly links)."""
    if "[" not in raw:  # no link
        return 0.0
    words = _word_count(plain)
    if not words:
        return 0.0
    linked = sum(len(_WORD.findall(m.group(1))) for m in _MD_LINK.finditer(_MD_IMAGE.sub("", raw)))
    return min(1.0, linked / words)


def _looks_like_name(line: str) -> bool:
    """A commenter's handle on its own line: short, no sentence punctuation at the end."""
    words = line.split()
    return 0 < len(words) <= 4 and len(line) <= 40 and not line.rstrip().endswith((".", "!", "?", '"', "”", ":"))


def _has_comment_time(line: str) -> bool:
    """``_COMMENT_TIME_MARK.search``, run only on a line with a clock's colon or an "ago" (IGNORECASE
    folds nothing else onto these letters): with ``_COMMENT_MARK.match`` it is ``_COMMENT_MARK.search``."""
    return (":" in line or "ago" in line.lower()) and bool(_COMMENT_TIME_MARK.search(line))


@lru_cache(maxsize=_LINE_CACHE)
def _is_comment_mark(line: str) -> bool:
    line = line.strip()
    if line[:1] == ">":
        line = _MD_QUOTE.sub("", line)
    if "(@" in line and _TWEET_SIGNATURE.search(line):
        return False  # an embedded tweet's author and date, quoted in the story
    return len(line) < 80 and bool(
        _COMMENT_MARK.match(line) or _has_comment_time(line) or _DATE_LINE.match(line) or _BYLINE_DATE.match(line) or _COMMENT_FRAME.match(line)
        or _REPLY_MARK.match(line)
        or _FEED_NOTE.match(line) or _TRAILING_DATE.match(line) or _PAREN_DATE.match(line)
    )


def _is_signature(lines: list[str], i: int) -> bool:
    """A commenter's "name, town, country" line under a comment (a list of such lines is not)."""
    prev = lines[i - 1] if i else ""
    return (
        len(lines[i]) < 60
        and bool(_SIGNATURE.match(lines[i]))
        and _word_count(prev) >= 6
        and not _SIGNATURE.match(prev)
    )


def _is_reader_signature(lines: list[str], i: int) -> bool:
    """A reader's short signature ("Dave, Leeds", "Posted by jdoe") right under a comment's text."""
    prev = lines[i - 1] if i else ""
    line = _MD_QUOTE.sub("", lines[i]) if lines[i][:1] == ">" else lines[i]
    return (
        len(line) < 60
        and bool(_READER_SIGNATURE.match(line))
        and _word_count(prev) >= 6
        and not _READER_SIGNATURE.match(prev)
        and not _is_comment_mark(prev)
    )


@lru_cache(maxsize=_LINE_CACHE)
def _is_thread_heading(line: str) -> bool:
    """A comment-thread heading (the shared rule of ``furniture``, memoised per line here)."""
    return is_comments_heading(line)


def _is_list_tab(lines: list[str], i: int) -> bool:
    """A "Comments" heading right under "Most read": the tabs of a sidebar box of most-read and
    most-commented stories ("Most read" / "Comments" / "1 Storm closes ..."), not a thread."""
    prev = next((lines[j] for j in range(i - 1, max(-1, i - 3), -1) if lines[j].strip()), "")
    return is_story_list_heading(prev)


def _opens_thread(lines: list[str], i: int) -> bool:
    """A thread start shown by a mark only comments carry: a heading, a commenter's signature or
    byline with a profile or a bracketed date, within a few lines (a bare date or "Posted by X
    at 3:00 AM" also heads a blog post, so it is not enough)."""
    near = [j for j in range(i, len(lines)) if lines[j]][:4]  # blank lines between paragraphs do not count
    return any(
        _is_thread_heading(lines[j]) or _is_signature(lines, j) or _BYLINE_DATE.match(lines[j]) or _PAREN_DATE.match(lines[j])
        or _COMMENT_FRAME.match(lines[j]) or _FEED_NOTE.match(lines[j]) or _REPLY_MARK.match(lines[j])
        or is_comment_prompt(lines[j][: MAX_PROMPT_CHARS - 1])
        for j in near
    ) or _signed_under(lines, i) or _replies_follow(lines, i) or _said_thread_at(lines, i)


_REPLY_WORD = re.compile(r"\breply\b", re.I)


def _is_reply_tool(line: str) -> bool:
    """A comment's own "Reply" control, alone or in its row of tools ("Reply", "Reply • Share ›",
    "Like · Reply · 3y"): each comment of a thread prints one, a story never does."""
    return "eply" in line and _is_comment_mark(line) and bool(_REPLY_WORD.search(line))


def _replies_follow(lines: list[str], i: int) -> bool:
    """Whether the comments from line ``i`` on each close with a "Reply" control: two or more,
    the first within a comment's reach of ``i`` and each within that reach of the last."""
    last, seen = i, 0
    for j in range(i, min(len(lines), i + 3 * _THREAD_MARK_GAP)):
        if j - last > _THREAD_MARK_GAP:
            break
        if lines[j] and _is_reply_tool(lines[j]):
            last, seen = j, seen + 1
            if seen >= 2:
                return True
    return False


def _signed_under(lines: list[str], i: int) -> bool:
    """Whether line ``i`` is the text of a thread's first comment, its marks under it (``_marks_trail``)."""
    found = [j for j in range(i + 1, min(len(lines), i + 4 * _THREAD_MARK_GAP))
             if _is_comment_mark(lines[j]) or _is_signature(lines, j) or _is_reader_signature(lines, j)]
    return bool(found) and found[0] - i <= 3 and _marks_trail(lines, found, found[0]) == i


def comment_thread_start(lines: list[str], first: int | None = None, page: bool = True) -> int | None:
    """Index of the first line of a trailing reader-comment thread, or None.

    An explicit header ("12 Comments", "Leave a Reply") after the story has begun cuts there
    (``first``: where the story's running text starts; by default a third of the way in). Without
    one, a tail where commenter-name lines and "Reply"/timestamp lines make up much of the text is
    a thread, cut from its first name line; outside a whole-page dump (``page``) only in the last
    two thirds, as times and datelines near the top of a story are not a thread. When both are
    found the earlier wins: a comment form's "Post a Comment" often follows the thread.
    """
    n = len(lines)
    lo = max(1, n // 3) if first is None else first + 1
    heading = next((i for i in range(lo, n) if _is_thread_heading(lines[i]) and not _is_list_tab(lines, i)), None)
    from_marks = n // 3 if first is None or not page else first + 1
    marked = _marked_thread_start(lines, from_marks, heading)
    # each finder of a thread by its marks looks above the start found so far, which it replaces
    for find in (_named_thread_start, _signed_thread_start, _said_thread_start, _runon_thread_start):
        found = find(lines, from_marks, marked if marked is not None else heading)
        if found is not None:
            marked = found
    # a comment form's heading ("Post a Comment") can come after the thread: the earlier start wins
    start = marked if marked is not None and (heading is None or marked < heading) else heading
    return _prompt_above(lines, start, lo) if start is not None else None


def _prompt_above(lines: list[str], start: int, lo: int) -> int:
    """The thread's start moved up to an invitation to comment right above it ("We'd like your
    thoughts on this story. ...", "Share your comment here"), over short lines between (a signature)."""
    best, j = start, start - 1
    while j >= lo and start - j <= _PROMPT_REACH:
        line = lines[j]
        if line and is_comment_prompt(line[: MAX_PROMPT_CHARS - 1]):  # the prompt leads; a policy may follow
            best = j
        elif line and _word_count(line) > _PROMPT_GAP_MAX_WORDS:
            break
        j -= 1
    return best


def _is_handle(line: str) -> bool:
    """A commenter's name alone on its line: "Chris Pearson", "Mars Dorian", "jdoe_77" (no sentence
    end, no figures beyond a handle's, each word capitalised or one lower-case handle)."""
    return (0 < len(line) <= 40 and bool(_HANDLE.match(line)) and not _HEADING_WORD.search(line)
            and not (len(line) > 3 and line.isupper()) and not is_furniture_line(line))


def _named_thread_start(lines: list[str], lo: int, stop: int | None) -> int | None:
    """Where a thread of comments each opened by its author's name alone on a line starts ("Gibbo /
    Brilliant! ... / Robert / Not seeing ... / Chris Pearson / It'll show up ..."), before ``stop``:
    ``_NAMED_MIN`` name lines in a row, each over prose, with no other short line between, and one
    name signing twice (the author answering, a reader coming back), none signing half of them, as
    many people as returns, and half the comments in the first or second person. A story's subheads, a site's section
    labels over teasers, are not people talking; a transcript's speakers close their name with a colon."""
    n = len(lines) if stop is None else stop
    filled = [i for i in range(lo, n) if lines[i]]
    run: list[int] = []  # name lines of the current run
    spoken = 0  # of their comments, those in the first or second person
    for k, i in enumerate(filled):
        line = lines[i]
        nxt = lines[filled[k + 1]] if k + 1 < len(filled) else ""
        if _is_handle(line) and _word_count(nxt) >= _PROSE_MIN_WORDS and not _is_handle(nxt):
            if run and k - filled.index(run[-1]) > _NAMED_GAP:
                run, spoken = [], 0
            run.append(i)
            spoken += bool(_SPOKEN.search(nxt))
            names = Counter(lines[j] for j in run)
            # many people, one of them back: a photographer credited under each picture of a gallery is one
            # name; and readers talk ("I", "you"): a teaser's summary under its section label does not
            if (len(run) >= _NAMED_MIN and _NAMED_MIN - 1 <= len(names) < len(run) and 2 * max(names.values()) <= len(run)
                    and 2 * len(names) >= len(run) and 2 * spoken >= len(run)):
                return run[0]
        elif _word_count(line) < _PROSE_MIN_WORDS and not line.endswith(_SENTENCE_END) and not _is_handle(line):
            run, spoken = [], 0  # a short line that names no one and says nothing (a menu, a subhead) parts the run
    return None


def _thread_past_run(lines: list[str], head: int, end: int) -> bool:
    """Whether the thread found at ``head``, inside a run ending at ``end``, goes on past that end:
    ``_THREAD_RUN_MARKS`` comment marks or more from ``head`` on, and past the end more comments,
    a comment's text among marks within a comment's reach. The run ended in the thread's own marks
    (their cost is its valley), so what it holds from ``head`` on is the thread's first comments,
    not the story. A share button and a menu after a story are marks with no comment between."""
    marks = [u for u in range(head, min(len(lines), end + _THREAD_MARK_GAP)) if lines[u] and _is_comment_mark(lines[u])]
    if len(marks) < _THREAD_RUN_MARKS or marks[-1] < end:
        return False
    return any(_word_count(lines[u]) >= _PROSE_MIN_WORDS and _line_score(lines[u], lines[u]) > 0 for u in range(end, marks[-1]))


def _signed_thread_start(lines: list[str], lo: int, stop: int | None) -> int | None:
    """Where a thread of comments each signed under its text with a reader's short signature ("text
    / Dave, Leeds / text / Sarah of Sydney ...") starts, before ``stop``: the signatures, with any
    other marks, close ``_TRAIL_MIN_GROUPS`` comments or more (``_marks_trail``). A dateline or a
    quoted speaker signs one line; only readers sign one comment after another."""
    n = len(lines) if stop is None else stop
    signatures = [i for i in range(lo, n) if _is_reader_signature(lines, i)]
    if len(signatures) < _TRAIL_MIN_GROUPS:
        return None
    found = sorted({*signatures, *(i for i in range(lo, n) if _is_comment_mark(lines[i]) or _is_signature(lines, i))})
    for m in signatures:
        top = _marks_trail(lines, found, m)
        if top is not None:
            return top if top >= lo else None  # signed from the story's first line on: a page of letters
    return None


_SAID_MIN = 2  # commenter lines, each over its comment's text, that make a thread
_SAID_REACH = 2  # marks (a date, a time) between a commenter line and its comment, or above it, at most


@lru_cache(maxsize=_LINE_CACHE)
def _is_commenter_said(line: str) -> bool:
    """A commenter's "Name said," line (``_COMMENTER_SAID``)."""
    return len(line) < 80 and " " in line and bool(_COMMENTER_SAID.match(line.strip()))


def _said_over_text(lines: list[str], i: int) -> bool:
    """Whether the commenter line ``i`` stands over a comment: the first filled line under it, past
    a date or time, is prose that does not open a quotation (a story's "Sue Carter said," goes on
    with her words in quotation marks)."""
    marks = 0
    for j in range(i + 1, len(lines)):
        x = lines[j].strip()
        if not x:
            continue
        if marks < _SAID_REACH and _is_comment_mark(x) and not _is_commenter_said(x):
            marks += 1
            continue
        return (not _is_commenter_said(x) and x[:1] not in "\"“‘'«„" and not _is_thread_heading(x)
                and (_word_count(x) >= _PROSE_MIN_WORDS or x.endswith(_SENTENCE_END)))
    return False


def _said_thread_start(lines: list[str], lo: int, stop: int | None) -> int | None:
    """Where a thread of comments each opened by "Name said," ("Sue Carter said," / text / "jdoe
    says:" / text) starts, before ``stop``, with no counter or heading above it: ``_SAID_MIN``
    commenter lines or more, each over its comment's text and within a comment's reach of the
    last; from the marks right above the first (its date), if any."""
    n = len(lines) if stop is None else stop
    run: list[int] = []
    for i in range(lo, n):
        if not lines[i] or not _is_commenter_said(lines[i]) or not _said_over_text(lines, i):
            continue
        if run and i - run[-1] > _THREAD_MARK_GAP:
            run = []
        run.append(i)
        if len(run) >= _SAID_MIN:
            top, j, marks = run[0], run[0] - 1, 0
            while j >= lo and marks < _SAID_REACH and (not lines[j] or _is_comment_mark(lines[j])):
                if lines[j]:
                    top, marks = j, marks + 1
                j -= 1
            return top
    return None


# A commenter's mark inside a line that a scraper ran several comments into: "Comment #3 - Posted
# by: jdoe at November 10, 2012 5:39 PM", "Sue said... 10 November 2012 17:39". One per line is a
# live blog's stamp; two or more in one line are a thread's comments run together.
_RUNON_DATE = (rf"(?:{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}|\d{{1,2}} {_MONTH},? \d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})?"
               r"(?:,? (?:at )?)?\d{1,2}:\d{2}(?:\s*[ap]\.?m\b\.?)?")
_RUNON_MARK = re.compile(
    rf"\bposted by:? \S[^.!?]{{0,40}}? (?:at|on) {_RUNON_DATE}|\bsaid(?:\.{{2,3}}|…)\s*(?:on )?{_RUNON_DATE}",
    re.I,
)
_RUNON_MIN = 2  # commenter marks in one line that make it a thread's comments run together
_RUNON_HEAD = re.compile(r"^comments\b", re.I)  # "Comments Great post! Comment #1 - Posted by: ..."


def _runon_marks(line: str) -> int:
    """How many commenter marks (``_RUNON_MARK``) a line holds."""
    return len(_RUNON_MARK.findall(line)) if ":" in line else 0


def _runon_thread_start(lines: list[str], lo: int, stop: int | None) -> int | None:
    """Where a thread flattened into long lines starts, before ``stop``: the first line holding
    ``_RUNON_MIN`` commenter marks or more, or the "Comments ..." line with a mark right above it."""
    n = len(lines) if stop is None else stop
    first = next((i for i in range(lo, n) if lines[i] and _runon_marks(lines[i]) >= _RUNON_MIN), None)
    if first is None:
        return None
    j = first - 1
    while j >= lo and not lines[j]:
        j -= 1
    if j >= lo and _RUNON_HEAD.match(lines[j].strip()) and _runon_marks(lines[j]) >= 1:
        return j
    return first


def _said_thread_at(lines: list[str], i: int) -> bool:
    """Whether a thread of "Name said," comments starts within the first lines from ``i``."""
    near = [j for j in range(i, len(lines)) if lines[j]][:4]
    return any(_is_commenter_said(lines[j]) and _said_thread_start(lines, j, min(len(lines), j + 2 * _THREAD_MARK_GAP + 1)) is not None
               for j in near)


def _marked_thread_start(lines: list[str], lo: int, stop: int | None) -> int | None:
    """Where a thread recognised by its marks (bylines, "Reply", signatures) starts, before ``stop``."""
    n = len(lines) if stop is None else stop
    found = [i for i in range(lo, n) if _is_comment_mark(lines[i]) or _is_signature(lines, i)]
    # a thread repeats its marks within a few comments; two stray times far apart are not one
    marks = [m for k, m in enumerate(found) if k + 1 < len(found) and found[k + 1] - m <= _THREAD_MARK_GAP]
    if marks:
        top = _marks_trail(lines, found, marks[0])
        if top is not None and top >= lo:
            return top  # comments signed under their text: the first one's text starts the thread
        if all(_is_signature(lines, m) for m in found) and (top is not None or marks[0] - 1 < lo):
            return None  # signed from the story's first line on, by signatures only: a page of letters
        signed = _is_signature(lines, marks[0]) or _PAREN_DATE.match(lines[marks[0]].strip())
        if signed and marks[0] - 1 >= lo and not _is_comment_mark(lines[marks[0] - 1]):
            return marks[0] - 1  # a signed comment: its text comes before the signature
        # the thread opens with the first commenter's name, a line or few before the first "Reply"
        names = [j for j in range(max(lo, marks[0] - 4), marks[0]) if _looks_like_name(lines[j])]
        return names[0] if names else marks[0]
    return None


def _marks_trail(lines: list[str], found: list[int], first: int) -> int | None:
    """Where the first comment's text starts when a thread's marks close its comments ("text /
    Posted by jdoe | 9:12 AM", "text / Recommend (3) / Report abuse") rather than open them ("jdoe
    wrote: / text"), else None: the first three groups of marks, alike in size, each sit under a comment's text (a
    short name line may stand between), and no comment's text follows the thread's last group."""
    k = found.index(first)
    groups: list[list[int]] = []
    for m in found[k:]:
        if groups and m - groups[-1][-1] > _THREAD_MARK_GAP:
            break
        if groups and m - groups[-1][-1] <= 1:
            groups[-1].append(m)
        else:
            groups.append([m])
    # a post's own date and "Posted by" line are two groups; marks above and below each comment
    # ("byline / text / Log in to reply / byline ...") make the first group smaller than the next
    if len(groups) < _TRAIL_MIN_GROUPS or len({len(g) for g in groups[:_TRAIL_MIN_GROUPS]}) > 1:
        return None
    # a first group that announces what follows ("Sue said...", "jdoe wrote:") opens a comment, not closes one
    if all(lines[m].rstrip().endswith((":", "...", "…")) for m in groups[0]):
        return None

    def text_above(g: list[int], floor: int) -> int | None:
        for j in range(g[0] - 1, max(floor, g[0] - 3), -1):
            if _word_count(lines[j]) >= _TEXT_MIN_WORDS and not _is_comment_mark(lines[j]):
                return j
        return None

    top = text_above(groups[0], -1)
    if top is None or any(text_above(g, h[-1]) is None for h, g in zip(groups[: _TRAIL_MIN_GROUPS - 1], groups[1:_TRAIL_MIN_GROUPS], strict=True)):
        return None
    after = [x for x in lines[groups[-1][-1] + 1 :] if x][:2]
    # running text, not a footer's row of links ("About us | Contact us | ...")
    if any(_word_count(x) >= _PROSE_MIN_WORDS and _line_score(x, x) > 0 for x in after):
        return None
    # each comment also opens with its author's name ("jdoe / text / 3 Likes Like Report"): from the first name
    second = text_above(groups[1], groups[0][-1])
    named = top > 0 and second is not None and second > 0 and _looks_like_name(lines[top - 1]) and _looks_like_name(lines[second - 1])
    if named or second is None:
        return top - 1 if named else top
    # a comment of several paragraphs: its name line stands above the first, not the last
    return _name_over_paragraphs(lines, top, second, groups[0][-1])


def _paragraphs_up(lines: list[str], last: int, floor: int) -> int:
    """The first of the prose lines that run up from ``last`` (blank lines between), above ``floor``."""
    top = j = last
    while j - 1 > floor and (not lines[j - 1] or (_word_count(lines[j - 1]) >= _PROSE_MIN_WORDS and not _is_comment_mark(lines[j - 1]))):
        j -= 1
        top = j if lines[j] else top
    return top


def _name_over_paragraphs(lines: list[str], top: int, second: int, floor: int) -> int:
    """Where the first comment starts when the second is its author's name line over paragraphs
    ("Sue Carter / para / para / Reply"): the first's name line over no more paragraphs than the
    second's and one, else ``top`` (a story's last paragraphs, a subhead over them, stay)."""
    head2 = _paragraphs_up(lines, second, floor)
    name2 = next((j for j in range(head2 - 1, floor, -1) if lines[j]), None)
    if name2 is None or not _is_handle(lines[name2]):
        return top
    reach = sum(1 for j in range(head2, second + 1) if lines[j]) + 1
    head1 = _paragraphs_up(lines, top, max(-1, top - 2 * reach))
    name1 = next((j for j in range(head1 - 1, -1, -1) if lines[j]), None)
    within = name1 is not None and sum(1 for j in range(head1, top + 1) if lines[j]) <= reach
    return name1 if within and name1 is not None and _is_handle(lines[name1]) else top


@lru_cache(maxsize=_LINE_CACHE)
def _line_score(raw: str, plain: str) -> float:
    """Body-text-extraction score of one line: running text earns its words, the rest costs."""
    if _is_thread_heading(plain):
        return -_HEADING_COST
    if _is_comment_mark(plain):
        return -_COMMENT_COST
    words = _word_count(plain)
    # a picture's caption inside the story costs like a short line, whatever its length: two of
    # them (alt text, then the caption) must not end the story's run
    if is_tool_row(plain):
        return 0.0  # the story's own tools ("Email to a friend Printer friendly") sit inside it: they neither earn nor cost
    if (_TEASER_TAIL.search(plain) and words < 3 * _TEXT_MIN_WORDS) or _is_doubled(plain) or _is_caption_credit(plain):
        return -_SHORT_COST
    if is_furniture_line(plain) or _link_share(raw, plain) >= 0.5 or _is_pipe_row(plain) or _is_count_list(plain):
        return -max(_SHORT_COST, words)
    if words >= _TEXT_MIN_WORDS + 2 or (words >= _TEXT_MIN_WORDS and not _headline_case(plain)):
        return words if plain.endswith(_SENTENCE_END) else words / 3
    if words >= 3 and plain.endswith(_SENTENCE_END) and not (_headline_case(plain) and not plain.endswith(".")):
        return words / 2
    return -_SHORT_COST


def _is_pipe_row(line: str) -> bool:
    """A row of links or labels parted by pipes ("Home | News | Sport"). A table's row holding a
    story in one cell (html2text prints a layout table's cells on one line) is running text."""
    if line.count("|") < 2:
        return False
    return max(_word_count(cell) for cell in line.split("|")) < _PIPE_CELL_MAX_WORDS


@lru_cache(maxsize=_LINE_CACHE)
def _is_caption_credit(line: str) -> bool:
    """A short line carrying a picture's credit: a caption, not the story."""
    if len(line) >= 200 or _word_count(line) > _CAPTION_MAX_WORDS:
        return False
    # every credit holds a colon, a slash, "copyright" or "caption", or opens with "staff" (an "s", or the long s IGNORECASE folds to it)
    labelled = ":" in line or "/" in line or line[:1] in "sS\u017f" or " copyright " in line or " caption " in line
    return labelled and bool(_CAPTION_CREDIT.search(line)) or "," in line and bool(_AGENCY_TAIL.search(line))


def _author_box_start(body: list[str], first: int) -> int | None:
    """Index of the line opening an author box in the second half of a post's body, or None.
    Half of its words, not of its lines: a list of short teasers under the box adds many lines."""
    words = [_word_count(line) for line in body]
    half, seen, lo = sum(words) / 2, 0, len(body)
    for k, n in enumerate(words):
        if seen >= half:
            lo = k
            break
        seen += n
    for k in range(max(first + 1, min(lo, len(body) // 2)), len(body)):
        about = _ABOUT_NAME.match(body[k])
        if _AUTHOR_BOX.match(body[k]) or (about and k + 1 < len(body) and body[k + 1].startswith(about.group(1) + " ")):
            return k
    return None


def _caption_copies(plain: list[str]) -> set[int]:
    """Lines a line or few apart that print the same words (one maybe with a label, gallery name or
    credit added): a picture's alt text and its caption, both outside the story. A copy that adds
    a sentence of its own is a paragraph quoting a pull quote, and stays; of a bare repeat only
    the second copy goes, and of a text beside its own opening cut short ("..."), the cut copy."""
    filled = [i for i, p in enumerate(plain) if p]
    unlabelled = {i: _CAPTION_LABEL.sub("", plain[i]) for i in filled}  # each line is compared with up to six others
    out: set[int] = set()
    for k, i in enumerate(filled):
        a = unlabelled[i]
        if _word_count(a) < _CAPTION_MIN_WORDS:
            continue
        for j in filled[k + 1 : k + 1 + _CAPTION_REACH]:
            b = unlabelled[j]
            short, long_ = (a, b) if len(a) <= len(b) else (b, a)
            if _word_count(short) < _CAPTION_MIN_WORDS:
                continue
            # _CUT_END only removes an ellipsis at the end (or before a final newline)
            cut = _CUT_END.sub("", short) if short.rstrip("\n").endswith(("...", "\u2026")) else short
            if cut != short and long_.startswith(cut):
                out.add(i if short is a else j)  # a teaser's summary cut short under the whole one
                continue
            extra = long_.replace(short, "", 1).strip() if short in long_ else None
            if extra is None or _word_count(extra) > _CAPTION_EXTRA_MAX_WORDS or re.search(r"[.!?][\"”’']?$", extra):
                continue
            if extra and not (long_.startswith(short) or long_.endswith(short)):
                continue
            labelled = extra or plain[i] != a or plain[j] != b
            # a bare repeat may be the standfirst printed again as the lead: its first copy stays
            out.update((i, j) if labelled else (j,))
    return out


def _truncated(line: str) -> bool:
    """``_TRUNCATED.search``, run only on a line ending as a match must (it tries every offset)."""
    return bool(_TRUNCATED_CUE.search(line, max(0, len(line) - _TRUNCATED_CUE_CHARS)) and _TRUNCATED.search(line))


def _teaser_lines(plain: list[str]) -> set[int]:
    """A list of teasers: summaries cut short ("...", "[...]"), each beside its headline (a short
    line that is no sentence). A pair or two are a quotation trailing off under a subhead; prose
    that trails off ("It began with...") has no headline beside it."""
    pairs: list[tuple[int, int]] = []
    for i, p in enumerate(plain):
        if not p or _word_count(p) < _TEASER_MIN_WORDS or not _truncated(p):
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(plain) and plain[j] and _title_like(plain[j]) and not plain[j].endswith(":") \
                    and not _truncated(plain[j]):
                pairs.append((i, j))
                break
    # a list: pairs follow each other within a few lines, at least _TEASER_MIN of them in a row;
    # headlines without a summary between two pairs (a box's other links) do not part them
    out: set[int] = set()
    run: list[tuple[int, int]] = []
    for pair in [*pairs, (1 << 30, 1 << 30)]:
        if run and min(pair) < len(plain) and all(not plain[k] or _title_like(plain[k]) for k in range(max(run[-1]) + 1, min(pair))):
            run.append(pair)
            continue
        if run and min(pair) - max(run[-1]) > _TEASER_GAP:
            if len(run) >= _TEASER_MIN:
                out.update(k for q in run for k in q)
            run = []
        run.append(pair)
    return out


_MONTH_HEADS = frozenset(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))


def _may_be_dated(line: str) -> bool:
    """Whether ``_DATED_ENTRY`` could match: its date opens the line (a figure or a month's first three
    letters; IGNORECASE folds only the long s, not ASCII, onto them) or closes it (a figure, or a clock
    with its colon before "am" or a zone). Most lines of a story do neither: the costly scan is spared."""
    head = line[:3]
    return (line[:1].isdigit() or not head.isascii() or head.lower() in _MONTH_HEADS or ":" in line
            or line.rstrip("\n")[-1:].isdigit())


def _dated_list(plain: list[str]) -> set[int]:
    """Runs of lines that each carry a date at one end beside a headline or a post's title (no
    sentence): an archive list, a forum board, a headline ticker. A timeline in a story writes
    sentences after its dates ("March 3, 2011: Protests begin in the capital.") and stays."""
    def entry(p: str) -> bool:
        m = _DATED_ENTRY.match(p) if p and len(p) < 200 and _DIGIT.search(p) and _may_be_dated(p) else None
        rest = (m.group("a") or m.group("b") or "") if m else ""
        return bool(rest) and not rest.endswith(":") and _title_like(rest)

    out: set[int] = set()
    filled = [i for i, p in enumerate(plain) if p]
    k = 0
    while k < len(filled):
        j = k
        while j < len(filled) and entry(plain[filled[j]]):
            j += 1
        if j - k >= _DATED_LIST_MIN:
            out.update(filled[k:j])
        k = max(j, k + 1)
    return out


def _is_count_list(line: str) -> bool:
    """Several short entries each closed by a count ("May 2011 (16) April 2011 (9) ..."): an archive
    list, not prose. Counts 1, 2, 3 ... in order number the items of a sentence's list instead."""
    if line.count("(") < _COUNT_LIST_MIN:  # each count is bracketed: most lines have too few brackets
        return False
    counts = [int(m.group(1)) for m in _ENTRY_COUNT.finditer(line)]
    if len(counts) < _COUNT_LIST_MIN or counts == list(range(1, len(counts) + 1)):
        return False
    entries = _ENTRY_COUNT.split(line)[0:-1:2]  # the text before each count
    return sum(_word_count(e) for e in entries[1:]) <= _COUNT_ENTRY_MAX_WORDS * (len(entries) - 1)


def _is_doubled(line: str) -> bool:
    """A line that says the same words twice ("Ferry fares rise Ferry fares rise"): a teaser's
    picture caption or alt text and its link side by side, or a handle printed twice."""
    words = line.split()
    half = len(words) // 2
    # a title, not a paragraph: a page that prints its story twice on one line keeps it
    return 0 < half <= _DOUBLED_MAX_WORDS and len(words) % 2 == 0 and words[:half] == words[half:] and not line.endswith(".")


def article_region(raw: list[str], plain: list[str], title: str | None = None) -> tuple[int, int]:
    """[start, end) of the article in a whole-page dump: the run of lines with the best score.

    The body-text-extraction idea (Finn et al. 2001) on lines: menus, link lists, share rows,
    footers and comment marks cost, running text earns, and the best-scoring run is the article.
    A story interrupted by a few short lines (subheads, a list) stays whole, but a long stretch of
    furniture (a valley as deep as ``_VALLEY_DEPTH``) ends a run: a long story would otherwise carry
    the run on across a sidebar into the teaser summaries or tweets below it. Of the runs the best
    wins, but teasers or a reader-comment thread can outscore a short story: a run the headline
    opens wins when not much weaker, and a thread yields to the best story-like run before it.
    A run holding the headline past its start begins there (``_headline_inside``).
    """
    runs = _runs(raw, plain)
    if not runs:
        return 0, len(plain)
    best = max(runs, key=lambda r: r[2])
    heads = _headline_lines(plain, title) if title else []
    if heads:
        # teasers can outscore a short story: the run right under the headline is the story
        filled = [i for i, p in enumerate(plain) if p]
        # each headline announces the first strong run under it (or opening with it); of those the
        # strongest wins: a sidebar's list this post's headline opens is weaker than the story under its own
        strong = [r for r in runs if r[2] >= _ANNOUNCED_SHARE * best[2]]
        under = {next((r for r in strong if r[0] >= h), None) for h in heads}
        announced = [r for r in strong if r in under and any(
            h <= r[0] and sum(1 for i in filled if h < i < r[0]) <= _HEADLINE_REACH for h in heads)]
        if announced:
            pick = max(announced, key=lambda r: r[2])
            return pick[0], pick[1]
    if _is_thread_run(plain, best):
        # a reader-comment thread can outscore its story: the best run before it, if any, is the story
        stories = [r for r in runs if r[1] <= best[0] and r[2] >= _STORY_MIN_WORDS and not _is_thread_run(plain, r)]
        best = max(stories, key=lambda r: r[2], default=best)
    if title and heads:
        return _headline_inside(raw, plain, best, heads, title), best[1]
    return best[0], best[1]


def _headline_inside(raw: list[str], plain: list[str], run: tuple[int, int, float], heads: list[int], title: str) -> int:
    """Where the story starts in its run: at the last headline inside the run that running text
    follows. A sidebar or teaser list above the story can score like text (a blurb, long captions)
    and carry the run's start up; the story's own headline shows where it begins."""
    forms = _title_forms(title)
    # in the title's own letter case: a subhead in sentence case may repeat the headline's words
    parts = [title, *_TITLE_SEPARATOR.split(title)]
    cased = {_cased_form(p) for p in [*parts, *_title_openings(title)]} | {_cased_form(_TITLE_LABEL.sub("", p, count=1)) for p in parts}
    for h in reversed(heads):
        if run[0] < h < run[1] and _cased_form(plain[h]) in cased:
            if any(m.startswith(f) and m != f for m in map(match_form, plain[run[0]:h]) for f in forms):
                return run[0]  # a line above opens with the headline ("Headline Posted on ..."): the story began there
            after = sum(max(0.0, _line_score(raw[i], plain[i])) for i in range(h + 1, run[1]) if plain[i])
            if after >= _STORY_MIN_WORDS:
                return h
    return run[0]


@lru_cache(maxsize=64)
def _title_forms(title: str) -> frozenset[str]:
    """The match forms a line repeating the headline may take: the whole title, each part of it
    between separators ("Headline - Site name"), and the headline after a blog's name ("Blog: Post")."""
    parts = _TITLE_SEPARATOR.split(title)
    parts += [_TITLE_LABEL.sub("", p, count=1) for p in parts]
    forms = {match_form(title)} | {match_form(part) for part in parts if _word_count(part) >= 3}
    forms.discard("")
    return frozenset(forms)


def _headline_lines(plain: list[str], title: str) -> list[int]:
    """Lines past the first that repeat the headline (the title, or its part without the site name,
    or its opening words up to a punctuation mark: "Headline, Site name")."""
    forms = _title_forms(title) | {match_form(x) for x in _title_openings(title)}
    first = next((i for i, p in enumerate(plain) if p), 0)
    return [i for i, p in enumerate(plain) if i > first and p and len(p) < 300 and match_form(p) in forms]


@lru_cache(maxsize=64)
def _title_openings(title: str) -> tuple[str, ...]:
    """The title's opening words up to a punctuation mark or separator ("Headline?, Site name",
    "Headline – Video | Site"), of a few words at least: the headline as the page prints it. Not
    any opening words: "Squash Soup" in a post titled "Squash Soup Recipe" is its recipe card."""
    cuts = (title[: m.start()] for m in _TITLE_PUNCT.finditer(title))
    return tuple(c for c in cuts if _word_count(c) >= _HEADLINE_PREFIX_MIN_WORDS)


_TITLE_PUNCT = re.compile(r"[,;:!?(|–—»]|\s-\s")


def _is_thread_run(plain: list[str], run: tuple[int, int, float]) -> bool:
    """A run holding comment marks (bylines, "Reply", times) on one line in ``_THREAD_RUN_LINES``,
    or one that a thread of comments opened by their authors' names alone starts (the name line
    above the first comment costs, so the run starts at its text)."""
    filled = [p for p in plain[run[0]:run[1]] if p]
    marks = sum(1 for p in filled if _is_comment_mark(p))
    if marks >= _THREAD_RUN_MARKS and marks * _THREAD_RUN_LINES >= len(filled):
        return True
    above = [i for i in range(run[0] - 1, -1, -1) if plain[i]][:1]
    lo = above[0] if above else run[0]
    named = _named_thread_start(plain, lo, run[1])
    return named is not None and named <= run[0]


def _runs(raw: list[str], plain: list[str]) -> list[tuple[int, int, float]]:
    """Runs of lines ([start, end), score) that each peak before falling ``_VALLEY_DEPTH`` or to 0."""
    runs: list[tuple[int, int, float]] = []
    run = peak = 0.0
    start = end = -1
    for i, (r, p) in enumerate(zip(raw, plain, strict=True)):
        if not p:
            continue
        score = _line_score(r, p)
        if start < 0:
            if score <= 0:
                continue
            start, run, peak = i, 0.0, 0.0
        run += score
        if run > peak:
            peak, end = run, i + 1
        elif run <= 0 or peak - run >= _VALLEY_DEPTH:
            runs.append((start, end, peak))
            start = -1
    if start >= 0:
        runs.append((start, end, peak))
    return runs


def _drop_link_lists(lines: list[str]) -> list[int]:
    """Indices kept: a "Related stories"/"Most read" heading and the short lines under it go."""
    keep, i = [], 0
    while i < len(lines):
        if is_story_list_heading(lines[i]):
            i += 1
            # a comments heading under the list stays: it is where the thread is cut
            while i < len(lines) and not _is_thread_heading(lines[i]) and (
                _word_count(lines[i]) < _TEXT_MIN_WORDS + 5 and not lines[i].endswith(".") or not lines[i]
            ):
                i += 1
            continue
        keep.append(i)
        i += 1
    return keep


@lru_cache(maxsize=_LINE_CACHE)
def _headline_case(line: str) -> bool:
    """Title Case ("IMF Says Spain Is Done, \"Debt Will Never Stabilize\""): a teaser headline, not prose."""
    long_words = [w for w in _LONG_WORD.findall(line) if not w.isdigit()]
    return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)


def _title_like(line: str) -> bool:
    """A menu item, teaser headline or archive entry ("May 2011 (16)"): short and not a sentence."""
    words = _word_count(line)
    return (words < _TEXT_MIN_WORDS + 2 and (
        not line.endswith(_SENTENCE_END) or line.endswith((")", ":")) or (_headline_case(line) and not line.endswith("."))
    )) or (words < 3 * _TEXT_MIN_WORDS and (bool(_TEASER_TAIL.search(line)) or _long_headline(line)))


def _long_headline(line: str) -> bool:
    """A teaser's headline too long for a menu item: Title Case, no full stop, no figures (a
    schedule or results line, "Friday: Braves LH Paul Maholm (9-7, 3.75 ERA) vs. ...", is a table)
    and no citation (a reading list in the story: "“Knock, Knock” by Eden Litt", "Kale Soup from Ann's Kitchen")."""
    return _headline_case(line) and not line.endswith(".") and not _DIGIT.search(line) and not _CITED.search(line)


_CITED = re.compile(r"^[“\"‘']|\s(?:by|from)\s+[A-Z]")


def _listed_headline(line: str) -> bool:
    """A Title Case line that is no sentence, of any length and maybe with figures ("Which Route Is
    Cut? An Analysis Of The 12 Busiest Crossings"): alone it may be a results line, but in a run of
    menu items or headlines it is one more teaser headline. A reading list's entry (quoted, or "by
    X") is not."""
    return not line.endswith(_SENTENCE_END) and _headline_case(line) and not _CITED.search(line)


def _is_pager(line: str) -> bool:
    """A previous/next-post link: an arrow at one end only ("« Older post", "Next story →")."""
    head, tail = line[:1], line[-1:]
    return len(line) < 160 and (head in _ARROWS_LEFT) != (tail in _ARROWS_RIGHT) and not is_comments_heading(line)


def _drop_short_runs(lines: list[str]) -> list[int]:
    """Indices kept: runs of several title-like lines in a row (menus, link lists) go."""
    keep: list[int] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and (_title_like(lines[j]) or _listed_headline(lines[j])):
            j += 1
        if j - i >= _LIST_MIN_RUN:
            i = j
            continue
        keep.extend(range(i, max(j, i + 1)))
        i = max(j, i + 1)
    return keep


def _units(lines: list[str], para_of: list[int] | None) -> list[tuple[int, int]]:
    """Line spans scored as one: each paragraph when blank lines separate them, else each line."""
    if para_of is None:
        return [(i, i + 1) for i in range(len(lines))]
    spans: list[tuple[int, int]] = []
    for i in range(len(lines)):
        if spans and para_of[i] == para_of[spans[-1][0]]:
            spans[-1] = (spans[-1][0], i + 1)
        else:
            spans.append((i, i + 1))
    return spans


def _title_unit(plain_u: list[str], title: str, after: int) -> int | None:
    """The unit past ``after`` that repeats the headline (the page title, or its part without the site name)."""
    forms = _title_forms(title)
    return next(
        (u for u in range(after + 1, min(len(plain_u), after + 12)) if len(plain_u[u]) < 300 and match_form(plain_u[u]) in forms),
        None,
    )


def _story_under_earlier_copy(raw_u: list[str], plain_u: list[str], title: str, copy: int) -> bool:
    """Whether an earlier line repeating the headline than ``copy`` opens a run of sentences (a
    story of ``_STORY_MIN_WORDS``) ending before ``copy``: then ``copy`` is a sidebar's link to
    the story, after it, not the headline over it. A list of teasers the first copy opens is no story."""
    runs = _runs(raw_u, plain_u)
    for h in _headline_lines(plain_u, title):
        if h >= copy:
            break
        for run in runs:
            if run[0] < h or run[1] > copy or sum(1 for u in range(h + 1, run[0]) if plain_u[u]) > _HEADLINE_REACH:
                continue
            # sentences, not teasers cut short ("... but only with a political...")
            prose = sum(max(0.0, _line_score(raw_u[u], plain_u[u])) for u in range(run[0], run[1])
                        if plain_u[u].endswith(_SENTENCE_END) and not _truncated(plain_u[u]))
            if prose >= _STORY_MIN_WORDS:
                return True
    return False


def _counter_under_headline(raw_u: list[str], plain_u: list[str], title: str, head: int) -> int | None:
    """The unit repeating the headline a few units above a comments heading ``head``, with no running
    text between: the heading is the story's comment counter or share bar, and the story follows it."""
    forms = _title_forms(title)
    for u in range(head - 1, max(-1, head - 1 - _HEADLINE_REACH), -1):
        if len(plain_u[u]) < 300 and match_form(plain_u[u]) in forms:
            return u
        if _line_score(raw_u[u], plain_u[u]) >= _TEXT_MIN_WORDS:
            return None
    return None


def kept_lines(lines: list[str], title: str | None = None, para_of: list[int] | None = None) -> list[int]:
    """Indices of the article's lines (``region_lines``), in a whole-page dump trimmed at its ends
    by the learned line model (``linemodel``): the run past the story's end into teasers,
    galleries and tag lines passes the rules one line at a time, but reads as no story."""
    idx, page_like = region_lines(lines, title, para_of)
    if page_like:
        from pipeline.normalise.linemodel import trim_region  # it reads this module's line tests

        idx = trim_region(lines, idx, title)
    # a video's teaser and an embedded post's signature go last: until here they mark the lists and embeds they stand in
    idx = [i for i in idx if not _is_embed_or_video_link(strip_markdown(lines[i]))]
    idx = _drop_read_on_lists([strip_markdown(line) for line in lines], idx)
    return _drop_lead_captions([strip_markdown(lines[i]) for i in idx], idx)


# A prompt to read on that heads links to other stories: "Read more...", "More on this", "See also:".
_READ_ON = re.compile(
    r"^(?:(?:read|see|watch) (?:more|also)|also (?:read|see|watch)|more on (?:this|that|these)(?: (?:story|stories|topics?))?|"
    r"scroll down to read more)\W{0,4}$",
    re.I,
)
_READ_ON_MAX_WORDS = 20  # words of a headline under such a prompt, at most


def _drop_read_on_lists(plain: list[str], idx: list[int]) -> list[int]:
    """``idx`` without the headlines under a prompt to read on ("More on this...", "Read more:"):
    the prompt is furniture and went, but the links under it, each a headline with no sentence
    end, read as short lines of the story. The run ends at the first sentence: the story goes on."""
    out: list[int] = []
    listing = False
    for k, i in enumerate(idx):
        if k and any(_READ_ON.match(plain[j]) for j in range(idx[k - 1] + 1, i) if plain[j]):
            listing = True
        line = plain[i]
        if listing and _word_count(line) <= _READ_ON_MAX_WORDS and not line.endswith(_SENTENCE_END):
            continue
        listing = False
        out.append(i)
    return out


def _is_embed_or_video_link(line: str) -> bool:
    """An embedded social post's signature or a link to a video named by its headline and "Video"."""
    return bool(_POST_SIGNATURE.match(line)) or (bool(_VIDEO_TEASER.match(line)) and _word_count(line) >= 4)


def _is_lead_caption(line: str) -> bool:
    """A picture's caption by its form: a credit closing it or a caption's opening (``_LEAD_CAPTION``)."""
    return len(line) < 500 and bool(_LEAD_CAPTION.search(line))


def _is_byline(line: str) -> bool:
    """The writer's byline over the story ("By Ann Lee, Times Staff Writer", "BY ANN LEE – 3 days
    ago"): a name after "By", no sentence. Annotators mostly leave it out, as the HTML path does."""
    return len(line) < _BYLINE_MAX_CHARS and bool(_BYLINE.match(line)) and _word_count(line) <= _BYLINE_MAX_WORDS \
        and not line.endswith(_SENTENCE_END)


def is_credited_caption(line: str) -> bool:
    """A line closing on a picture's credit (``_CREDIT_END``): a caption the gold may keep or drop."""
    return len(line) < 500 and bool(_CREDIT_END.search(line))


def _drop_lead_captions(body: list[str], idx: list[int]) -> list[int]:
    """``idx`` without the captions of the lead picture at the body's top: in a dump the caption
    under the picture stands between the headline and the story, reads as a sentence, and so
    passes every other test; the writer's byline stands there too. Only among the first ``_LEAD_CAPTION_REACH`` lines, before the first
    line of running text that is no caption, and only when the story follows (running text after)."""
    # the byline may stand under the standfirst or the lead picture's caption: any of the first lines
    gone = {k for k, line in enumerate(body[:_LEAD_CAPTION_REACH]) if _is_byline(line)}
    for k, line in enumerate(body[:_LEAD_CAPTION_REACH]):
        if _is_lead_caption(line) or k in gone:
            gone.add(k)
        elif _word_count(line) >= _TEXT_MIN_WORDS:
            break
    rest = [k for k in range(len(body)) if k not in gone]
    if not gone or not any(_word_count(body[k]) >= _TEXT_MIN_WORDS for k in rest):
        return idx
    return [idx[k] for k in rest]


def region_lines(lines: list[str], title: str | None = None, para_of: list[int] | None = None) -> tuple[list[int], bool]:
    """Indices of the article's lines: page furniture, markdown, the headline and comments removed,
    and whether the dump is a whole page (lines outside the story were dropped).

    ``para_of`` gives each line's paragraph when blank lines separate paragraphs (a wrapped
    paragraph is then judged whole when looking for the article).
    """
    plain = [strip_markdown(line) for line in lines]
    spans = _units(lines, para_of)
    raw_u = [" ".join(lines[a:b]) for a, b in spans]
    plain_u = [" ".join(x for x in plain[a:b] if x) for a, b in spans]
    ua, ub = article_region(raw_u, plain_u, title)
    # a comment thread can outweigh a short story: when running text precedes a thread (its
    # heading or its marks), the story is before it
    first_u = next((u for u, p in enumerate(plain_u) if _line_score(raw_u[u], p) >= _TEXT_MIN_WORDS), None)
    headline = -1  # the line repeating the headline, when a "Comments" heading came before it
    head = comment_thread_start(plain_u, first_u) if first_u is not None else None
    if head is not None and title:
        # a "99 Comments" counter between the headline and the story is no thread: look after the headline
        title_u = _title_unit(plain_u, title, head)
        if title_u is not None:
            head = comment_thread_start(plain_u, title_u)
            headline = spans[title_u][0]
        elif ua >= head and (title_u := _counter_under_headline(raw_u, plain_u, title, head)) is not None \
                and not _story_under_earlier_copy(raw_u, plain_u, title, title_u):
            # the story found after the counter, the headline just above it ("Headline / Comment / 0 /
            # Tweet"), no running text between: the counter is the story's, the thread is after the story.
            # Not under a later copy of the headline after the story: a sidebar's tabs ("Trending" /
            # the headline / "Comments")
            after = next((u for u in range(head + 1, len(plain_u)) if _line_score(raw_u[u], plain_u[u]) >= _TEXT_MIN_WORDS), None)
            head = comment_thread_start(plain_u, after) if after is not None else None
            headline = spans[title_u][0]
    if head is not None and ua >= head:
        ha, hb = article_region(raw_u[:head], plain_u[:head], title)
        # sentences only: a long menu or category line before a "4 Comments" counter is no story
        prose = (u for u in range(ha, hb) if any(plain[i].endswith(_SENTENCE_END) for i in range(*spans[u])))
        if sum(max(0.0, _line_score(raw_u[u], plain_u[u])) for u in prose) >= _STORY_MIN_WORDS \
                and _story_before_thread(plain_u, (ha, hb), ua, title):
            ua, ub = ha, hb
    ub = _continued_story(raw_u, plain_u, (ua, ub), title)
    # outside the region, only whole-page dumps lose lines: a clean article keeps its short edges
    outside = sum(1 for u, p in enumerate(plain_u) if p and not ua <= u < ub and _line_score(raw_u[u], p) < 0)
    page_like = outside >= _PAGE_MIN_OUTSIDE
    while head is not None and ua < head < ub and not _story_above(plain_u, ua, head):
        head = comment_thread_start(plain_u, head)  # a counter or byline above the story's text: the thread is after it
    if head is not None and ua < head < ub and (_opens_thread(plain_u, head) or _thread_past_run(plain_u, head, ub)):
        # the best run ran on into the thread; the marks that show it (a second signature, the
        # form's heading) can lie past the run's end, where the cut below would not see them
        ub = head
    a, b = (spans[ua][0], spans[ub - 1][1]) if page_like and ub > ua else (0, len(plain))
    if page_like and a < headline < b:
        a = headline  # the headline again after a sidebar's "Comments" tab: the story starts there
    # furniture goes, but comment marks ("Posted by X at 9:12 am") stay until the thread is found
    idx = [i for i in range(a, b) if plain[i] and not _is_pager(plain[i])]
    # a list's heading ("You may also like:") is furniture too, but it stays until the list under it is found
    idx = [i for i in idx if not (is_furniture_line(plain[i]) or _is_count_list(plain[i]) or _is_caption_credit(plain[i])
                                  or _GALLERY_COUNTER.match(plain[i]))
           or _is_comment_mark(plain[i]) or is_story_list_heading(plain[i]) or _READER_SIGNATURE.match(plain[i])]
    idx = [idx[j] for j in _drop_link_lists([plain[i] for i in idx])]
    if title:
        t = match_form(title)
        # the headline again near the top, maybe after a site name or section label: drop it and those
        for k, i in enumerate(idx[:4]):
            if match_form(plain[i]) == t:
                if all(len(plain[x]) < 60 for x in idx[:k]):
                    idx = idx[k + 1 :]
                break
    body = [plain[i] for i in idx]
    first = next((k for k, p in enumerate(body) if _word_count(p) >= _TEXT_MIN_WORDS), None)
    if first is not None and headline >= 0:
        # a sidebar's "Comments" tab above the headline was passed over when finding the story: here too
        first = max(first, next((k for k, i in enumerate(idx) if i >= headline), first))
    cut = comment_thread_start(body, first, page_like)
    while cut is not None and first is not None and page_like and not _story_above(body, first, cut):
        cut = comment_thread_start(body, cut, page_like)  # a counter or byline above the story's text: the thread is after it
    # two or more lines that open with a commenter's avatar (html2text keeps the image) are a thread
    avatars = [k for k, i in enumerate(idx) if first is not None and k > first and _MD_AVATAR.search(lines[i])]
    if len(avatars) >= 2 and (cut is None or avatars[0] < cut):
        cut = avatars[0]
    if cut is not None:
        idx = idx[:cut]
    if page_like and first is not None and first < len(idx):
        end = _rights_end(plain, idx, idx[first], b, title)
        if end is not None:
            idx = [i for i in idx if i < end]
    # an invitation to comment or a note on the thread goes wherever it stands, as on the HTML path
    idx = [i for i in idx if not is_furniture_line(plain[i]) and not _POST_FOOTER.match(plain[i])
           and not _FILE_NAME.match(plain[i]) and not is_comment_prompt(plain[i][: MAX_PROMPT_CHARS - 1])]
    # picture captions printed twice, lists of teasers and dated lists are never the story
    gone = _caption_copies(plain) | _teaser_lines(plain) | _dated_list(plain) | _slide_captions(plain)
    idx = [i for i in idx if i not in gone]
    box = _author_box_start([plain[i] for i in idx], first) if first is not None else None
    box_line = idx[box] if box is not None else len(plain)
    if not page_like:
        idx = [i for i in idx if i < box_line]
    if page_like:
        idx = [idx[j] for j in _drop_short_runs([plain[i] for i in idx])]
        # a short line the page prints twice is a menu, teaser or sidebar entry, not the story
        seen = Counter(p for p in plain if p)
        # (a long one too when it is no sentence: a catalogue entry under its own picture)
        idx = [i for i in idx if not _is_doubled(plain[i]) and seen[plain[i]] < 2 or (
            _word_count(plain[i]) >= _TEXT_MIN_WORDS and plain[i].endswith(_SENTENCE_END)
            and not (_headline_case(plain[i]) and not plain[i].endswith(".")))]
    if page_like:
        idx = _drop_tail_island(plain, idx)
        # the story's end is judged over all that follows it, an author box too: then the box goes
        idx = [i for i in _story_end(plain, idx, title, para_of) if i < box_line]
        # a slideshow's controls go last: until here they stood in the runs of menu lines they part
        idx = [i for i in idx if not _GALLERY_CONTROL.match(plain[i])]
        idx = _drop_labelled_teasers(plain, idx, title)
        if title:
            idx = _from_headline(plain, idx, title)
    # leftovers at the very top: a short line before the story that is not a sentence (advertiser, section)
    while len(idx) > 2 and len(plain[idx[0]]) < 40 and _looks_like_name(plain[idx[0]]) and len(plain[idx[1]]) > 80:
        idx = idx[1:]
    return idx, page_like


def _continued_story(raw_u: list[str], plain_u: list[str], run: tuple[int, int], title: str | None) -> int:
    """End of the story's run, carried on past a box that parts the story in two ("Related stories",
    a video list, an advert; "Story continues below"): a later run as strong as half the story's,
    on the story's topic (some of its topic words are the story's or the title's: its names and
    subjects come back; a new paragraph brings many new words too, so not most), with no comment
    heading or mark between and no thread in it, is the rest of the story. The box's lines go later
    with the other furniture (link lists, runs of short lines)."""
    ua, ub = run
    score = sum(_line_score(raw_u[u], plain_u[u]) for u in range(ua, ub) if plain_u[u])
    vocab = set(_terms(title or "")).union(*(_terms(plain_u[u]) for u in range(ua, ub)))
    for r in _runs(raw_u, plain_u):
        if r[0] < ub or r[2] < _CONTINUED_SHARE * score:
            continue
        if any(plain_u[u] and (_is_thread_heading(plain_u[u]) or _is_comment_mark(plain_u[u])) for u in range(ub, r[0])) \
                or _is_thread_run(plain_u, r):
            break
        terms = set().union(*(_terms(plain_u[u]) for u in range(r[0], r[1])))
        if not terms or len(terms & vocab) < _CONTINUED_COHESION * len(terms):
            break
        ub, score = r[1], score + r[2]
        vocab |= terms
    return ub


def _story_above(lines: list[str], start: int, cut: int) -> bool:
    """Whether the story's running text from ``start`` up to a thread's start at ``cut`` holds
    ``_STORY_MIN_WORDS`` or more: a thread follows the story's text. A comment counter, a "Leave a
    comment" link or a byline with its date under the headline comes after the standfirst only (the
    headline, in Title Case, is no story text even when it asks a question)."""
    return sum(max(0.0, _line_score(lines[k], lines[k])) for k in range(start, cut)
               if lines[k].endswith(_SENTENCE_END) and not _headline_case(lines[k])) >= _STORY_MIN_WORDS


def _story_before_thread(plain_u: list[str], before: tuple[int, int], best: int, title: str | None) -> bool:
    """Whether the run ``before`` a thread's start, rather than the best run after it (from
    ``best``), is the story: a thread follows its story, so the best run would be the comments.
    Not when the title shows otherwise: a story shares its headline's topic words (an archive's
    banner, a masthead's blurb or a sign-up box above the page's dates and "Comments" tab shares
    none), and a headline just above the best run, after the run before (not one entry of a list
    of links), announces it: the "thread" between was the story's own counter or byline."""
    if not title:
        return True
    topic = _terms(title)
    if topic and not topic & set().union(*(_terms(plain_u[u]) for u in range(*before))):
        return False
    return not any(before[1] <= h < best and sum(1 for u in range(h + 1, best) if plain_u[u]) <= _HEADLINE_REACH
                   and not _in_list(plain_u, h) for h in _headline_lines(plain_u, title))


def _in_list(plain: list[str], i: int) -> bool:
    """Whether line ``i`` stands among title-like lines on both sides: an entry of a list of links
    (a sidebar's "Recent posts" naming this story too), not the headline over the story."""
    above = next((plain[j] for j in range(i - 1, -1, -1) if plain[j]), "")
    below = next((plain[j] for j in range(i + 1, len(plain)) if plain[j]), "")
    return bool(above and below) and _title_like(above) and _title_like(below)


def _from_headline(plain: list[str], idx: list[int], title: str) -> list[int]:
    """The body from the headline on, when a few kept lines come before it: in a whole-page dump
    what precedes the story's own headline is the page's (an advert's blurb, a blog's masthead
    note, a share row, another story's caption), not the story."""
    # the whole title or its longest part (the headline without the site's name), in the title's
    # own letter case: a subhead in sentence case ("Negative target fixation") may repeat its words
    forms = {_cased_form(title), _cased_form(max(_TITLE_SEPARATOR.split(title), key=len))} - {""}
    k = next((k for k, i in enumerate(idx[: _HEADLINE_LEAD_MAX + 1]) if len(plain[i]) < 300 and _cased_form(plain[i]) in forms), None)
    if not k:
        return idx
    words = [_word_count(plain[i]) for i in idx]
    return idx[k:] if sum(words[:k]) < _HEADLINE_LEAD_SHARE * sum(words) else idx


def _cased_form(line: str) -> str:
    """A line's words in their own case, without punctuation: a headline as the page prints it."""
    return " ".join(_WORD.findall(line))


def _drop_tail_island(plain: list[str], idx: list[int]) -> list[int]:
    """The body without a few kept lines at its end that stand apart from the story, past at
    least ``_ISLAND_GAP`` dropped lines (a menu, a share row, a teaser list): in a whole-page dump
    the story ends where such a stretch begins, and the lines after it that passed every filter
    are a sidebar's or footer's leftovers (an author's bio, a disclaimer, a teaser's summary)."""
    if len(idx) < 2:
        return idx
    filled = [0]  # filled lines before each line
    for p in plain:
        filled.append(filled[-1] + bool(p))
    last = next((k for k in range(len(idx) - 1, 0, -1) if filled[idx[k]] - filled[idx[k - 1] + 1] >= _ISLAND_GAP), None)
    if last is None or len(idx) - last > _ISLAND_MAX_LINES:
        return idx
    words = [_word_count(plain[i]) for i in idx]
    return idx[:last] if sum(words[last:]) < _ISLAND_SHARE * sum(words) else idx


def _is_rights_line(line: str) -> bool:
    """A story's or page's rights notice ("© Reuters 2007", "Copyright 2008 The Associated Press. All
    rights reserved."), not a picture's credit ("© Rex", "(Image: © NASA)"), which names no year."""
    return len(line) < _RIGHTS_LINE_MAX_CHARS and bool(_RIGHTS_YEAR.search(line)) and is_rights_notice(line.strip(" *•|·-–—>"))


def _rights_end(plain: list[str], idx: list[int], story: int, stop: int, title: str | None) -> int | None:
    """Index of a rights notice that ends the story begun at ``story`` (before ``stop``), or None.

    In a whole-page dump the wire's or paper's rights line closes the story; what follows it
    (teasers with their summaries, a sidebar's blurbs) reads as running text and would carry the
    story's run on. It ends the story only after real prose, and not when the headline comes
    after it (then the run began in a sidebar and the story is still to come).
    """
    end = next((i for i in range(story + 1, stop) if plain[i] and _is_rights_line(plain[i])), None)
    if end is None:
        return None
    prose = sum(_word_count(plain[i]) for i in idx if i < end and plain[i].endswith(_SENTENCE_END))
    if prose < _RIGHTS_MIN_PROSE or (title and any(h > end for h in _headline_lines(plain, title))):
        return None
    return end


def clean_text_lines(lines: list[str], title: str | None = None) -> list[str]:
    """Article lines only: furniture, markdown, the repeated headline and comment threads removed."""
    return [strip_markdown(lines[i]) for i in kept_lines(lines, title)]


def dump_lines(text: str) -> tuple[list[str], list[int] | None]:
    """A dump's repaired lines and, when blank lines are its paragraph breaks, each line's paragraph."""
    text = repair(text)
    lines = [" ".join(x.split()) for x in text.split("\n")]
    # blank lines mark paragraphs only when they are the dump's habit, not one stray gap
    gaps, filled = len(_BLANK_LINE.findall(text)), sum(1 for x in lines if x)
    if gaps < _PARAGRAPH_MIN_SHARE * filled:
        return lines, None
    para, of = 0, []
    for line in lines:  # paragraph number of each line
        para += not line
        of.append(para)
    return lines, of


def text_paragraphs(text: str, title: str | None = None) -> list[str]:
    """Blank lines separate paragraphs when present; otherwise each line is a paragraph."""
    lines, of = dump_lines(text)
    if of is None:
        return [strip_markdown(lines[i]) for i in kept_lines(lines, title)]
    kept = kept_lines(lines, title, of)
    paragraphs: list[str] = []
    last = -1
    for i in kept:
        if of[i] == last:
            paragraphs[-1] += " " + strip_markdown(lines[i])
        else:
            paragraphs.append(strip_markdown(lines[i]))
        last = of[i]
    return paragraphs


# A gallery's picture counter on its own line: "2/43", "Photo 3 of 12", "Slide 4 / 10".
_GALLERY_COUNTER = re.compile(r"^(?:(?:photo|image|picture|slide)s?\s+)?\d{1,3}\s*(?:/|of)\s*\d{1,3}$", re.I)
# A slideshow widget's controls flattened to a line: two or more of its button words and labels,
# maybe run together ("Previous Pause Next", "PreviousNext", "Full Screen Photos:", "Loading new
# images..."). One word alone ("Next", "Gallery") may be a pager or a subhead.
_GALLERY_CONTROL = re.compile(
    r"^(?:(?:prev(?:ious)?|next|pause|play|stop|close|full ?screen|enlarge|expand|thumbnails|(?:photo|image|picture)s?|"
    r"gallery|slide ?show|loading(?: new)?|captions?|hide|show)(?:\W{0,3}|$)){2,}$",
    re.I,
)
# Slide captions that each open with the gallery's name and a dash ("10 years of war – Troops land
# at Bagram on May 2, 2002."): a picture gallery printed inside the page, not the story's paragraphs.
_SLIDE_PREFIX = re.compile(r"^(\w[^–—]{6,80}?) [–—-] (?=\S)")
_SLIDE_MIN = 3  # captions with one gallery name, at least
_SLIDE_GAP = 15  # filled lines from one such caption to the next, at most

# --- where a whole-page dump's story ends ----------------------------------------------------
# After the story a page lists other stories: headlines (no sentence end) with or without a
# one-sentence summary, gallery captions, an author's or newsletter's box. Each summary may be a
# complete sentence, but each is about another topic: it shares few words with the story above.
_TERM = re.compile(r"[^\W\d_]{4,}")
_TERM_STEM = 6  # letters of a word that stand for it ("election", "elections", "electoral")
# Words of four letters or more any story may use: they tie no line to a topic.
_COMMON_WORDS = FUNCTION_WORDS | frozenset((
    "that", "this", "with", "from", "have", "were", "been", "they", "their", "them", "there", "what", "when",
    "which", "will", "would", "could", "should", "about", "after", "before", "into", "than", "then", "these",
    "those", "your", "said", "says", "also", "more", "most", "other", "some", "such", "only", "just", "over", "very",
    "much", "many", "like", "even", "made", "make", "does", "being", "because", "while", "where", "here", "http",
    "https", "www",
))
_END_MIN_WORDS = 60  # words of the story above a cut, at least
_EMAIL_LINE = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_END_REACH = 3  # short kept lines above a parting that go with the list under it, at most
_END_GAP = 2  # dropped lines (a menu, a list heading, a share row) before the first line cut, at least
_END_MAX_COHESION = 0.3  # share of a cut line's topic words the story spelled, at most on average
_END_MIN_LISTED = 0.3  # share of cut lines that are no sentence (a headline, a label), at least
_END_MAX_MEDIAN_WORDS = 25  # words of the median cut line, at most: a list's entries are short
_END_HEADLINE_MAX_WORDS = 25  # words of a line with no sentence end that make it a headline, at most
_END_STRONG_WORDS = 20  # a cut line this long ...
_END_STRONG_COHESION = 0.45  # ... sharing this much with the story is the story's own
_CAPTION_MEDIAN_WORDS = 20  # words of a slideshow's median caption, at most: a story's paragraphs run longer
# A link to another story set in the page under a label in capitals: "LOOKING AHEAD: Agency has a
# plan for the future", "WATCH: Police now have hovercraft". No sentence end: a headline.
_LABELLED_HEADLINE = re.compile(r"^(?=.{10,160}$)[A-Z][A-Z0-9 '’!-]{2,40}: (?!.*[.!?\"”’)]$)\S")
_LABELLED_MIN_WORDS = 5  # words after the label, at least: "ACTION STEP: Day One" is a subhead
_LABELLED_MAX_COHESION = 0.5  # share of its topic words the story spells, under this
_END_LONG_LISTED = 0.75  # share of listed lines that makes a tail longer than the story a list all the same
# A headline quoting someone closes on the quote mark with no stop inside it ("Minister vows to
# 'fight on'", "Fans react: 'We were robbed'"): prose puts its full stop inside or after the mark.
_QUOTED_HEADLINE_END = re.compile(r"[^\W\d_][\"”’']$")


@lru_cache(maxsize=_LINE_CACHE)
def _terms(line: str) -> frozenset[str]:
    """A line's topic words: words of four letters or more, not function words, cut to a stem.
    Cached: the story-end, continued-story and labelled-teaser checks each ask for the same lines."""
    return frozenset(w[:_TERM_STEM] for w in (m.lower() for m in _TERM.findall(line)) if w not in _COMMON_WORDS)


def _cohesion(terms: frozenset[str], vocab: set[str]) -> float:
    """Share of a line's topic words that the story spelled (``terms`` not empty)."""
    return len(terms & vocab) / len(terms)


def _story_end(plain: list[str], idx: list[int], title: str | None, para_of: list[int] | None = None) -> list[int]:
    """The body up to the story's end in a whole-page dump: the kept lines after a stretch of
    dropped lines go when, together, they read as a list of other stories (``_is_other_stories``).
    A few short lines kept just above the stretch (a tag line, a share or comment prompt the
    furniture list does not spell) go with it. Lines of one paragraph (``para_of``) are judged as one."""
    filled = [0]  # filled lines before each line
    for p in plain:
        filled.append(filled[-1] + bool(p))
    # the kept paragraphs: (first position in idx, text)
    paras: list[tuple[int, str]] = []
    for k, i in enumerate(idx):
        if k and para_of is not None and para_of[i] == para_of[idx[k - 1]]:
            paras[-1] = (paras[-1][0], f"{paras[-1][1]} {plain[i]}")
        else:
            paras.append((k, plain[i]))
    texts = [t for _, t in paras]
    # a reporter's e-mail address alone on its line closes a story as a dropped stretch does
    parted = [bool(u) and (_parted(plain, filled, idx[k - 1], idx[k]) or bool(_EMAIL_LINE.match(texts[u - 1])))
              for u, (k, _) in enumerate(paras)]
    # a slideshow's controls just above: what follows is its captions, whole sentences as a rule
    gallery = [bool(u) and any(_GALLERY_CONTROL.match(plain[j]) for j in range(idx[k - 1], idx[k]) if plain[j])
               for u, (k, _) in enumerate(paras)]
    vocab: set[str] = set(_terms(title or ""))
    words, total = 0, sum(map(_word_count, texts))
    for u, (k, text) in enumerate(paras):
        # a tail longer than the story above it is no list under a story (the run may have begun in
        # one), unless it is headlines through and through: a long teaser list holds no story to lose
        if u and words >= _END_MIN_WORDS and (_parted_near(texts, parted, u) or gallery[u]) \
                and _is_other_stories(texts[u:], vocab, captions=gallery[u]) \
                and (total - words <= words or _all_listed(texts[u:])):
            return idx[:k]
        vocab |= _terms(text)
        words += _word_count(text)
    return idx


def _parted_near(texts: list[str], parted: list[bool], u: int) -> bool:
    """Whether kept paragraph ``u`` stands apart from the one above it, or is one of a few short
    ones just above such a parting that are no sentence: a tag line or a prompt goes with the list
    under it, a story's short closing sentence ("The pier will be inspected on Friday.") stays."""
    for j in range(u, min(len(texts), u + _END_REACH + 1)):
        if parted[j]:
            return True
        if _word_count(texts[j]) >= _TEXT_MIN_WORDS + 2 or texts[j].endswith(_SENTENCE_END):
            return False
    return False


def _parted(plain: list[str], filled: list[int], a: int, b: int) -> bool:
    """Whether kept lines ``a`` and ``b`` stand apart: ``_END_GAP`` dropped lines or more between
    them, or a list's heading ("More stories", "Related")."""
    return filled[b] - filled[a + 1] >= _END_GAP or any(is_story_list_heading(plain[j]) for j in range(a + 1, b) if plain[j])


def _is_other_stories(tail: list[str], vocab: set[str], captions: bool = False) -> bool:
    """Lines after a story that list other stories: many are no sentence (headlines), the median
    one is short, none is a long line on the story's topic, and on average they share few topic
    words with the story (each teaser is about something else). A listicle's items under their
    subheads are long paragraphs; a story's closing paragraphs repeat its names and subjects.
    A slideshow's ``captions`` under its controls are whole sentences: for them no share of
    headlines is asked, only that there be a few, short and on another topic."""
    lines = [p for p in tail if p and not _GALLERY_CONTROL.match(p)]
    if not lines or (not captions and _listed_share(lines) < _END_MIN_LISTED):
        return False
    median = sorted(_word_count(p) for p in lines)[len(lines) // 2]
    if median > _END_MAX_MEDIAN_WORDS or (captions and (median > _CAPTION_MEDIAN_WORDS or len(lines) < _SLIDE_MIN)):
        return False
    shares = []
    for p in lines:
        terms = _terms(p)
        if terms:
            share = _cohesion(terms, vocab)
            if share >= _END_STRONG_COHESION and _word_count(p) >= _END_STRONG_WORDS:
                return False
            shares.append(share)
    return not shares or sum(shares) <= _END_MAX_COHESION * len(shares)


def _is_listed(line: str) -> bool:
    """A short line that is no sentence: a headline or a label. A headline quoting someone ends on
    the closing quote mark with no stop before it, and is a headline all the same."""
    return _word_count(line) < _END_HEADLINE_MAX_WORDS and (
        not line.endswith(_SENTENCE_END) or bool(_QUOTED_HEADLINE_END.search(line)))


def _listed_share(tail: list[str]) -> float:
    """Share of a tail's filled lines that are headlines or labels (``_is_listed``)."""
    lines = [p for p in tail if p]
    return sum(map(_is_listed, lines)) / len(lines) if lines else 0.0


def _all_listed(tail: list[str]) -> bool:
    """Whether a tail is a list through and through: nearly all its lines are headlines or labels
    and no two sentences stand in a row (a teaser's one-line summary stands alone under its headline;
    the story's paragraphs follow each other)."""
    lines = [p for p in tail if p]
    listed = [_is_listed(p) for p in lines]
    return sum(listed) >= _END_LONG_LISTED * len(lines) and not any(not a and not b for a, b in zip(listed, listed[1:], strict=False))


def _slide_captions(plain: list[str]) -> set[int]:
    """Lines that open with one name of two words or more and a dash, ``_SLIDE_MIN`` or more of
    them each within ``_SLIDE_GAP`` filled lines of the last (a slide's picture and alt text stand
    between): a gallery's slides, each caption carrying the gallery's title. A story's paragraphs
    do not repeat one heading; a timeline's or a transcript's labels change from line to line."""
    by_head: dict[str, list[int]] = {}
    for n, i in enumerate(i for i, p in enumerate(plain) if p):
        m = _SLIDE_PREFIX.match(plain[i])
        if m and len(m.group(1).split()) >= 2:
            by_head.setdefault(m.group(1), []).append(n)
    filled = [i for i, p in enumerate(plain) if p]
    out: set[int] = set()
    for ns in by_head.values():
        run = [ns[0]]
        for n in [*ns[1:], 1 << 30]:
            if n - run[-1] <= _SLIDE_GAP:
                run.append(n)
                continue
            if len(run) >= _SLIDE_MIN:
                out.update(filled[x] for x in run)
            run = [n]
    return out


def _drop_labelled_teasers(plain: list[str], idx: list[int], title: str | None) -> list[int]:
    """The body without links to other stories set under a label in capitals ("DISTANT LIFE:
    Scientists theorize aliens as cause of space sounds"): a headline on another topic, most of its
    topic words not the story's. A subhead or a caption so labelled speaks of the story's subject."""
    vocab = Counter(t for i in idx for t in _terms(plain[i]))
    vocab.update(_terms(title or ""))
    out = []
    for i in idx:
        m = _LABELLED_HEADLINE.match(plain[i])
        if m and _word_count(plain[i][m.end() - 1:]) >= _LABELLED_MIN_WORDS:
            terms = _terms(plain[i][m.end() - 1:])
            # the story's words: those it spells outside this line
            own = sum(1 for t in terms if vocab[t] > 1)
            if terms and own < _LABELLED_MAX_COHESION * len(terms):
                continue
        out.append(i)
    return out
