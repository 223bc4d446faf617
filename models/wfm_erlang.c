/* wfm_erlang: Erlang B, C and A metrics (see wfm_erlang.h for definitions). */
#include "models/wfm_erlang.h"

#include "models/wfm_check.h"

#include <math.h>
#include <stddef.h>

#include <gsl/gsl_sf_gamma.h>

/* Below this log-magnitude a term is treated as if it might underflow, so we
 * never ask GSL for a result under ~1e-260 (GSL reports underflow through its
 * error handler, which aborts by default). */
#define LOG_UNDERFLOW_GUARD (-600.0)

void wfm_erlang_input_init(wfm_erlang_input *in)
{
    in->calls = 0;
    in->interval_s = 900;
    in->aht_s = 0;
    in->patience_s = 0;
    in->threshold_s = 20;
}

wfm_status wfm_erlang_input_check(const wfm_erlang_input *in, wfm_error *err)
{
    wfm_status st;
    if ((st = wfm_check_at_least(in->calls, 0, true, "calls", err)) ||
        (st = wfm_check_at_least(in->interval_s, 0, false, "interval_s", err)) ||
        (st = wfm_check_at_least(in->aht_s, 0, false, "aht_s", err)) ||
        (st = wfm_check_at_least(in->patience_s, 0, true, "patience_s", err)) ||
        (st = wfm_check_at_least(in->threshold_s, 0, true, "threshold_s", err)))
        return st;
    double load = in->calls * in->aht_s / in->interval_s;
    if (!(load <= WFM_ERLANG_MAX_LOAD))
        return wfm_error_set(err, WFM_EINVAL, "calls",
                             "offered load calls * aht_s / interval_s = %g Erlangs exceeds %g", load,
                             WFM_ERLANG_MAX_LOAD);
    return WFM_OK;
}

static wfm_status check_seats(int seats, const char *field, wfm_error *err)
{
    if (seats < 0 || seats > WFM_ERLANG_MAX_SEATS)
        return wfm_error_set(err, WFM_EINVAL, field, "%s must be in 0..%d (%d)", field,
                             WFM_ERLANG_MAX_SEATS, seats);
    return WFM_OK;
}

double wfm_erlang_b_up(double load, int k, double b_prev)
{
    return load * b_prev / (k + load * b_prev);
}

double wfm_erlang_b_down(double load, int k, double b)
{
    return k * b / (load * (1.0 - b));
}

/* B(0)=1, B(k)=aB(k-1)/(k+aB(k-1)), carried as its reciprocal
 * 1/B(k) = 1 + (k/a)(1/B(k-1)): one multiply-add a step instead of a
 * division, every term positive, so no cancellation. When B underflows the
 * reciprocal becomes +inf and B exactly 0, never NaN. */
static double erlang_b_from_zero(double load, int seats)
{
    double inv_load = 1.0 / load, inv_b = 1.0;
    for (int k = 1; k <= seats; k++)
        inv_b = 1.0 + k * inv_load * inv_b;
    return 1.0 / inv_b;
}

wfm_status wfm_erlang_b(double erlangs, int seats, double *blocking, wfm_error *err)
{
    wfm_status st = wfm_check_at_least(erlangs, 0, true, "erlangs", err);
    if (st || (st = check_seats(seats, "seats", err)))
        return st;
    *blocking = seats == 0 ? 1.0 : erlangs == 0 ? 0.0 : erlang_b_from_zero(erlangs, seats);
    return WFM_OK;
}

/* ln of Kummer's M(1; x+1; y) = sum_k y^k / ((x+1)(x+2)...(x+k)), which is
 * GMR's A(x,y) = x e^y y^-x gamma(x,y) = Gamma(x+1) e^y y^-x P(x,y) with P the
 * regularized lower incomplete gamma function (Garnett, Mandelbaum & Reiman
 * 2002, eq. for A; Mandelbaum & Zeltyn 2007, sec. 2). Computed in log space.
 * Where P would underflow (y well below x) the series itself converges
 * geometrically (ratio < y/x) and is summed directly. */
static double log_kummer(double x, double y)
{
    if (y <= 0)
        return 0.0;
    double log_d = x * log(y) - y - gsl_sf_lngamma(x + 1.0); /* ln y^x e^-y / G(x+1) */
    /* GSL picks series, continued fraction or uniform asymptotics itself;
     * ln P is accurate to ~1e-16 absolute in every regime, which is all the
     * probabilities need (Q would only help below 1e-16). */
    if (log_d > LOG_UNDERFLOW_GUARD)
        return log(gsl_sf_gamma_inc_P(x, y)) - log_d;
    if (y > x) /* Q(x,y) < e^-600: P is 1 to double precision */
        return -log_d;
    double sum = 1.0, term = 1.0;
    for (int k = 1; term > 1e-17 * sum; k++) {
        term *= y / (x + k);
        sum += term;
    }
    return log(sum);
}

static void set_ideal(wfm_erlang_metrics *out)
{
    out->p_wait = 0;
    out->service_level = 1;
    out->asa_s = 0;
    out->p_abandon = 0;
    out->answer_rate = 1;
    out->occupancy = 0;
}

