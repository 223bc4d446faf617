/* Test support: the Erlang reference vectors (see wfm_erlang_vectors.h). */
#include "tests/support/wfm_erlang_vectors.h"

#include <math.h>
#include <stdarg.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* Next comma-separated cell of *line as a double; NAN when empty. */
static double next_cell(char **line)
{
    char *cell = strsep(line, ",\n");
    return cell && *cell ? strtod(cell, NULL) : NAN;
}

static int parse_row(char *line, wfm_erlang_vector *v)
{
    char *model = strsep(&line, ",");
    if (!model || (model[0] != 'A' && model[0] != 'C') || !line)
        return -1;
    v->model = model[0];
    v->calls = next_cell(&line);
    v->interval_s = next_cell(&line);
    v->aht_s = next_cell(&line);
    v->patience_s = next_cell(&line);
    v->agents = (int)next_cell(&line);
    v->threshold_s = next_cell(&line);
    v->p_wait = next_cell(&line);
    v->service_level = next_cell(&line);
    v->asa_s = next_cell(&line);
    v->p_abandon = next_cell(&line);
    v->answer_rate = next_cell(&line);
    v->occupancy = next_cell(&line);
    return 0;
}

wfm_erlang_vector *wfm_erlang_vectors_load(size_t *n)
{
    const char *dir = getenv("WFM_SOURCE_DIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/reference/erlang_vectors.csv", dir ? dir : ".");
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return NULL;
    }
    wfm_erlang_vector *rows = NULL;
    size_t count = 0, cap = 0;
    char line[1024];
    int ok = fgets(line, sizeof line, f) != NULL; /* header */
    while (ok && fgets(line, sizeof line, f)) {
        if (count == cap) {
            cap = cap ? 2 * cap : 256;
            wfm_erlang_vector *grown = realloc(rows, cap * sizeof *rows);
            if (!grown) { ok = 0; break; }
            rows = grown;
        }
        if (parse_row(line, &rows[count]) != 0) {
            fprintf(stderr, "%s: malformed row %zu\n", path, count + 2);
            ok = 0;
            break;
        }
        count++;
    }
    fclose(f);
    if (!ok || count == 0) {
        free(rows);
        return NULL;
    }
    *n = count;
    return rows;
}

wfm_erlang_input wfm_erlang_vector_input(const wfm_erlang_vector *v, double *calls_rounding)
{
    wfm_erlang_input in;
    wfm_erlang_input_init(&in);
    double answer_rate = v->model == 'A' ? v->answer_rate : 1.0;
    double load = v->occupancy * v->agents / answer_rate;
    in.calls = load * v->interval_s / v->aht_s;
    in.interval_s = v->interval_s;
    in.aht_s = v->aht_s;
    in.patience_s = v->model == 'A' ? v->patience_s : 0;
    in.threshold_s = isnan(v->threshold_s) ? 0 : v->threshold_s;
    *calls_rounding = fabs(in.calls - v->calls);
    return in;
}

wfm_erlang_input wfm_test_erlang_input(double calls, double aht_s, double patience_s)
{
    wfm_erlang_input in;
    wfm_erlang_input_init(&in);
    in.calls = calls;
    in.aht_s = aht_s;
    in.patience_s = patience_s;
    return in;
}

wfm_erlang_metrics wfm_test_erlang_metrics(const wfm_erlang_input *in, int agents)
{
    wfm_erlang_metrics m;
    wfm_error err;
    assert_int_equal(wfm_erlang_metrics_at(in, agents, &m, &err), WFM_OK);
    return m;
}

/* |got - want| <= tol, or want is an empty cell. */
static void assert_close(double got, double want, double tol)
{
    if (!isnan(want) && !(fabs(got - want) <= tol))
        fail_msg("got %.17g, reference %.17g", got, want);
}

size_t wfm_erlang_vectors_check(char model)
{
    size_t n = 0, checked = 0;
    wfm_erlang_vector *rows = wfm_erlang_vectors_load(&n);
    assert_non_null(rows);
    for (size_t i = 0; i < n; i++) {
        const wfm_erlang_vector *v = &rows[i];
        if (v->model != model)
            continue;
        double rounding;
        wfm_erlang_input in = wfm_erlang_vector_input(v, &rounding);
        assert_true(rounding <= 5.0001e-7);
        wfm_erlang_metrics m = wfm_test_erlang_metrics(&in, v->agents);
        assert_int_equal(m.model, model);
        assert_false(m.overloaded);
        assert_close(m.p_wait, v->p_wait, 1e-9);
        assert_close(m.service_level, v->service_level, 1e-9);
        assert_close(m.asa_s, v->asa_s, 1e-6 * v->asa_s);
        assert_close(m.p_abandon, v->p_abandon, 1e-9);
        assert_close(m.answer_rate, v->answer_rate, 1e-9);
        checked++;
    }
    free(rows);
    return checked;
}
