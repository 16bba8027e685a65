"""The small invented story that the whole-page dump tests wrap in menus, teasers, banners and threads."""

TITLE = "Harbour ferry fares to rise in spring | The Coastal Courier"
HEADLINE = "Harbour ferry fares to rise in spring"
STORY = [
    "Ferry fares across the harbour will rise by twelve per cent in April, the transport authority said on Monday.",
    "The authority said fuel and crew costs had climbed faster than expected over the winter, leaving a gap in its budget.",
    "Commuters with monthly passes will pay about nine pounds more each month, while single tickets rise by forty pence.",
    '"Nobody likes a fare rise, but the alternative was fewer sailings," said the authority\'s chief executive, Tom Reyes.',
    "Passenger groups called the rise unfair and said they would ask the council to step in before the spring timetable.",
    "The new fares take effect on April 1, and season tickets bought before then will be honoured until they expire.",
]
# a shorter telling, in a dump whose page has a shorter menu (the story-end, gallery and link tests)
SHORT_MENU = ["Home", "News", "Sport", "Business", "Weather", "Travel", "Contact us", "Jobs"]
SHORT_STORY = [
    "Ferry fares across the harbour will rise by twelve per cent in April, the transport authority said on Monday.",
    "The authority said fuel and crew costs had climbed faster than expected over the winter, leaving a gap in its budget.",
    "Commuters with monthly passes will pay about nine pounds more each month, while single ferry tickets rise by forty pence.",
    '"Nobody likes a fare rise, but the alternative was fewer sailings," said the authority\'s chief executive, Tom Reyes.',
    "Passenger groups called the ferry fare rise unfair and said they would ask the council to step in before spring.",
]
