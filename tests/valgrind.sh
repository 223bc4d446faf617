#!/usr/bin/env bash
# `make test-valgrind`: the unit and integration suite under valgrind
# memcheck (docs/robustness.md). Each test binary runs through tests/run.sh
# (same throwaway PostgreSQL cluster, same summary line) inside valgrind,
# and so do the programs it starts (wfm-server for the child-process tests,
# `wfm` through popen's /bin/sh): --trace-children follows every exec of
# the project's programs and /bin/sh, and skips the system's (/usr/...:
# PostgreSQL, coreutils) and the shell scripts (scripts/pg.sh). A test fails when valgrind reports any memory error or a
# definite or indirect leak (--error-exitcode); each process's report is
# kept in $BUILD/valgrind/<pid>.log, and those with errors are listed at the
# end. tests/valgrind.supp holds the suppressions, each one library noise
# with the reason written next to it.
#
# The verdict is memcheck's: exit 1 when any report has an error or a leak.
# Under valgrind the code runs 20-50 times slower, so a test that gives a
# solver a wall-clock limit can fail its own assertion (an LP past 1 s, a MIP
# stopped at another incumbent) with a clean report; such failures are
# listed but do not fail the target (docs/robustness.md names them).
# --fair-sched=yes: valgrind runs one thread at a time, and its default lock
# lets a busy thread (the roster's interior-point solve) take it back before
# the server's request threads get it, until their clients time out.
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build="$here/${BUILD:-build}"
logs="$build/valgrind"
rm -rf "$logs"
mkdir -p "$logs/bin"

# run.sh runs each argument as the test; a wrapper script per test binary
# keeps its name in run.sh's summary.
wrappers=()
for bin in "$@"; do
    wrapper="$logs/bin/$(basename "$bin")"
    cat > "$wrapper" <<EOF2
#!/bin/sh
exec valgrind --quiet --fair-sched=yes --error-exitcode=99 --leak-check=full \\
    --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \\
    --trace-children=yes --trace-children-skip='/usr/*,/bin/[!s]*,/bin/s[!h]*,*.sh' \\
    --child-silent-after-fork=yes --suppressions="$here/tests/valgrind.supp" \\
    --log-file="$logs/%p.log" "$bin" "\$@"
EOF2
    chmod +x "$wrapper"
    wrappers+=("$wrapper")
done

start=$(date +%s)
BUILD=${BUILD:-build} "$here/tests/run.sh" "${wrappers[@]}" | tee "$logs/suite.out"
echo "valgrind: $(( $(date +%s) - start )) s for ${#wrappers[@]} test binaries," \
     "$(ls "$logs"/*.log | wc -l) processes checked"
failed=$(sed -n 's/^\[  FAILED  \] \([a-z_0-9]*\)$/\1/p' "$logs/suite.out" | sort -u | tr '\n' ' ')
[ -z "$failed" ] || echo "valgrind: tests that failed their own assertions (timing?): $failed"
dirty=$(grep -lE 'ERROR SUMMARY: [1-9]|(definitely|indirectly) lost: [1-9]' "$logs"/*.log 2>/dev/null)
if [ -n "$dirty" ]; then
    echo "valgrind: memcheck FAILED; reports with errors or leaks:"
    for f in $dirty; do
        echo "  $f: $(grep -m1 -E '^==[0-9]+== (Invalid|Conditional|Syscall|Mismatched|[0-9,]+ bytes)' "$f")"
    done
    exit 1
fi
echo "valgrind: memcheck clean (no error, no definite or indirect leak)"
