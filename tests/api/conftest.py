import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give each Schemathesis operation item its own node id.

    Schemathesis names them `test[GET /path]` but, on pytest >= 9.2, their node ids are built
    from the bare test name, so every operation would share one id (one line in `-v`, one key in
    `--lf`, one entry in the failure summary).
    """
    for item in items:
        if isinstance(item, pytest.Function) and not item.nodeid.endswith(item.name):
            label = item.name.removeprefix(item.originalname).removeprefix("[").removesuffix("]")
            item._id = item._id.with_params(label)
