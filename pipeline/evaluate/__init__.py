"""Quality evaluation against data the team did not write (``make eval-detect``).

Reads ``$SYND_EVAL_DATA`` (default ``../shared/data``); nothing here is shipped data, and no
threshold in the product is set from these files' answers.
"""
