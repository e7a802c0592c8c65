"""Database URL helpers shared by the engine, migrations and the bootstrap."""

from sqlalchemy.engine import URL, make_url


def async_url(url: str) -> URL:
    """The URL with the asyncpg driver, whatever driver (if any) it names."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql+asyncpg")


def libpq_url(url: URL) -> str:
    """A plain `postgresql://` DSN that psql, asyncpg and SQLAlchemy all accept."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)
