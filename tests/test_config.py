from pathlib import Path

import pytest

from pipeline.config import ConfigError, load_settings
from pipeline.sources.outlets import load_outlets


def test_defaults_file_then_env(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("detect:\n  window_days: 7\nwarehouse:\n  url: sqlite:///x.db\n")
    s = load_settings(cfg, environ={"SYND__DETECT__BANDS": "16", "SYND_WAREHOUSE_URL": "sqlite:///y.db"})
    assert s.detect.window_days == 7
    assert s.detect.bands == 16 and s.detect.rows == 8
    assert s.warehouse.url == "sqlite:///y.db"


def test_config_errors_name_the_field(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("detect:\n  window_days: soon\n")
    with pytest.raises(ConfigError, match="detect.window_days"):
        load_settings(cfg, environ={})
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "missing.yaml", environ={})


def test_outlet_errors_name_the_outlet_and_field(tmp_path: Path) -> None:
    f = tmp_path / "outlets.yaml"
    f.write_text("outlets:\n  - name: Good\n    domains: [good.example]\n  - name: Bad One\n    rate: fast\n")
    with pytest.raises(ConfigError, match=r"'Bad One'.*'rate'"):
        load_outlets(f)
