"""Corpus folders do not follow symlinks out of the folder: a `*.html` link to a file elsewhere
(a secret, another user's data) is a reject, never read, stored or quoted."""

from __future__ import annotations

from pathlib import Path

from pipeline.sources import read_paths
from pipeline.sources.html_dir import read_html_dir
from tests.reliability.helpers import page

SECRET = "TOPSECRET-canary-4711"


def _corpus(tmp_path: Path, manifest: bool) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir(parents=True)
    (outside / "secret.html").write_text(page(SECRET))
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "inside.html").write_text(page("Inside story"))
    (folder / "leak.html").symlink_to(outside / "secret.html")
    (folder / "alias.html").symlink_to(folder / "inside.html")  # a link inside the folder is fine
    (folder / "sub" / "dir").symlink_to(outside, target_is_directory=True)
    if manifest:
        (folder / "manifest.csv").write_text("file,url\nleak.html,https://e.org/leak\ninside.html,https://e.org/in\n")
    return folder


def test_folder_readers_do_not_follow_links_out_of_the_folder(tmp_path: Path) -> None:
    for manifest, reader in ((False, lambda f: read_paths([f])), (True, lambda f: read_paths([f])),
                             (True, read_html_dir), (False, read_html_dir)):
        folder = _corpus(tmp_path / f"m{manifest}{reader is read_html_dir}", manifest)
        recs = list(reader(folder))
        read = [r for r in recs if r.html is not None]
        assert not any(SECRET.encode() in (r.html or b"") for r in read), "a file outside the folder was read"
        assert not any(SECRET in (r.error or "") for r in recs)
        assert any(r.error and "leak.html" in r.error or "leak.html" in r.locator for r in recs if r.error)
        assert any(b"Inside story" in (r.html or b"") for r in read)
