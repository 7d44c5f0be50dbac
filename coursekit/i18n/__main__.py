"""``python -m coursekit.i18n update|build|status|check [DOMAIN...] [--lang zh-CN]``.

``update`` brings the named catalogs (all without a name) up to date with the English;
``build`` writes the generated editions that are out of date; ``status`` prints each
catalog's counts and exits 1 while anything is untranslated, fuzzy or out of date;
``check`` lists, for the named catalogs (all without a name), each translation that misses
a glossary term, drops a code span or changes a ``{field}`` (see
:mod:`coursekit.i18n.review`), and exits 1 if there is one.
"""

from __future__ import annotations

import argparse
import sys

from coursekit.i18n import LANGS
from coursekit.i18n.build import build, stale, status
from coursekit.i18n.catalogs import ROOT
from coursekit.i18n.review import glossary, problems
from coursekit.i18n.sources import domains
from coursekit.i18n.update import update


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit.i18n")
    parser.add_argument("action", choices=("update", "build", "status", "check"))
    parser.add_argument("domains", nargs="*", help="update, check: the catalogs (default: all)")
    parser.add_argument("--lang", default="zh-CN", choices=LANGS[1:])
    args = parser.parse_args(argv)
    if args.action == "update":
        for domain in domains():
            if not args.domains or domain.name in args.domains:
                print(update(domain, args.lang).relative_to(ROOT))
        return 0
    if args.action == "build":
        for path in build(args.lang):
            print(path.relative_to(ROOT))
        return 0
    if args.action == "check":
        return _check(args.domains, args.lang)
    ok = True
    for domain in domains():
        s = status(domain, args.lang)
        ok = ok and s.done
        print(f"{s.domain:18} {s.translated:4}/{s.total:<4} translated, "
              f"{len(s.fuzzy)} fuzzy, {len(s.untranslated)} untranslated")
    for path in stale(args.lang):
        ok = False
        print(f"out of date: {path.relative_to(ROOT)}")
    return 0 if ok else 1


def _check(names: list[str], lang: str) -> int:
    terms = glossary(lang)
    count = 0
    for domain in domains():
        if names and domain.name not in names:
            continue
        for p in problems(domain.name, lang, bool(domain.python), terms):
            count += 1
            print(f"{domain.name}: {p.what}\n    {p.english[:100]!r}")
    print(f"{count} problem(s)")
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
