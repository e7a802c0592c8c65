"""Run multi-statement SQL scripts through drivers that prepare every statement (asyncpg)."""

import re

from alembic import op

# A dollar-quoted body ($$ ... $$ or $tag$ ... $tag$), a quoted string, a comment, or an end.
_TOKEN = re.compile(r"(\$[A-Za-z_]*\$)(?:.|\n)*?\1|'(?:[^']|'')*'|--[^\n]*|;")


def split_statements(script: str) -> list[str]:
    """Split at top-level semicolons, leaving quoted strings and function bodies whole."""
    statements, start = [], 0
    for match in _TOKEN.finditer(script):
        if match.group(0) == ";":
            statements.append(script[start : match.start()].strip())
            start = match.end()
    statements.append(script[start:].strip())
    return [statement for statement in statements if _has_code(statement)]


def _has_code(statement: str) -> bool:
    return any(
        line.strip() and not line.strip().startswith("--") for line in statement.splitlines()
    )


def execute_script(script: str) -> None:
    """Run each statement of `script` inside the migration's transaction."""
    for statement in split_statements(script):
        op.execute(statement)
