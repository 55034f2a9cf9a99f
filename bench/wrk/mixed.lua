-- mixed.lua - the mixed load of bench/scale, for wrk: reads of several pages and writes, in turn.
--
--   wrk -s bench/wrk/mixed.lua URL -- TOKENS METRO SECTOR
--
-- TOKENS is the file `glocal bench-data --tokens` wrote; METRO and SECTOR the slugs of its
-- busiest metro and sector. Out of every 20 requests:
--    6  GET /chapters/{c}                           a chapter's page (HTML), anonymous
--    3  GET /api/v1/chapters/{c}                    the same in JSON, anonymous
--    3  GET /api/v1/chapters/{c}/meetings           the chapter's meetings with the token holder's answers
--    2  GET /chapters?place={metro}&sector={sector} the directory, anonymous
--    2  GET /about                                  a fixed page, anonymous
--    4  POST /api/v1/chapters/{c}/meetings/{m}/rsvp an RSVP (yes, no, maybe in turn): a write, 20 %
-- {c} and {m} go round the tokens' chapters and upcoming meetings, each token's own.
-- At the end it prints one line as glocal.lua does: RESULT rps=... p50=... p99=... max=... (µs) ...,
-- then how many answers had each status of 400 or more: CODES 409=2 503=1 (or CODES none).

local tokens = {}
local metro, sector
local counter, thread_no = 0, 0
local answers = { "yes", "no", "maybe" }
local threads = {}
codes = {}   -- status (400 or more) -> answers with it, in this thread (read by done() through thread:get)
local kinds = { "page", "json", "meetings", "page", "rsvp", "directory", "page", "json", "about", "rsvp",
                "page", "meetings", "page", "json", "rsvp", "directory", "page", "meetings", "about", "rsvp" }

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  metro, sector = args[2], args[3]
  thread_no = thread_id or 0
  for line in io.lines(args[1]) do
    if line:sub(1, 1) ~= "#" then
      local f = {}
      for v in line:gmatch("[^\t]+") do table.insert(f, v) end
      if #f >= 6 then table.insert(tokens, { token = f[1], chapter = f[3], meeting = f[4] }) end
    end
  end
  counter = thread_no * 7919
end

function request()
  counter = counter + 1
  local t = tokens[counter % #tokens + 1]
  local kind = kinds[counter % #kinds + 1]
  if kind == "page" then return wrk.format("GET", "/chapters/" .. t.chapter) end
  if kind == "json" then return wrk.format("GET", "/api/v1/chapters/" .. t.chapter) end
  if kind == "directory" then return wrk.format("GET", "/chapters?place=" .. metro .. "&sector=" .. sector) end
  if kind == "about" then return wrk.format("GET", "/about") end
  local headers = { ["Authorization"] = "Bearer " .. t.token }
  if kind == "meetings" then return wrk.format("GET", "/api/v1/chapters/" .. t.chapter .. "/meetings", headers) end
  headers["Content-Type"] = "application/json"
  local body = '{"answer":"' .. answers[math.floor(counter / #kinds) % 3 + 1] .. '"}'
  return wrk.format("POST", "/api/v1/chapters/" .. t.chapter .. "/meetings/" .. t.meeting .. "/rsvp", headers, body)
end

function response(status, headers, body)
  if status >= 400 then codes[status] = (codes[status] or 0) + 1 end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50=%d p99=%d max=%d mean=%.0f requests=%d bytes=%.0f errors=%d status=%d timeout=%d connect=%d read=%d write=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99), latency.max, latency.mean,
    summary.requests, summary.requests > 0 and summary.bytes / summary.requests or 0, e.connect + e.read + e.write + e.status + e.timeout, e.status, e.timeout, e.connect, e.read, e.write))
  local all, list = {}, {}
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("codes") or {}) do all[status] = (all[status] or 0) + n end
  end
  for status, n in pairs(all) do table.insert(list, status .. "=" .. n) end
  table.sort(list)
  io.write("CODES " .. (#list > 0 and table.concat(list, " ") or "none") .. "\n")
end
