#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The README's first command, "make demo", boots a VM that runs
# /tests/demo.sh. This suite runs the same story in make check, so that a
# broken demo fails the tests instead of the first impression.
# ks-timeout: 600

. /tests/lib.sh

out=$(/tests/demo.sh 2>&1)
rc=$?
ks_diag "$out"
ks_is "$rc" 0 "demo.sh exits 0"
ks_like "$out" "DEMO-RESULT: PASS" "the demo's story happens as told"
ks_unlike "$out" "UNEXPECTED" "no step of the demo went otherwise"
ks_like "$out" "demo: [1-9][0-9]* passed, 0 failed" "the demo checked what it showed"
ks_done
