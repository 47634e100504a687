-- GET at a paced rate: every connection waits BENCH_DELAY_MS (fractional: dithered to whole ms, wrk's resolution)
-- before each request, so C connections offer about C / (delay + latency) requests per second. wrk has no rate
-- limit (wrk2 is not packaged in Debian); bench/run.sh sets the delay for half of the untraced peak. Latency is timed
-- from the moment the request is written, so the pause is not counted.
local d = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
function delay()
  return math.floor(d + math.random())
end
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
