-- wrk reports, one machine-readable line: requests, p50 ms, p95 ms, duration us, non-2xx/3xx.
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %.2f %.2f %d %d\n", summary.requests,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.duration,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
