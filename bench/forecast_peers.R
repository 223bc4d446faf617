# Peer forecasts for bench/forecast.sh: R's forecast package (Hyndman) on the
# same rolling origins as `wfm forecast --backtest-report`: the newest origin
# one week before the end of the history, 8 origins a week apart, each
# forecasting 7 days (672 fifteen-minute intervals).
#
# Models: dshw (Taylor's double-seasonal Holt-Winters), tbats (De Livera et
# al. 2011) with periods 96 and 672, and ets on the seasonally adjusted
# series of an mstl decomposition (ets alone cannot hold a 96- or
# 672-interval season). As in our backtest, dshw and tbats fit their
# parameters once, at the oldest origin, and reuse them (model = ...) at the
# later ones; that also bounds their run time. Fits use the last
# R_WINDOW_WEEKS weeks (default 4) before each origin; mstl+ets uses 8.
#
# usage: Rscript bench/forecast_peers.R HISTORY.csv OUT.tsv
# OUT.tsv: queue, model, origins, wape, mase, fit_forecast_s (fit + forecast
# time at the oldest origin, where every model is fitted from scratch).
suppressPackageStartupMessages(library(forecast))

args <- commandArgs(trailingOnly = TRUE)
history <- read.csv(args[1], stringsAsFactors = FALSE)
window_weeks <- as.integer(Sys.getenv("R_WINDOW_WEEKS", "4"))
origins <- 8
horizon <- 7
per_day <- 96
week <- 7 * per_day

# Local calendar day from the timestamp's own wall clock (the offset is fixed).
history$day <- as.integer(as.Date(substr(history$interval_start, 1, 10)))
history <- history[order(history$queue, history$interval_start), ]

mase_scale <- function(y) {
  mean(abs(diff(y, lag = week)), na.rm = TRUE)
}

fit_model <- function(name, y, previous) {
  w <- tail(y, window_weeks * week)
  switch(name,
    naive = tail(y, week),
    # dshw is multiplicative only and refuses zeros (night intervals of
    # text channels have them): it forecasts y + 1, and 1 is taken off.
    dshw = {
      if (is.null(previous)) dshw(w + 1, per_day, week, h = week) else dshw(w + 1, per_day, week, h = week, model = previous)
    },
    tbats = {
      series <- msts(w, seasonal.periods = c(per_day, week))
      if (is.null(previous)) tbats(series, use.parallel = FALSE, use.box.cox = FALSE) else tbats(series, model = previous, use.parallel = FALSE)
    },
    ets = forecast(mstl(msts(tail(y, 8 * week), seasonal.periods = c(per_day, week))), method = "ets", h = week))
}

point_forecast <- function(name, fitted, n) {
  f <- switch(name,
    naive = rep(fitted, length.out = n),
    dshw = as.numeric(fitted$mean) - 1,
    tbats = as.numeric(forecast(fitted, h = n)$mean),
    ets = as.numeric(fitted$mean))
  pmax(rep(f, length.out = n), 0)
}

rows <- list()
for (q in unique(history$queue)) {
  h <- history[history$queue == q, ]
  last_day <- max(h$day)
  for (name in c("naive", "dshw", "tbats", "ets")) {
    abs_err <- 0; total <- 0; mase_sum <- 0; done <- 0; previous <- NULL; seconds <- NA
    for (k in (origins - 1):0) {
      origin <- last_day + 1 - horizon - 7 * k
      y <- h$offered[h$day < origin]
      actual <- h$offered[h$day >= origin & h$day < origin + horizon]
      started <- Sys.time()
      fitted <- tryCatch(fit_model(name, y, previous), error = function(e) {
        message(sprintf("%s %s origin %d: %s", q, name, origin, conditionMessage(e))); NULL })
      if (is.null(fitted)) next
      f <- point_forecast(name, fitted, length(actual))
      if (done == 0) seconds <- as.numeric(difftime(Sys.time(), started, units = "secs"))
      if (name %in% c("dshw", "tbats") && is.null(previous)) previous <- fitted
      abs_err <- abs_err + sum(abs(actual - f)); total <- total + sum(actual)
      mase_sum <- mase_sum + mean(abs(actual - f)) / mase_scale(y)
      done <- done + 1
    }
    rows[[length(rows) + 1]] <- data.frame(queue = q, model = name, origins = done,
      wape = abs_err / total, mase = mase_sum / done, fit_forecast_s = seconds)
    message(sprintf("%s %s: WAPE %.4f over %d origins", q, name, abs_err / total, done))
  }
}
write.table(do.call(rbind, rows), args[2], sep = "\t", quote = FALSE, row.names = FALSE)
