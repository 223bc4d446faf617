/* Test support: reads tests/reference/erlang_vectors.csv, the 300 Erlang C
 * and Erlang A cases computed independently at 50 digits (see
 * tests/reference/README.md). Empty cells read as NAN. */
#ifndef WFM_ERLANG_VECTORS_H
#define WFM_ERLANG_VECTORS_H

#include <stddef.h>

#include "models/wfm_erlang.h"

typedef struct wfm_erlang_vector {
    char model; /* 'C' or 'A' */
    double calls, interval_s, aht_s, patience_s;
    int agents;
    double threshold_s, p_wait, service_level, asa_s, p_abandon, answer_rate, occupancy;
} wfm_erlang_vector;

/* Reads every row into a malloc'd array the caller frees; *n gets the row
 * count. Returns NULL when the file is missing or malformed. The file is
 * found through WFM_SOURCE_DIR (default "."). */
wfm_erlang_vector *wfm_erlang_vectors_load(size_t *n);

/* The calculator input of row v. The file prints calls rounded to 6
 * decimals, but its 50-digit values were computed from the unrounded
 * load, which the occupancy column carries exactly (occupancy = a *
 * answer_rate / agents, answer_rate = 1 for Erlang C). So calls is rebuilt
 * from occupancy; *calls_rounding gets how far that is from the printed
 * calls (at most 5e-7 when the reading is right). */
wfm_erlang_input wfm_erlang_vector_input(const wfm_erlang_vector *v, double *calls_rounding);

/* Checks every row of `model` ('C' or 'A') with cmocka asserts:
 * probabilities within 1e-9 absolute, ASA within 1e-6 relative; cells the
 * file leaves empty are not checked. Returns the number of rows checked. */
size_t wfm_erlang_vectors_check(char model);

/* An input with the defaults of wfm_erlang_input_init() and these fields. */
wfm_erlang_input wfm_test_erlang_input(double calls, double aht_s, double patience_s);

/* wfm_erlang_metrics_at() that must succeed (cmocka assert). */
wfm_erlang_metrics wfm_test_erlang_metrics(const wfm_erlang_input *in, int agents);

#endif
