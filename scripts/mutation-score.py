#!/usr/bin/env python3
"""Prints the mutation score of each package group from PIT's XML reports, and lists survivors.

    python3 scripts/mutation-score.py [ROOT] [--survivors FILE]

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

GROUPS = [
    ("nn", "io.sl2a.nn."),
    ("tasks", "io.sl2a.tasks."),
    ("cpu backend", "io.sl2a.backend.cpu."),
]


def key(m):
    return tuple((m.findtext(tag) or "") for tag in
                 ("mutatedClass", "mutatedMethod", "methodDescription", "lineNumber", "mutator", "description")) \
        + (" ".join(i.text for i in m.iter("index")),)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("root", nargs="?", default=".")
    parser.add_argument("--survivors", default=None)
    args = parser.parse_args()
    reports = sorted(glob.glob(os.path.join(args.root, "*", "target", "pit-reports", "mutations.xml")))
    if not reports:
        print("mutation: no PIT reports under %s (run ./mvnw -Pmutation verify first)" % args.root)
        return 1
    mutants = {}
    for path in reports:
        for m in ET.parse(path).getroot().iter("mutation"):
            k = key(m)
            detected = m.get("detected") == "true"
            status = m.get("status")
            previous = mutants.get(k)
            if previous is None or (detected and not previous[0]):
                mutants[k] = (detected, status, m)
    survivors = []
    rows = []
    for name, prefix in GROUPS:
        group = [(k, v) for k, v in mutants.items() if k[0].startswith(prefix)]
        if not group:
            continue
        killed = sum(1 for _, v in group if v[0])
        no_coverage = sum(1 for _, v in group if v[1] == "NO_COVERAGE")
        rows.append((name, len(group), killed, no_coverage))
        survivors += [(k, v) for k, v in group if not v[0]]
    print("%-12s %8s %8s %8s %8s" % ("classes", "mutants", "killed", "no cover", "score"))
    for name, total, killed, no_coverage in rows:
        print("%-12s %8d %8d %8d %7.1f%%" % (name, total, killed, no_coverage, 100.0 * killed / total))
    out = args.survivors or os.path.join(args.root, "target", "mutation-survivors.txt")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        for k, v in sorted(survivors, key=lambda item: (item[0][0], int(item[0][3] or 0))):
            f.write("%s:%s %s %s [%s] %s\n" % (k[0], k[3], k[1], v[1], k[4].rsplit(".", 1)[-1], k[5]))
    print("mutation: %d survivors listed in %s" % (len(survivors), out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
