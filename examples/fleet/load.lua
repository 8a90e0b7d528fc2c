-- wrk load for rolling-deploy.sh: GETs of seeded documents mixed with PUTs of new ones.
--
-- Environment:
--   FLEET_DB         database (default fleet)
--   FLEET_AUTH       Authorization header value for writes ("Basic ...")
--   FLEET_SEED_DOCS  seeded documents seed-00000.. to read (default 200)
--   FLEET_WRITE_PCT  percentage of requests that are PUTs of new documents (default 30)
--   FLEET_RUN        run id, part of every new document id so runs never collide
--   FLEET_OUT        directory for per-thread files: acked-<t>.txt gets the id of every PUT
--                    answered 201 (the writes the fleet acknowledged), failed-<t>.txt one line
--                    per answer that was not 2xx
--   FLEET_PACE_MS    pause before each request on a connection (default 0: as fast as it goes)
--
-- done() prints one line "FLEET-LOAD key=value ..." that rolling-deploy.sh parses.

local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  db = os.getenv("FLEET_DB") or "fleet"
  auth = os.getenv("FLEET_AUTH") or ""
  seeds = tonumber(os.getenv("FLEET_SEED_DOCS") or "200")
  write_pct = tonumber(os.getenv("FLEET_WRITE_PCT") or "30")
  run = os.getenv("FLEET_RUN") or tostring(os.time())
  pace = tonumber(os.getenv("FLEET_PACE_MS") or "0")
  local out = os.getenv("FLEET_OUT") or "."
  acked_file = assert(io.open(out .. "/acked-" .. tid .. ".txt", "w"))
  acked_file:setvbuf("line")
  failed_file = assert(io.open(out .. "/failed-" .. tid .. ".txt", "w"))
  failed_file:setvbuf("line")
  math.randomseed(os.time() * 1000 + tid)
  n, gets, puts, acked, failed = 0, 0, 0, 0, 0
  put_headers = {
    ["Authorization"] = auth,
    ["Content-Type"] = "application/json",
  }
end

function request()
  n = n + 1
  if math.random(100) <= write_pct then
    puts = puts + 1
    local id = string.format("w-%s-%d-%d", run, tid, n)
    local body = string.format('{"thread":%d,"n":%d,"run":"%s"}', tid, n, run)
    return wrk.format("PUT", "/db/" .. db .. "/" .. id, put_headers, body)
  end
  gets = gets + 1
  return wrk.format("GET", string.format("/db/%s/seed-%05d", db, math.random(seeds) - 1))
end

-- Only defined when asked for: wrk routes every request through a timer once delay() exists.
if tonumber(os.getenv("FLEET_PACE_MS") or "0") > 0 then
  function delay()
    return pace
  end
end

function response(status, headers, body)
  if status == 201 then
    local id = body:match('"id":"([^"]+)"')
    if id then
      acked = acked + 1
      acked_file:write(id, "\n")
    end
  elseif status < 200 or status > 299 then
    failed = failed + 1
    failed_file:write(status, " ", headers["X-Symmetric-Node"] or "-", " ",
      (body or ""):sub(1, 200):gsub("\n", " "), "\n")
  end
end

function done(summary, latency, requests)
  local gets_sent, puts_sent, acked_total, non2xx = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    gets_sent = gets_sent + t:get("gets")
    puts_sent = puts_sent + t:get("puts")
    acked_total = acked_total + t:get("acked")
    non2xx = non2xx + t:get("failed")
  end
  local e = summary.errors
  io.write(string.format(
    "FLEET-LOAD requests=%d seconds=%.1f gets_sent=%d puts_sent=%d puts_acked=%d non2xx=%d" ..
    " connect=%d read=%d write=%d timeout=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f\n",
    summary.requests, summary.duration / 1e6, gets_sent, puts_sent, acked_total, non2xx,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
