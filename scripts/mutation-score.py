#!/usr/bin/env python3
"""Prints the mutation score of each Java package from PIT's XML reports, and lists survivors.

    python3 scripts/mutation-score.py [ROOT] [--survivors FILE] [--markdown]

PIT runs per Maven module (profile mutation): cpu-backend mutates the cpu backend's host
code, nn its own classes with its own tests, and tasks both its classes and nn's (crossModule),
because the command-line tests exercise nn too. A mutant of nn counts as killed when either run
detected it (killed, timed out, or crashed the test JVM, as PIT counts them). Writes every
surviving mutant (class, line, mutator, description) to FILE (default:
target/mutation-survivors.txt).
"""

import argparse
import glob
import os
import sys
import xml.etree.ElementTree as ET

TARGET = 85.0


def key(m):
    return tuple((m.findtext(tag) or "") for tag in
                 ("mutatedClass", "mutatedMethod", "methodDescription", "lineNumber", "mutator", "description")) \
        + (" ".join(i.text for i in m.iter("index")),)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("root", nargs="?", default=".")
    parser.add_argument("--survivors", default=None)
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()
    reports = sorted(glob.glob(os.path.join(args.root, "*", "target", "pit-reports", "mutations.xml")))
    if not reports:
        print("mutation: no PIT reports under %s (run ./mvnw -Pmutation verify first)" % args.root)
        return 1
    mutants = {}
    for path in reports:
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError:
            print("mutation: skipping %s (not a complete report: is PIT still writing it?)" % path)
            continue
        for m in root.iter("mutation"):
            k = key(m)
            detected = m.get("detected") == "true"
            status = m.get("status")
            previous = mutants.get(k)
            if previous is None or (detected and not previous[0]):
                mutants[k] = (detected, status, m)
    survivors = []
    packages = {}
    for k, v in mutants.items():
        package = k[0].rsplit(".", 1)[0]
        packages.setdefault(package, []).append((k, v))
    rows = []
    for package in sorted(packages):
        group = packages[package]
        killed = sum(1 for _, v in group if v[0])
        no_coverage = sum(1 for _, v in group if v[1] == "NO_COVERAGE")
        rows.append((package, len(group), killed, no_coverage))
        survivors += [(k, v) for k, v in group if not v[0]]
    total = sum(r[1] for r in rows)
    killed_all = sum(r[2] for r in rows)
    if args.markdown:
        print("| package | mutants | killed | no coverage | score |")
        print("|---|---:|---:|---:|---:|")
        for name, count, killed, no_coverage in rows:
            print("| `%s` | %d | %d | %d | %.1f%% |" % (name, count, killed, no_coverage, 100.0 * killed / count))
        print("| all | %d | %d | | %.1f%% |" % (total, killed_all, 100.0 * killed_all / total))
    else:
        print("%-28s %8s %8s %8s %8s" % ("package", "mutants", "killed", "no cover", "score"))
        for name, count, killed, no_coverage in rows:
            score = 100.0 * killed / count
            print("%-28s %8d %8d %8d %7.1f%%%s" % (name, count, killed, no_coverage, score,
                                                    "" if score >= TARGET else "  < %.0f%%" % TARGET))
        print("%-28s %8d %8d %8s %7.1f%%" % ("all", total, killed_all, "", 100.0 * killed_all / total))
    out = args.survivors or os.path.join(args.root, "target", "mutation-survivors.txt")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        for k, v in sorted(survivors, key=lambda item: (item[0][0], int(item[0][3] or 0))):
            f.write("%s:%s %s %s [%s] %s\n" % (k[0], k[3], k[1], v[1], k[4].rsplit(".", 1)[-1], k[5]))
    print("mutation: %d survivors listed in %s" % (len(survivors), out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
