-- POST /api/activities with a valid crud, plus the result line.
wrk.method = "POST"
wrk.body = '{"message":"bench","ttl":"1-hour"}'
wrk.headers["Content-Type"] = "application/json"
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
