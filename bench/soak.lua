-- wrk script of bench/soak.sh: the mixed load of a center's working day.
-- Most requests poll the live seat plan (the wall dashboards, mostly
-- conditional: 304 while the plan is unchanged); 1 in 50 reads
-- a forecast, the calendar or the roster list; every few seconds one connection
-- posts actuals (the phone system), every SOAK_HISTORY_S it imports a day
-- of history, every SOAK_JOB_S it starts a roster job. Every request sends
-- the bearer token. Each thread paces its connections to its share of
-- SOAK_RATE requests/s (wrk itself sends as fast as it can). Responses are
-- counted by status; done() prints them and the rate.

local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } soak_timespec;
int clock_gettime(int clock, soak_timespec *ts);
]]
local ts = ffi.new("soak_timespec")
local function now_s()
   ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
   return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

local env = function(name, default) return os.getenv(name) or default end
local center = env("SOAK_CENTER", "jinan")
-- The admin token for posts, imports and jobs; a viewer token per wall
-- dashboard for the reads, so no token passes the server's per-token rate.
local admin = env("SOAK_TOKEN", "")
local viewers = {}
for t in env("SOAK_VIEWER_TOKENS", admin):gmatch("%S+") do table.insert(viewers, t) end
local actuals_every = tonumber(env("SOAK_ACTUALS_S", "5"))
local history_every = tonumber(env("SOAK_HISTORY_S", "60"))
local job_every = tonumber(env("SOAK_JOB_S", "60"))
local n_threads = tonumber(env("SOAK_THREADS", "2"))
-- Seconds between two requests of one thread.
local gap_s = n_threads / tonumber(env("SOAK_RATE", "1500"))

local function read(path)
   local f = assert(io.open(path, "rb"))
   local text = f:read("*a")
   f:close()
   return text
end

local function get(path, token, extra)
   local headers = {["Authorization"] = "Bearer " .. token}
   for k, v in pairs(extra or {}) do headers[k] = v end
   return wrk.format("GET", path, headers)
end

local function post(path, content_type, body)
   return wrk.format("POST", path, {["Authorization"] = "Bearer " .. admin,
                                    ["Content-Type"] = content_type}, body)
end

local threads = {}
local next_id = 0

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

local polls, periodic, due = {}, {}, {}
-- The dashboards' conditional polls (one a viewer token), remade when a
-- gzip'd plan comes with a new ETag (ending in -gz).
local conditional, etag, live_path = {}, nil, nil
counts = {}
n = 0

function init(args)
   local c = "/v1/centers/" .. center
   -- 200 requests a cycle: 196 live-plan polls, two forecasts, the
   -- calendar, the roster list. Of the polls, half are what a dashboard in
   -- a browser sends (gzip, If-None-Match with the last ETag: 304 while the
   -- plan is unchanged), a quarter fetch it gzip'd, a quarter plain. A
   -- forecast served from the server's cache still costs ~40 ms (it checks
   -- the history's version), a live poll well under 1 ms, so forecasts are
   -- kept to the share planners would ask for.
   live_path = c .. "/seatplan/live"
   local gzip = {["Accept-Encoding"] = "gzip"}
   for k, token in ipairs(viewers) do conditional[k] = get(live_path, token, gzip) end
   for i = 1, 196 do
      local k = i % #viewers + 1
      table.insert(polls, i % 2 == 0 and {dashboard = k}
                          or get(live_path, viewers[k], i % 4 == 1 and gzip or nil))
   end
   table.insert(polls, 50, get(c .. "/forecast?queue=phone", viewers[1]))
   table.insert(polls, 100, get(c .. "/calendar", viewers[2 % #viewers + 1]))
   table.insert(polls, 150, get(c .. "/forecast?queue=wechat&model=hw", viewers[3 % #viewers + 1]))
   table.insert(polls, get(c .. "/rosters?limit=5", viewers[4 % #viewers + 1]))
   periodic = {
      {every = actuals_every, req = post(c .. "/actuals", "application/json", read(env("SOAK_ACTUALS", "")))},
      {every = history_every, req = post(c .. "/history", "text/csv", read(env("SOAK_HISTORY", "")))},
      {every = job_every, req = post(c .. "/rosters", "application/json", read(env("SOAK_ROSTER", "")))},
   }
   -- Threads take turns: thread k's first periodic request comes k seconds in.
   local now = now_s()
   for i, p in ipairs(periodic) do due[i] = now + id + i end
   next_slot = now
end

-- The next free send slot of this thread, as a wait in milliseconds.
function delay()
   local now = now_s()
   local slot = math.max(next_slot, now)
   next_slot = slot + gap_s
   return math.floor((slot - now) * 1000)
end

function request()
   local now = now_s()
   for i, p in ipairs(periodic) do
      if now >= due[i] then
         -- each thread sends one every n_threads x every seconds, so
         -- together they send one every `every` seconds
         due[i] = now + n_threads * p.every
         return p.req
      end
   end
   n = n + 1
   local r = polls[(n % #polls) + 1]
   return type(r) == "table" and conditional[r.dashboard] or r
end

function response(status, headers, body)
   counts[status] = (counts[status] or 0) + 1
   local tag = headers["ETag"]
   if tag and tag ~= etag and tag:sub(-4) == '-gz"' then
      etag = tag
      for k, token in ipairs(viewers) do
         conditional[k] = get(live_path, token, {["Accept-Encoding"] = "gzip", ["If-None-Match"] = tag})
      end
   end
end

function done(summary, latency, requests)
   local total = {}
   for _, t in ipairs(threads) do
      for status, k in pairs(t:get("counts")) do total[status] = (total[status] or 0) + k end
   end
   local seconds = summary.duration / 1e6
   io.write(string.format("requests: %d in %.0f s = %.0f/s; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
                          summary.requests, seconds, summary.requests / seconds,
                          latency:percentile(50) / 1000, latency:percentile(99) / 1000,
                          latency.max / 1000))
   io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n",
                          summary.errors.connect, summary.errors.read, summary.errors.write,
                          summary.errors.timeout))
   local statuses = {}
   for status in pairs(total) do table.insert(statuses, status) end
   table.sort(statuses)
   for _, status in ipairs(statuses) do io.write(string.format("status %d: %d\n", status, total[status])) end
end
