#!/usr/bin/env bash
# `make run`: the demo server on port 8080 (WFM_PORT overrides).
#
# Without WFM_DATABASE_URL it starts (or reuses) the private PostgreSQL
# cluster in .pg/ of the project (scripts/pg.sh; stop it with
# `scripts/pg.sh stop .pg`). It applies the schema migrations, loads the
# sample data when this build has the `wfm sample` command, then replaces
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
if "$build/wfm" --help 2>/dev/null | grep -qE '^  sample( |$)'; then
    "$build/wfm" sample load --database-url "$WFM_DATABASE_URL"
else
    echo "run: no sample data in this build (no \`wfm sample\` command yet)" >&2
fi
# ---------------------------------------------------------------------------

port=${WFM_PORT:-8080}
echo "run: serving on http://localhost:$port (try: curl localhost:$port/v1/health)" >&2
exec "$build/wfm-server" --port "$port" --database-url "$WFM_DATABASE_URL" --no-migrate
