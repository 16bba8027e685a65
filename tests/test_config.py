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


def test_a_misspelt_section_is_an_error_naming_the_valid_ones(tmp_path: Path) -> None:
    """`detct:` used to be accepted and ignored: window_days stayed 30 without a word."""
    cfg = tmp_path / "c.yaml"
    cfg.write_text("detct:\n  window_days: 7\n")
    with pytest.raises(ConfigError, match=r"unknown config section 'detct' in config file .*c\.yaml: did you mean 'detect'\?.*valid sections are warehouse, raw_store"):
        load_settings(cfg, environ={})
    with pytest.raises(ConfigError, match=r"SYND__DETCT__WINDOW_DAYS.*did you mean 'detect'"):
        load_settings(None, environ={"SYND__DETCT__WINDOW_DAYS": "7"})
    # a misspelt key inside a section was already an error; a valid section still loads
    with pytest.raises(ConfigError, match="detect.window_dayz"):
        load_settings(None, environ={"SYND__DETECT__WINDOW_DAYZ": "7"})
    assert load_settings(None, environ={"SYND__OUTLETS_FILE": "o.yaml"}).outlets_file == "o.yaml"
