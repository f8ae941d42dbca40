"""Fail when the project's imports break the rules in README "How the code is organised".

    .venv/bin/python scripts/check_imports.py [project directory]

Reads every module of the apps with `ast` (nothing is imported or run) and checks:

1. No import cycle between modules, at any depth.
2. `mindful` imports no feature app (blog, services, contact, contact.newsletter).
3. A feature app imports another feature app's models package only (`services.models`,
   never `services.forms` or `services.models.pages`).
4. Nothing imports an app's views, wagtail_hooks, templatetags, management commands or
   demo module, except the app's own urls.py importing its views and one of these
   importing another of its kind (every demo.py uses mindful.demo).
5. Migrations import nothing of the project but `mindful.group_permissions`.
6. No import of a project module inside a function or method (the usual way to hide a cycle).

Importing `pkg.sub` counts as an edge to `pkg.sub` only, as in grimp and import-linter; Django
imports every app's models package first, so a module low in an app may import a models
submodule (`blog.models.comments`) while the package's __init__ also imports the page models
that sit above it.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Most specific first: a module belongs to the first app its name starts with.
APPS = ["contact.newsletter", "contact", "blog", "services", "mindful"]
FEATURE_APPS = {"contact.newsletter", "contact", "blog", "services"}
TOP_LEVEL = {name.split(".")[0] for name in APPS}
ENTRY_POINTS = {"views", "wagtail_hooks", "templatetags", "management", "demo"}
MIGRATION_HELPER = "mindful.group_permissions"


def module_name(path, root):
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def find_modules(root):
    modules = {}
    for top in sorted(TOP_LEVEL):
        for path in sorted((root / top).rglob("*.py")):
            modules[module_name(path, root)] = path
    return modules


def app_of(module):
    for app in APPS:
        if module == app or module.startswith(app + "."):
            return app
    raise ValueError(module)


def resolve(module, node, modules, is_package):
    """The project modules an import statement names (a name imported from a module
    counts as the module; a submodule imported from a package counts as the submodule)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.split(".")[0] in TOP_LEVEL]
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        base = package[: len(package) - (node.level - 1)]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    if source.split(".")[0] not in TOP_LEVEL:
        return []
    targets = []
    for alias in node.names:
        candidate = f"{source}.{alias.name}"
        targets.append(candidate if candidate in modules else source)
    return targets


class ImportFinder(ast.NodeVisitor):
    def __init__(self):
        self.imports = []  # (node, inside_function)
        self.depth = 0

    def visit_FunctionDef(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Import(self, node):
        self.imports.append((node, self.depth > 0))

    visit_ImportFrom = visit_Import


def build_graph(modules):
    graph, problems = {}, []
    for module, path in modules.items():
        finder = ImportFinder()
        finder.visit(ast.parse(path.read_text(), filename=str(path)))
        edges = set()
        for node, in_function in finder.imports:
            for target in resolve(module, node, modules, path.name == "__init__.py"):
                if target not in modules:
                    problems.append(f"{module}:{node.lineno} imports unknown module {target}")
                    continue
                edges.add((target, node.lineno))
                if in_function:
                    problems.append(
                        f"{module}:{node.lineno} imports {target} inside a function; "
                        "import it at the top (if that makes a cycle, the layers are wrong)"
                    )
        graph[module] = edges
    return graph, problems


def rule_problems(graph):
    problems = []
    for module, edges in graph.items():
        app = app_of(module)
        is_migration = ".migrations." in f".{module}."
        for target, line in sorted(edges):
            where = f"{module}:{line} imports {target}"
            target_app = app_of(target)
            if is_migration:
                if target != MIGRATION_HELPER:
                    problems.append(f"{where}: migrations may import only {MIGRATION_HELPER}")
                continue
            if target_app != app:
                if app == "mindful":
                    problems.append(f"{where}: mindful must not import a feature app")
                elif target_app in FEATURE_APPS and target != f"{target_app}.models":
                    problems.append(
                        f"{where}: another app's internals (only {target_app}.models is public)"
                    )
            inner = target[len(target_app) + 1 :].split(".")
            if inner[0] in ENTRY_POINTS and target_app != target:
                own_urls_view = module == f"{target_app}.urls" and inner[0] == "views"
                # Each app's demo.py builds on mindful.demo's helpers (pages, images).
                same_kind = inner[0] in module.split(".")
                if not own_urls_view and not same_kind:
                    problems.append(
                        f"{where}: {inner[0]} is an entry point; only Django or Wagtail load it"
                    )
    return problems


def cycles(graph):
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target, _line in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or any(t == node for t, _ in graph[node]):
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def main(root=ROOT):
    modules = find_modules(root)
    graph, problems = build_graph(modules)
    problems += rule_problems(graph)
    for component in cycles(graph):
        problems.append("import cycle between: " + ", ".join(component))
    for problem in problems:
        print(problem)
    edges = sum(len(edges) for edges in graph.values())
    if problems:
        print(f"{len(problems)} import problem(s) in {len(modules)} modules.")
        return 1
    print(f"Imports OK: {len(modules)} modules, {edges} project imports, no cycles.")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT))
