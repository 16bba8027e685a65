"""Screenshot the side-by-side view of one syndication for the README (`make research-screenshot`).

Usage: python docs/screenshot.py [SYNDICATION_ID] — the warehouse is SYND_WAREHOUSE_URL or the
default; without an id, the republication with the most added text, uncredited first is shown.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline import jobs  # noqa: E402
from pipeline.config import load_settings  # noqa: E402
from pipeline.warehouse.schema import syndications  # noqa: E402
from tests.test_research_browser import _driver  # noqa: E402
from tests.webserver import serving  # noqa: E402

OUT = Path(__file__).resolve().parent / "side_by_side.png"


def main() -> None:
    engine = jobs.warehouse(load_settings())
    if len(sys.argv) > 1:
        sid = int(sys.argv[1])
    else:
        with engine.connect() as conn:
            sid = conn.execute(
                select(syndications.c.syndication_id)
                .where(syndications.c.relation == "republication")
                .order_by(syndications.c.attributed, syndications.c.added_chars.desc())
                .limit(1)
            ).scalar_one()
    profile = Path("data/chromium-profile")
    with serving(engine) as base:
        driver = _driver(profile)
        try:
            driver.set_window_size(1400, 1100)
            driver.get(f"{base}/syndications/{sid}")
            driver.save_screenshot(str(OUT))
        finally:
            driver.quit()
    print(f"wrote {OUT} (syndication {sid})")


if __name__ == "__main__":
    main()
