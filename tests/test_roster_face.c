/* Specification of optimizer/wfm_roster_face: columns an interior point
 * leaves at a bound, with a reduced cost pushing them there, are fixed
 * there; every other column is left alone; letting them go puts every
 * bound back and keeps the simplex's optimal basis feasible, also for a
 * column held at its upper bound. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <glpk.h>

#include "optimizer/wfm_roster_face.h"

/* min -x1 - x2 + x3 + 0 x4, all in [0, 1] but x4 >= 0, subject to
 * x1 + x2 >= 1.5 and x3 + x4 >= 0.5: the optimum has x1 = x2 = 1 (reduced
 * cost -1), x3 = 0 (reduced cost 1) and x4 = 0.5. */
static glp_prob *small_lp(void)
{
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_cols(lp, 4);
    const double cost[] = {0, -1, -1, 1, 0};
    for (int j = 1; j <= 3; j++)
        glp_set_col_bnds(lp, j, GLP_DB, 0, 1);
    glp_set_col_bnds(lp, 4, GLP_LO, 0, 0);
    for (int j = 1; j <= 4; j++)
        glp_set_obj_coef(lp, j, cost[j]);
    glp_add_rows(lp, 2);
    glp_set_row_bnds(lp, 1, GLP_LO, 1.5, 0);
    glp_set_row_bnds(lp, 2, GLP_LO, 0.5, 0);
    int ia[] = {0, 1, 1, 2, 2}, ja[] = {0, 1, 2, 3, 4};
    double ar[] = {0, 1, 1, 1, 1};
    glp_load_matrix(lp, 4, ia, ja, ar);
    return lp;
}

/* The interior point of small_lp: values and reduced costs, 1-based. */
static const double x[] = {0, 1, 1, 0, 0.5};
static const double d[] = {0, -1, -1, 1, 0};

static int simplex(glp_prob *lp)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    return glp_simplex(lp, &parm);
}

static void only_columns_pushed_to_a_bound_are_held(void **state)
{
    (void)state;
    glp_prob *lp = small_lp();
    wfm_roster_held held = {0};
    assert_int_equal(wfm_roster_hold_face(lp, x, d, &held), 0);
    assert_int_equal(held.n, 4);
    assert_int_equal(glp_get_col_type(lp, 1), GLP_FX);
    assert_true(glp_get_col_lb(lp, 1) == 1.0);
    assert_int_equal(glp_get_col_type(lp, 2), GLP_FX);
    assert_true(glp_get_col_lb(lp, 2) == 1.0);
    assert_int_equal(glp_get_col_type(lp, 3), GLP_FX);
    assert_true(glp_get_col_lb(lp, 3) == 0.0);
    assert_int_equal(glp_get_col_type(lp, 4), GLP_LO); /* inside: left alone */

    wfm_roster_release_face(lp, &held);
    assert_int_equal(held.n, 0);
    for (int j = 1; j <= 3; j++) {
        assert_int_equal(glp_get_col_type(lp, j), GLP_DB);
        assert_true(glp_get_col_lb(lp, j) == 0.0 && glp_get_col_ub(lp, j) == 1.0);
    }
    assert_int_equal(glp_get_col_type(lp, 4), GLP_LO);
    glp_delete_prob(lp);
}

static void the_optimal_basis_survives_the_release(void **state)
{
    (void)state;
    glp_prob *lp = small_lp();
    wfm_roster_held held = {0};
    assert_int_equal(wfm_roster_hold_face(lp, x, d, &held), 0);
    assert_int_equal(simplex(lp), 0);
    assert_int_equal(glp_get_status(lp), GLP_OPT);
    assert_true(glp_get_obj_val(lp) == -2.0);

    wfm_roster_release_face(lp, &held);
    /* x1 and x2 nonbasic at their upper bound, as they were held: the
     * basis is still primal feasible and optimal, at the same point. */
    assert_int_equal(glp_get_col_stat(lp, 1), GLP_NU);
    assert_int_equal(glp_get_col_stat(lp, 2), GLP_NU);
    assert_int_equal(glp_get_col_stat(lp, 3), GLP_NL);
    assert_int_equal(glp_warm_up(lp), 0);
    assert_int_equal(glp_get_prim_stat(lp), GLP_FEAS);
    assert_true(glp_get_col_prim(lp, 1) == 1.0 && glp_get_col_prim(lp, 2) == 1.0);
    assert_true(glp_get_obj_val(lp) == -2.0);
    assert_int_equal(simplex(lp), 0);
    assert_int_equal(glp_get_status(lp), GLP_OPT);
    assert_true(glp_get_obj_val(lp) == -2.0);
    glp_delete_prob(lp);
}

static void releasing_nothing_is_harmless(void **state)
{
    (void)state;
    glp_prob *lp = small_lp();
    wfm_roster_held held = {0};
    wfm_roster_release_face(lp, &held);
    assert_int_equal(glp_get_col_type(lp, 1), GLP_DB);
    glp_delete_prob(lp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(only_columns_pushed_to_a_bound_are_held),
        cmocka_unit_test(the_optimal_basis_survives_the_release),
        cmocka_unit_test(releasing_nothing_is_harmless),
    };
    return cmocka_run_group_tests_name("roster face", tests, NULL, NULL);
}
