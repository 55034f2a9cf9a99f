-- glocal.lua - the requests of one benchmark endpoint, for wrk (see bench/run).
--
--   wrk -s bench/wrk/glocal.lua URL -- MODE TOKENS PATH [BODY]
--
-- MODE  get     the same anonymous GET of PATH every time (also for nginx)
--       gzip    the same, asking for gzip (Accept-Encoding: gzip, as browsers do)
--       token   a GET of PATH with each bench token in turn (Authorization: Bearer)
--       post    a POST of PATH with each token in turn, the JSON BODY
-- TOKENS is the file `glocal bench-data --tokens` wrote ("-" for none). In PATH
-- and BODY, {token} {user} {chapter} {meeting} {chapter_id} {member} are the
-- fields of the token's line, {answer} goes round yes, no, maybe, {n} is a
-- number unique to the request (for idempotency keys), {q} goes round the
-- search queries below (also in mode get), and {pair} goes round the 9,216
-- pairs of two topic words of the benchmark's commons ("pitch+hiring"; a word
-- with itself: that word alone): no search repeats within a run, so none is
-- answered from the answers the server keeps of recent searches.
--
-- At the end it prints one line: RESULT rps=... p50=... p99=... max=... (µs)
-- requests=... bytes=... (per answer, headers included) errors=... (errors: connect, read, write, timeouts and
-- answers with a status of 400 or more).

local mode, path, body
local tokens = {}
local counter, thread_no = 0, 0
local answers = { "yes", "no", "maybe" }
-- Searches of the commons of `glocal bench-data` (src/bench/commons.c): words
-- in tens of thousands of items (facilitation, pitch), in thousands (hiring,
-- mentoring), in hundreds (bakery, recycling), two words, and a word still
-- being typed (facil, retro: prefixes).
local queries = { "facilitation", "pitch+feedback", "hiring", "mentoring+founders", "bakery", "recycling", "facil",
                  "retro", "investors+pricing", "the+budget" }
-- The topics of `glocal bench-data`'s commons, for {pair}: one a line in the
-- file BENCH_TOPICS names (bench/run takes them from src/bench/commons.c).
local topics = {}
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  mode, path, body = args[1], args[3], args[4]
  thread_no = thread_id or 0
  if args[2] and args[2] ~= "-" then
    for line in io.lines(args[2]) do
      if line:sub(1, 1) ~= "#" then
        local f = {}
        for v in line:gmatch("[^\t]+") do table.insert(f, v) end
        if #f >= 6 then
          table.insert(tokens, { token = f[1], user = f[2], chapter = f[3], meeting = f[4], chapter_id = f[5], member = f[6] })
        end
      end
    end
  end
  local list = os.getenv("BENCH_TOPICS")
  if list and list ~= "" then
    for line in io.lines(list) do table.insert(topics, line) end
  end
  -- each thread starts elsewhere in the list, so that two threads do not write the same rows in step
  counter = thread_no * 7919
end

local function fill(s, t)
  return (s:gsub("{([%w_]+)}", function(k)
    if k == "answer" then return answers[counter % 3 + 1] end
    if k == "n" then return string.format("%d-%d-%d", thread_no, counter, os.time()) end
    if k == "q" then return queries[counter % #queries + 1] end
    if k == "pair" then
      if #topics == 0 then error("{pair} needs the topics: BENCH_TOPICS names no file") end
      local i = counter % (#topics * #topics)
      local a, b = topics[math.floor(i / #topics) + 1], topics[i % #topics + 1]
      return a == b and a or a .. "+" .. b
    end
    return t[k]
  end))
end

function request()
  counter = counter + 1
  if mode == "get" then return wrk.format("GET", path:find("{", 1, true) and fill(path, {}) or path) end
  if mode == "gzip" then return wrk.format("GET", path, { ["Accept-Encoding"] = "gzip" }) end
  local t = tokens[counter % #tokens + 1]
  local headers = { ["Authorization"] = "Bearer " .. t.token }
  if mode == "token" then return wrk.format("GET", fill(path, t), headers) end
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", fill(path, t), headers, fill(body, t))
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50=%d p99=%d max=%d mean=%.0f requests=%d bytes=%.0f errors=%d status=%d timeout=%d connect=%d read=%d write=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99), latency.max, latency.mean,
    summary.requests, summary.requests > 0 and summary.bytes / summary.requests or 0, e.connect + e.read + e.write + e.status + e.timeout, e.status, e.timeout, e.connect, e.read, e.write))
end
