-- GET (wrk's default request) plus the result line.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
