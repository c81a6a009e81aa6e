-- Mixed traffic for bench_load.py (wrk): in every ten requests, two catalogue pages, two
-- association pages, three API lists, two expert searches as a leader (token) and one
-- public registration. Each request comes "from" its own client address in
-- X-Forwarded-For, which the trusted proxy passes on, as many visitors behind nginx would.
-- Any answer other than 2xx/3xx is counted as an error (none is expected: the event has
-- no capacity limit and the per-address registration limit is never reached).

local slugs = {}
for slug in string.gmatch(os.getenv("LOAD_SLUGS") or "", "[^,]+") do
  table.insert(slugs, slug)
end
local token = os.getenv("LOAD_TOKEN") or ""
local event = os.getenv("LOAD_EVENT") or "1"
local run = os.getenv("LOAD_RUN") or "0"

local function encode(text)
  return (string.gsub(text, "[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local queries = {}
for _, q in ipairs({"юрист", "врач", "инженер", "экономист", "учитель", "программист"}) do
  table.insert(queries, encode(q))
end

local threads = {}
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  errors = 0
  by_status = {}
  math.randomseed(id * 7919)
end

local function address()
  return string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
end

function request()
  counter = counter + 1
  local slot = counter % 10
  local headers = {["X-Forwarded-For"] = address(), ["Accept-Language"] = "ru"}
  if slot == 0 or slot == 5 then
    return wrk.format("GET", "/associations/", headers)
  elseif slot == 1 or slot == 6 then
    return wrk.format("GET", "/associations/" .. slugs[math.random(#slugs)] .. "/", headers)
  elseif slot == 2 then
    return wrk.format("GET", "/api/v1/associations?limit=20", headers)
  elseif slot == 3 then
    return wrk.format("GET", "/api/v1/events?limit=20", headers)
  elseif slot == 7 then
    return wrk.format("GET", "/api/v1/associations?limit=20&offset=20", headers)
  elseif slot == 4 or slot == 8 then
    headers["Authorization"] = "Bearer " .. token
    local q = queries[math.random(#queries)]
    return wrk.format("GET", "/api/v1/people?limit=20&q=" .. q, headers)
  else
    headers["Content-Type"] = "application/json"
    local body = string.format(
      '{"name": "Участник нагрузки %d-%d", "email": "load-%s-%d-%d@example.org", "consent": true}',
      id, counter, run, id, counter)
    return wrk.format("POST", "/api/v1/events/" .. event .. "/registrations", headers, body)
  end
end

function response(status, headers, body)
  by_status[status] = (by_status[status] or 0) + 1
  if status >= 400 then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  local errors_total = 0
  local statuses = {}
  for _, thread in ipairs(threads) do
    errors_total = errors_total + thread:get("errors")
    for status, count in pairs(thread:get("by_status")) do
      statuses[tostring(status)] = (statuses[tostring(status)] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(statuses) do
    table.insert(parts, string.format('"%s": %d', status, count))
  end
  local socket = summary.errors
  io.write(string.format(
    'LOAD_RESULT {"requests": %d, "seconds": %.3f, "p50_ms": %.1f, "p95_ms": %.1f, ' ..
    '"p99_ms": %.1f, "max_ms": %.1f, "http_errors": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "timeout": %d, "status": {%s}}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, errors_total,
    socket.connect, socket.read, socket.write, socket.timeout, table.concat(parts, ", ")))
end