static double clamp01(double v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* Erlang C: C = B / (1 - rho (1 - B)); P(W > t) = C e^{-(n - a) t / aht};
 * ASA = C aht / (n - a) over all calls (Cooper 1981, sec. 3.4). */
static void evaluate_c(const wfm_erlang_queue *q, int n, double b, wfm_erlang_metrics *out)
{
    double a = q->load;
    out->p_abandon = 0;
    out->answer_rate = 1;
    if (a >= n) {
        out->overloaded = true;
        out->p_wait = 1;
        out->service_level = 0;
        out->asa_s = INFINITY;
        out->occupancy = 1;
        return;
    }
    double c = b / (1.0 - a / n * (1.0 - b));
    out->p_wait = c;
    out->service_level = clamp01(1.0 - c * exp(-(n - a) * q->threshold_s / q->aht_s));
    out->asa_s = c * q->aht_s / (n - a);
    out->occupancy = a / n;
}

/* Among calls that wait, the share answered within t. The offered wait V of
 * a waiting call has density proportional to n mu exp(-n mu v + y(1-e^{-theta v}))
 * (sum over the queue seen on arrival, PASTA); it is answered within t when
 * V <= t and its patience outlasts V. Integrating with u = y e^{-theta v}:
 *   x/(x+1) * A(x+1,y)/A(x,y) * (1 - e^{-(x+1) theta t + y(1-e^{-theta t})}
 *                                      * A(x+1, y e^{-theta t}) / A(x+1, y)),
 * whose t -> inf limit is 1 - P(Ab | wait), as it must be. Derived in
 * docs/models.md from Mandelbaum & Zeltyn (2007), sec. 3. */
static double answered_within_given_wait(const wfm_erlang_queue *q, double x, double y,
                                         double answered_given_wait)
{
    double theta_t = q->threshold_s / q->patience_s;
    double u = exp(-theta_t);
    double log_tail = -(x + 1) * theta_t + y * -expm1(-theta_t) + log_kummer(x + 1, y * u) -
                      log_kummer(x + 1, y);
    return answered_given_wait * -expm1(log_tail);
}

/* Erlang A (GMR 2002): with x = n mu/theta, y = lambda/theta, E = B(n, a):
 *   P(W>0) = A E / (1 + (A - 1) E)
 *   P(Ab)  = P(W>0) (1 - (1/rho)(1 - 1/A)),  rho = a/n
 *   E[W]   = P(Ab) / theta   (Little's law on the abandoning queue). */
static void evaluate_a(const wfm_erlang_queue *q, int n, double b, wfm_erlang_metrics *out)
{
    double a = q->load;
    if (n == 0) {
        out->p_wait = 1;
        out->p_abandon = 1;
        out->answer_rate = 0;
        out->service_level = 0;
        out->asa_s = q->patience_s;
        out->occupancy = 0;
        return;
    }
    double x = n * q->patience_per_aht, y = a * q->patience_per_aht;
    double log_a = log_kummer(x, y);
    /* P(W>0) = 1 / (1 + (1-E)/(A E)), with A E formed in log space. */
    double p_wait = b > 0 ? 1.0 / (1.0 + exp(log1p(-b) - log_a - log(b))) : 0.0;
    /* with nobody waiting, skip the ratio (n/a can overflow for a tiny load) */
    double answered_given_wait = p_wait > 0 ? clamp01(n / a * -expm1(-log_a)) : 1.0;
    double p_abandon = p_wait * (1.0 - answered_given_wait);
    out->p_wait = p_wait;
    out->p_abandon = p_abandon;
    out->answer_rate = 1.0 - p_abandon;
    out->asa_s = p_abandon * q->patience_s;
    out->occupancy = clamp01(a * (1.0 - p_abandon) / n);
    out->service_level = NAN;
    if (q->want_service_level)
        out->service_level = clamp01(
            1.0 - p_wait + p_wait * answered_within_given_wait(q, x, y, answered_given_wait));
}

void wfm_erlang_queue_from(const wfm_erlang_input *in, wfm_erlang_queue *q)
{
    q->model = in->patience_s > 0 ? WFM_ERLANG_MODEL_A : WFM_ERLANG_MODEL_C;
    q->load = in->calls * in->aht_s / in->interval_s;
    q->patience_per_aht = in->patience_s / in->aht_s;
    q->aht_s = in->aht_s;
    q->patience_s = in->patience_s;
    q->threshold_s = in->threshold_s;
    q->want_service_level = true;
}

void wfm_erlang_evaluate(const wfm_erlang_queue *q, int agents, double b,
                         wfm_erlang_metrics *out)
{
    out->agents = agents;
    out->model = q->model;
    out->overloaded = false;
    out->load_erlangs = q->load;
    if (q->load == 0)
        set_ideal(out);
    else if (q->model == WFM_ERLANG_MODEL_C)
        evaluate_c(q, agents, b, out);
    else
        evaluate_a(q, agents, b, out);
}

wfm_status wfm_erlang_metrics_at(const wfm_erlang_input *in, int agents,
                                 wfm_erlang_metrics *out, wfm_error *err)
{
    wfm_status st = wfm_erlang_input_check(in, err);
    if (st || (st = check_seats(agents, "agents", err)))
        return st;
    wfm_erlang_queue q;
    wfm_erlang_queue_from(in, &q);
    double b;
    wfm_erlang_b(q.load, agents, &b, NULL);
    wfm_erlang_evaluate(&q, agents, b, out);
    return WFM_OK;
}
