"""The web view in headless Chromium (Debian's chromium + chromium-driver, driven by Selenium):
load, filter, open a side-by-side view, confirm, screenshot; a hostile article stays inert."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from pipeline import jobs
from pipeline.report.html import write_report
from pipeline.warehouse.schema import verdicts
from tests.research_corpus import fill
from tests.webserver import serving

CHROMIUM = os.environ.get("SYND_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("SYND_CHROMEDRIVER", "/usr/bin/chromedriver")

pytestmark = pytest.mark.skipif(
    not (shutil.which(CHROMIUM) and shutil.which(CHROMEDRIVER)),
    reason=f"no Chromium at {CHROMIUM} / {CHROMEDRIVER}: install Debian's chromium and chromium-driver as root "
    "(`make chromium` does it when run as root), or point SYND_CHROMIUM / SYND_CHROMEDRIVER at them",
)


def _driver(profile: Path):  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                 f"--user-data-dir={profile}"):
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)


def test_browser_filter_open_confirm_screenshot(sqlite_url: str, tmp_path: Path, settings_for) -> None:  # type: ignore[no-untyped-def]
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    settings = settings_for(sqlite_url)
    fill(settings, tmp_path)
    engine = jobs.warehouse(settings)
    shot = Path(os.environ.get("SYND_SCREENSHOT", tmp_path / "side_by_side.png"))
    with serving(engine) as base:
        driver = _driver(tmp_path / "chromium-profile")
        wait = WebDriverWait(driver, 20, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))
        try:
            driver.get(base + "/")
            assert len(driver.find_elements(By.CSS_SELECTOR, "tr.syndication")) >= 3
            Select(driver.find_element(By.ID, "f-outlet")).select_by_visible_text("Islands Weekly")
            Select(driver.find_element(By.ID, "f-relation")).select_by_value("republication")
            Select(driver.find_element(By.ID, "f-attributed")).select_by_value("no")
            driver.find_element(By.ID, "f-apply").click()
            wait.until(lambda d: "outlet=Islands+Weekly" in d.current_url)  # a click returns before the page loads
            rows = driver.find_elements(By.CSS_SELECTOR, "tr.syndication")
            assert len(rows) == 1
            sid = int(rows[0].get_attribute("data-id") or 0)
            rows[0].find_element(By.CSS_SELECTOR, "a.open").click()
            wait.until(lambda d: d.current_url.endswith(f"/syndications/{sid}"))
            # the hostile title and text are shown as text and nothing ran
            assert driver.title.startswith("synd")
            assert "<script>" in driver.find_element(By.TAG_NAME, "body").text
            assert not driver.find_elements(By.CSS_SELECTOR, ".body img, .body script, .body a[href^='javascript']")
            copied = driver.find_elements(By.CSS_SELECTOR, ".body a.copied")
            assert copied and driver.find_elements(By.CSS_SELECTOR, ".body .added")
            # a copied passage links to its counterpart on the other side
            target = copied[0].get_attribute("href") or ""
            copied[0].click()
            wait.until(lambda d: d.current_url.endswith(target.rsplit("/", 1)[-1]))
            driver.find_element(By.ID, "reviewer").send_keys("browser-test")
            driver.find_element(By.ID, "confirm").click()
            wait.until(lambda d: "confirm" in d.find_element(By.ID, "verdicts").text)
            driver.execute_script("window.scrollTo(0, 0)")
            shot.parent.mkdir(parents=True, exist_ok=True)
            assert driver.save_screenshot(str(shot))

            # the static report opens from disk: the network picture shows, the hostile text is inert
            report = write_report(engine, tmp_path / "report")
            driver.get(report.as_uri())
            assert driver.title == "synd report"
            assert driver.execute_script("return document.querySelector('img').naturalWidth") > 0
            assert "<script>" in driver.find_element(By.TAG_NAME, "body").text
        finally:
            driver.quit()
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with engine.connect() as conn:
        rows = conn.execute(select(verdicts.c.syndication_id, verdicts.c.verdict, verdicts.c.reviewer)).all()
    assert [tuple(r) for r in rows] == [(sid, "confirm", "browser-test")]
