#!/usr/bin/env python3
"""Fails when any test of the last Maven run was skipped or a test class ran no test.

    python3 scripts/require-no-skipped-tests.py [ROOT]

Reads every */target/surefire-reports/TEST-*.xml under ROOT (default: the current directory).
.ci/run calls it after installing everything the tests need (PoCL, PyTorch, OpenBLAS): there a
skip means a test could not reach what it needs, for example a broken OpenCL driver, and a green
run must mean that the OpenCL and PyTorch tests ran. A class whose setup skipped all its tests
appears as a suite of 0 tests, so that counts too.
"""

import glob
import os
import sys
import xml.etree.ElementTree as ET


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    reports = sorted(glob.glob(os.path.join(root, "*", "target", "surefire-reports", "TEST-*.xml")))
    if not reports:
        print("ci: no test reports found under %s" % root)
        return 1
    problems = []
    total = 0
    for path in reports:
        suite = ET.parse(path).getroot()
        name = suite.get("name")
        tests = int(suite.get("tests", "0"))
        total += tests
        if tests == 0:
            problems.append("%s: ran no test" % name)
        for case in suite.iter("testcase"):
            skipped = case.find("skipped")
            if skipped is not None:
                reason = skipped.get("message") or (skipped.text or "").strip() or "no reason given"
                problems.append("%s.%s skipped: %s" % (case.get("classname"), case.get("name"), reason))
    if problems:
        print("ci: %d test(s) did not run although everything they need was installed:" % len(problems))
        for line in problems[:50]:
            print("  " + line)
        if len(problems) > 50:
            print("  ... and %d more" % (len(problems) - 50))
        return 1
    print("ci: all %d tests in %d classes ran; none skipped" % (total, len(reports)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
