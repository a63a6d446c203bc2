-- wrk: each request takes the next address from the file in BENCH_URLS (one a line), each
-- thread starting at a different place; a Cookie header (BENCH_COOKIE) signs in a role.
-- Reports one machine-readable line: requests, p50 ms, p95 ms, duration us, errors (non-2xx/3xx,
-- connect, read, timeout).
local paths = {}
local counter = 1
local cookie = os.getenv("BENCH_COOKIE") or ""
for line in io.lines(os.getenv("BENCH_URLS")) do
  paths[#paths + 1] = line
end

local thread_number = 0
function setup(thread)
  thread_number = thread_number + 1
  thread:set("start", thread_number * 7919)
end

function init(args)
  counter = (start or 1) % #paths + 1
end

request = function()
  local path = paths[counter]
  counter = counter % #paths + 1
  local headers = {}
  if cookie ~= "" then headers["Cookie"] = cookie end
  return wrk.format("GET", path, headers)
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %.2f %.2f %d %d\n", summary.requests,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.duration,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
