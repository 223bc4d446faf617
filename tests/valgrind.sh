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
exec valgrind --quiet --error-exitcode=99 --leak-check=full \\
    --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \\
    --trace-children=yes --trace-children-skip='/usr/*,/bin/[!s]*,/bin/s[!h]*,*.sh' \\
    --child-silent-after-fork=yes --suppressions="$here/tests/valgrind.supp" \\
    --log-file="$logs/%p.log" "$bin" "\$@"
EOF2
    chmod +x "$wrapper"
    wrappers+=("$wrapper")
done

start=$(date +%s)
BUILD=${BUILD:-build} "$here/tests/run.sh" "${wrappers[@]}"
rc=$?
echo "valgrind: $(( $(date +%s) - start )) s for ${#wrappers[@]} test binaries"
dirty=$(grep -lE 'ERROR SUMMARY: [1-9]|(definitely|indirectly) lost: [1-9]' "$logs"/*.log 2>/dev/null)
if [ -n "$dirty" ]; then
    echo "valgrind: reports with errors or leaks:"
    for f in $dirty; do echo "  $f: $(head -c 2000 "$f" | grep -m1 -E '^==[0-9]+== (Invalid|Conditional|Syscall|Mismatched|[0-9,]+ bytes)' )"; done
    rc=1
fi
exit $rc
