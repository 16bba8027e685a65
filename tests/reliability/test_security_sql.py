"""SQL is parameterised everywhere: a scanner over pipeline/ fails on SQL built by string
formatting (f-strings, %, .format, +). Identifier quoting that was checked by hand carries an
explicit ``# sql-ok: why`` marker on the line; everything else must use bound parameters."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIPELINE = ROOT / "pipeline"
EXEC_CALLS = {"execute", "exec_driver_sql", "executemany", "executescript", "text", "read_sql", "read_sql_query"}
SQL_WORDS = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|CREATE\s+(TEMP\s+)?(TABLE|VIEW|INDEX)|"
    r"DROP\s+(TABLE|VIEW)|TRUNCATE|ALTER\s+TABLE|WHERE\s+\w+\s*(=|IN|LIKE))", re.S
)
MESSAGE_CALLS = {"print", "echo", "secho", "debug", "info", "warning", "error", "exception", "critical", "write",
                 "add_row", "append"}


def _dynamic(node: ast.AST) -> bool:
    """A string built at run time from parts (f-string, %, +, .format)."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return _stringy(node.left) or _stringy(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _stringy(node.func.value)
    return False


def _stringy(node: ast.AST) -> bool:
    return (isinstance(node, ast.Constant) and isinstance(node.value, str)) or isinstance(node, ast.JoinedStr) or _dynamic(node)


def _literal_text(node: ast.AST) -> str:
    return " ".join(n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str))


def _name(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def scan_source(source: str, filename: str) -> list[str]:
    """Findings as 'file:line: why'; lines marked ``# sql-ok`` are vetted and skipped."""
    tree = ast.parse(source, filename)
    lines = source.splitlines()
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node

    def marked(node: ast.AST) -> bool:
        start, end = node.lineno, getattr(node, "end_lineno", node.lineno) or node.lineno  # type: ignore[attr-defined]
        return any("# sql-ok" in lines[i - 1] for i in range(start, end + 1))

    def in_message(node: ast.AST) -> bool:
        p = parents.get(node)
        while p is not None:
            if isinstance(p, ast.Call):
                return _name(p) in MESSAGE_CALLS or _name(p).endswith(("Error", "Exception", "Exit"))
            if isinstance(p, ast.Raise):
                return True
            p = parents.get(p)
        return False

    found: dict[int, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node) in EXEC_CALLS and node.args and _dynamic(node.args[0]):
            if not marked(node):
                found[node.lineno] = f"{filename}:{node.lineno}: SQL passed to {_name(node)}() is built by string formatting"
        elif _dynamic(node) and SQL_WORDS.search(_literal_text(node)) and not in_message(node) and not marked(node):
            found.setdefault(node.lineno, f"{filename}:{node.lineno}: SQL text built by string formatting")
    return [found[k] for k in sorted(found)]


def test_no_sql_built_by_string_formatting_in_pipeline() -> None:
    findings = []
    for path in sorted(PIPELINE.rglob("*.py")):
        findings += scan_source(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not findings, "use bound parameters (or mark vetted identifier quoting with `# sql-ok: why`):\n" + "\n".join(findings)


def test_scanner_catches_each_way_of_formatting_sql() -> None:
    bad = '''
def f(conn, name, uid, text):
    conn.execute(text(f"SELECT * FROM articles WHERE url = '{name}'"))
    conn.exec_driver_sql("DELETE FROM runs WHERE run_id = %s" % uid)
    conn.exec_driver_sql("UPDATE runs SET status = '" + name + "'")
    q = "SELECT * FROM articles WHERE outlet = '{}'".format(name)
    sql = f"INSERT INTO rejects (reason) VALUES ('{name}')"
    return q, sql
'''
    assert len(scan_source(bad, "bad.py")) == 5
    ok = '''
def f(conn, name, ident, log):
    conn.execute(text("SELECT * FROM articles WHERE url = :u"), {"u": name})
    conn.exec_driver_sql(f'TRUNCATE "{ident}"')  # sql-ok: ident comes from metadata, not from input
    log.info(f"rows: SELECT count(*) FROM rejects WHERE run_id = {name}")
    raise ValueError(f"SELECT * FROM x WHERE y = {name} failed")
'''
    assert scan_source(ok, "ok.py") == []
