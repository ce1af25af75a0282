"""Arrows only downward: programme < wegbegleitung < einrichtungen < schutzkonzept < matching < auslagen <
uebernahme < nachweise < forschung < netzwerk < berichte < arbeitsplatz < testdaten.

Every module of each app (also imports inside functions) is parsed; a lower app that imports a
higher one fails the test, unless the pair is listed below with the reason it is still there. A
lower app learns about a higher one through a registered seam instead (e.g.
``wegbegleitung.notifications.providers``, ``registry``, ``digest.register_section``,
``schutzkonzept.providers``).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = [
    "programme",
    "wegbegleitung",
    "einrichtungen",
    "schutzkonzept",
    "matching",
    "auslagen",
    "uebernahme",
    "nachweise",
    "forschung",
    "netzwerk",
    "berichte",
    "arbeitsplatz",
    "testdaten",
]

# (importing module, imported app) -> why it is still allowed. Each is a TODO.
KNOWN_EXCEPTIONS = {
    ("wegbegleitung.services.invitations", "einrichtungen"): (
        "TODO: invitations of facility staff name their facility (Einladung has a foreign key "
        "to einrichtungen.Einrichtung); move staff invitations into einrichtungen"
    ),
    ("wegbegleitung.services.roles", "einrichtungen"): (
        "TODO: role_grant adds facility staff to their facility's group; move that step into "
        "einrichtungen's staff service"
    ),
    ("wegbegleitung.demo", "einrichtungen"): (
        "TODO: the demo builds every app's records; move it to a demo module above all apps"
    ),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_apps(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return {name.split(".")[0] for name in names}


def upward_imports() -> set[tuple[str, str]]:
    found = set()
    for level, app in enumerate(LAYERS):
        higher = set(LAYERS[level + 1 :])
        for path in sorted((ROOT / app).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for imported in _imported_apps(tree) & higher:
                found.add((_module_name(path), imported))
    return found


def test_no_lower_app_imports_a_higher_one():
    unexpected = upward_imports() - KNOWN_EXCEPTIONS.keys()
    assert unexpected == set(), "lower app imports a higher one: use a provider or registry"


def test_the_known_exceptions_are_still_needed():
    # an exception that was removed must leave the list, so it cannot quietly come back
    assert set(KNOWN_EXCEPTIONS) <= upward_imports()


def test_the_notification_platform_imports_no_app_above_it():
    platform = {pair for pair in upward_imports() if pair[0].startswith("wegbegleitung.notif")}
    assert platform == set()


def test_the_check_finds_an_import_inside_a_function():
    tree = ast.parse("def f():\n    from matching.models import Begleitung\n")
    assert _imported_apps(tree) == {"matching"}


def test_the_path_asks_safeguarding_through_its_seam_which_fails_closed(volunteer):
    from schutzkonzept.clearance import path_answer
    from wegbegleitung import safeguarding
    from wegbegleitung.models import Wegbegleiter

    wegbegleiter = Wegbegleiter.objects.get(user=volunteer)
    assert safeguarding._provider[0] is path_answer
    assert safeguarding._nobody_is_cleared(wegbegleiter).cleared is False
    assert safeguarding.clearance_of(wegbegleiter) == path_answer(wegbegleiter)


def test_the_workspace_is_the_top_layer_and_installed_after_the_others(settings):
    # it reads every app for the coordinator's home; an app importing it would fail the test above
    # (only the generator of test data, which reads everything and serves no page, sits higher)
    assert LAYERS[-2:] == ["arbeitsplatz", "testdaten"]
    apps = settings.INSTALLED_APPS
    # installed right after the highest app below it (its templates and admin come last)
    assert apps.index("arbeitsplatz") == apps.index(LAYERS[-3]) + 1
    assert apps.index("testdaten") == apps.index("arbeitsplatz") + 1
