"""Page furniture: the one list of lines that are never article text, and the one rule for where
a reader-comment thread starts.

The HTML path (``html``), the plain-text path (``text``) and detection's boilerplate flags
(``boilerplate``) all ask these questions; one definition keeps a phrase learned on one path
from being missed on another. A line is judged whole: a furniture phrase inside a sentence is
article text.
"""

from __future__ import annotations

import re

MAX_FURNITURE_CHARS = 240  # furniture is short; a longer line that starts like it is prose

# Whole lines that are page furniture: ads, share prompts, "read more", newsletters, credits,
# rights lines, social-network names standing alone.
_FURNITURE_LINE = re.compile(
    r"^(?:advertisement|advertiser|advertising|sponsored(?: content| by .{1,60})?|ad(?: by .{1,60})?|"
    r"story continues below(?: advertisement)?|continue reading(?: below| the main story)?|"
    r"share(?: this(?: article| story| page)?)?:?(?: on (?:facebook|twitter|linkedin|whatsapp|reddit|email))?|"
    r"share (?:this|on) (?:article|story|facebook|twitter).{0,40}|"
    r"(?:click|tap) to (?:share|email|print) .{0,80}|(?:click|tap) here to .{0,100}|"
    r"like this:?|loading\.{0,3}|tweet|email|print|"
    r"facebook|twitter|linkedin|whatsapp|pinterest|reddit|instagram|"
    r"(?:photo|image|picture|video|graphic)s?(?: credit)?:.{0,200}|\[(?:image|photo|video)[^\]]{0,200}\]|"
    r"\(?(?:photo|image|picture)s? (?:by|courtesy of) .{0,120}|(?:getty images|reuters|ap photo|afp)(?:/.{0,60})?|"
    r"(?:read|see) (?:more|also)\b.{0,200}|more(?::.{0,200})?|"
    r"related(?: (?:stories|articles|coverage|content|links|news))?(?::.{0,200})?|more stories.{0,100}|"
    r"(?:sign up|subscribe)\b.{0,120}|follow us on .{0,100}|"
    r"(?:©|copyright|\(c\))\s*\d{0,4}.{0,150}|.{0,120}all rights reserved\.?|"
    r"this material may not be published, broadcast, rewritten,? or redistributed\.?.{0,60}|"
    r"(?:tags?|tagged(?: as| with)?|trends?|trending(?: now| topics)?|topics?|labels?|categories|keywords?|"
    r"more on|see more on)\s*:\s*.{0,200}|"
    # blog-post footers and sign-up prompts as templates print them
    r"this entry was (?:posted|written|filed).{0,200}|"
    r"(?:posted|filed|written) (?:by|in|under|to|on)\b(?:(?=[^.!?]*[\d|])[^.!?]{0,150}|(?:\s+[^\s.!?]+){1,6})\s*\.?|"
    r"bookmark the permalink.{0,200}|you can (?:follow|leave) (?:any )?(?:responses?|a response) .{0,200}|"
    r"listed below are links to (?:weblogs|blogs|sites) .{0,200}|(?:other|more) (?:stuff|posts|stories) like this:?.{0,200}|"
    r"(?:sign-?up|get (?:the|our|my|new) .{0,40}(?:updates|posts) by e-?mail).{0,120}|"
    r"we use cookies.{0,200}|this (?:article|story) (?:was|has been) (?:updated|corrected).{0,40})$",
    re.I,
)
# Phrases that make a short line furniture wherever they stand in it: ownership, trademark and
# terms lines, reader services (submit a story, letters, e-mail/print this, most read), archive
# and reprint notices, update stamps. Used by detection to judge copied text by its form; a long
# line holding one of them is still prose.
_FURNITURE_PHRASE = re.compile(
    r"owned by or licensed to|\bis a (?:registered )?trade ?mark of\b|[™®]|terms (?:and|&) conditions|"
    r"terms of (?:use|service)|privacy (?:policy|statement|notice)|cookie policy|"
    r"reproduction in whole or in part|without (?:the )?(?:express )?(?:prior )?written permission|"
    r"article licensing|reprint (?:options|permissions|rights)|request a reprint|"
    r"not responsible for the content of external|"
    r"submit (?:a|your) (?:story|news|photo|letter)|news tips?\b|letters? to the editor|"
    r"^most (?:read|popular|e-?mailed|viewed|shared|commented)\b|\bmost e-?mailed\b|send (?:it )?to a friend|"
    r"e-?mail (?:this )?(?:story|article|page)\b|\bprint(?:able)? (?:this|version|story|article)\b|text size|"
    r"trackback|links to weblogs|search the archives?|advanced search|"
    r"(?:page|site|story|article) (?:was )?(?:last )?updated (?:at|on|by)\b|print edition|"
    r"pick up a (?:copy|newspaper|paper)|(?:get|receive) (?:our|the) (?:news|headlines|newsletter) by e-?mail|"
    r"^subscribe (?:now|today)\b|^(?:view|see) all (?:news|stories|articles)\b|"
    r"comments? (?:posters|writers|policy|guidelines)|responsible for (?:the )?comments|have your say|"
    r"e-?mail (?:your )?(?:comments|letters|views) to"
)  # matched against lower-cased text: much faster than re.IGNORECASE over this alternation
_SEPARATOR = re.compile(r"^[\W_]{1,80}$")  # |, ---, ***, ///, •••
# Image alt text or captions ending in a photo credit: "Flood waters rise (Getty Images)".
_ALT_TEXT = re.compile(
    r"^.{0,200}\((?:photo|image|picture)?:? ?(?:getty images|ap photo|reuters|afp|shutterstock|file)[^)]{0,80}\)$", re.I
)
_EDGE_MARKS = " \t*•|·-–—>"

