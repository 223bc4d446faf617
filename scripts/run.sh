#!/usr/bin/env bash
# `make run`: the demo server on port 8080 (WFM_PORT overrides).
#
# Without WFM_DATABASE_URL it starts (or reuses) the private PostgreSQL
# cluster in .pg/ of the project (scripts/pg.sh; stop it with
# `scripts/pg.sh stop .pg`). It applies the schema migrations, loads the
# sample data when this build has the `wfm sample` command, creates demo
# tokens for the sample center (one per role, printed and written to
# demo-tokens.txt, mode 600; the previous run's are revoked), then replaces
# itself with wfm-server, so Ctrl-C / SIGTERM reach the server directly.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build="$here/${BUILD:-build}"

if [ -z "${WFM_DATABASE_URL:-}" ]; then
    WFM_DATABASE_URL=$("$here/scripts/pg.sh" start "$here/.pg")
    echo "run: private PostgreSQL cluster in .pg/ ($WFM_DATABASE_URL)" >&2
fi
export WFM_DATABASE_URL

"$build/wfm" migrate --database-url "$WFM_DATABASE_URL"

# --- sample-data hook -------------------------------------------------------
# The forecasting issue adds `wfm sample load`; until a build has it, this
# step is skipped. Loading is expected to be idempotent (a re-run of
# `make run` must not duplicate the sample).
demo_center=
if "$build/wfm" --help 2>/dev/null | grep -qE '^  sample( |$)'; then
    "$build/wfm" sample load --database-url "$WFM_DATABASE_URL"
    demo_center=jinan
else
    echo "run: no sample data in this build (no \`wfm sample\` command yet)" >&2
fi
# ---------------------------------------------------------------------------

port=${WFM_PORT:-8080}

# --- demo tokens (docs/security.md) -----------------------------------------
# Only hashes are stored, so a token can be shown only when it is made: each
# run makes a fresh set and revokes the last run's (their ids are in the
# file: wfm_<id>_<secret>).
tokens_file="$here/demo-tokens.txt"
if [ -n "$demo_center" ]; then
    if [ -f "$tokens_file" ]; then
        sed -n 's/^[a-z]*=wfm_\(.\{12\}\)_.*/\1/p' "$tokens_file" | while read -r id; do
            "$build/wfm" token revoke "$id" --database-url "$WFM_DATABASE_URL" >/dev/null 2>&1 || true
        done
    fi
    umask 077
    : > "$tokens_file"
    for role in viewer manager planner admin; do
        token=$("$build/wfm" token create --center "$demo_center" --role "$role" --label demo \
                --database-url "$WFM_DATABASE_URL")
        echo "$role=$token" >> "$tokens_file"
    done
    viewer=$(sed -n 's/^viewer=//p' "$tokens_file")
    {
        echo "run: demo tokens of center $demo_center (also in demo-tokens.txt; new each run):"
        sed 's/^/run:   /; s/=/  /' "$tokens_file"
        echo "run: dashboard (read-only): http://localhost:$port/#token=$viewer"
        echo "run: dashboard (all views): http://localhost:$port/#token=$(sed -n 's/^admin=//p' "$tokens_file")"
        echo "run: try:       curl -H \"Authorization: Bearer \$(sed -n 's/^viewer=//p' demo-tokens.txt)\" localhost:$port/v1/centers/$demo_center/rosters"
    } >&2
fi
# ---------------------------------------------------------------------------

echo "run: serving on http://localhost:$port (try: curl localhost:$port/v1/health)" >&2
exec "$build/wfm-server" --port "$port" --database-url "$WFM_DATABASE_URL" --no-migrate