# The start of a reader-comment thread: a heading such as "12 Comments", "Leave a Reply",
# "Have your say", "3 thoughts on ...", "Comments are closed".
_COMMENTS_HEADING = re.compile(
    r"^(?:\d+\s+)?(?:reader\s+|user\s+|your\s+)?(?:comments?|responses?|replies|reactions?|discussion|conversation)"
    r"(?:\s*\(\d+\))?:?$|"
    r"^(?:leave a (?:reply|comment)|post a comment|add (?:a|your) comment|show comments|view comments|"
    r"(?:have )?your say|what (?:do )?you think[.…?]*|join the (?:discussion|conversation)|"
    r"\d+ (?:thoughts|responses|comments|replies) (?:on|to) .{1,200}|"
    r"comments (?:are )?(?:now )?closed(?: for this (?:story|article|post))?\.?)$",
    re.I,
)


def is_furniture_line(line: str) -> bool:
    """True for a whole line (paragraph) that is page furniture, never article text."""
    text = line.strip()
    if not text or _SEPARATOR.match(text):
        return bool(text)
    if len(text) >= MAX_FURNITURE_CHARS:
        return False
    return bool(_FURNITURE_LINE.match(text.strip(_EDGE_MARKS)) or _ALT_TEXT.match(text))


# The same headings as text dumps spell them: a count in words ("One Response to ...", "No
# comments"), "Comments»", "{ 3 comments… read them below or add one }", "Reader comments 12".
_COMMENTS_HEADING_WORDS = re.compile(
    r"^(?:no|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:comments?|responses?|thoughts?|repl(?:y|ies))(?:\s+yet)?"
    r"(?:\s+(?:on|to)\s+.{1,200}|[.…]*\s*(?:read them below|add one|leave a comment|post a comment).{0,40})?$|"
    r"^(?:reader\s+|user\s+|article\s+)?comments?(?:\s*\(?\d+\)?)?(?:\s*\[[^\]]{0,40}\]?|\s*(?:post|add|leave) a comment)?$|"
    r"^(?:post|add|leave) a comment:?\s+(?:\d+|no|one) (?:comments?|responses?)$|^discuss this (?:article|story|post|blog post)$",
    re.I,
)
_HEADING_EDGES = " {}[]()«»:>|–—-"


def has_furniture_phrase(line: str) -> bool:
    """True for a short line holding a furniture phrase anywhere ("2008 owned by or licensed to
    ... Ltd. Please read our Terms and Conditions"): the form of a rights or services line."""
    text = " ".join(line.split())
    return 0 < len(text) < MAX_FURNITURE_CHARS and bool(_FURNITURE_PHRASE.search(text.lower()))


def is_comments_heading(text: str) -> bool:
    """True for a short heading that opens a reader-comment thread."""
    if len(text) >= 200:
        return False
    line = " ".join(text.split())
    return bool(_COMMENTS_HEADING.match(line) or _COMMENTS_HEADING_WORDS.match(line.strip(_HEADING_EDGES)))
