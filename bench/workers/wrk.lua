-- The wrk script every HTTP round runs (bench/support/wrk.ts builds the command line).
-- Arguments after `--`, one `name=value` each:
--   key=API_KEY         the x-api-key header of every request
--   run=ID              makes the slugs of created repositories unique across rounds
--   amount=N            print WRK_AMOUNT_REACHED after N requests (wrk only knows durations)
--   get=PATH            a GET of PATH (repeatable)
--   pair=NAMESPACE      a create-then-delete step: POST a repository, DELETE it once created
--   patch=PATH          a PATCH of PATH changing the repository's description
-- The steps (get, pair, patch) are taken in turn, in the order given. done() prints one line,
-- `WRK_RESULT {json}`: totals, the latency distribution's percentiles (µs) and the CPU time
-- wrk itself used (clock ticks from /proc/self/stat; elsewhere `ps` of this process).

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local steps = {}
local pending = {}
local made, sent, amount, failed = 0, 0, nil, 0
local run, key = "0", "demo-api-key"

function init(args)
  local gets, needsResponse = {}, false
  for _, arg in ipairs(args) do
    local name, value = arg:match("^(%w+)=(.*)$")
    if name == "key" then key = value end
    if name == "run" then run = value end
    if name == "amount" then amount = tonumber(value) end
  end
  local headers = { ["x-api-key"] = key }
  local json = { ["x-api-key"] = key, ["content-type"] = "application/json" }
  for _, arg in ipairs(args) do
    local name, value = arg:match("^(%w+)=(.*)$")
    if name == "get" then
      -- Prepared once: building a request per call is what makes a Lua client slow.
      table.insert(steps, { kind = "get", text = wrk.format("GET", value, headers) })
    elseif name == "pair" then
      needsResponse = true
      table.insert(steps, { kind = "pair", namespace = value, headers = headers, json = json })
    elseif name == "patch" then
      -- 256 descriptions in turn: every PATCH changes the record, none is a no-op.
      local texts = {}
      for i = 1, 256 do
        local body = string.format('{"description":"bench %s-%d-%d"}', run, id, i)
        texts[i] = wrk.format("PATCH", value, json, body)
      end
      table.insert(steps, { kind = "patch", texts = texts, next = 0 })
    end
  end
  -- Without a response() wrk skips handing headers and bodies to Lua: reads stay cheap.
  if not needsResponse then response = nil end
end

local turn = 0

function request()
  sent = sent + 1
  if amount and sent == amount then
    -- wrk's main thread sleeps for the whole duration: bench/support/wrk.ts reads this line and
    -- ends that sleep with SIGINT (a signal sent from here, through os.execute, is ignored).
    io.write("WRK_AMOUNT_REACHED\n")
    io.stdout:flush()
  end
  turn = turn % #steps + 1
  local step = steps[turn]
  if step.kind == "get" then return step.text end
  if step.kind == "patch" then
    step.next = step.next % #step.texts + 1
    return step.texts[step.next]
  end
  -- A pair: delete a repository this thread has seen created, else create one. A DELETE is only
  -- sent once its POST was answered, whichever connection carries it.
  local slug = table.remove(pending)
  if slug then
    return wrk.format("DELETE", "/v1/repos/" .. step.namespace .. "/" .. slug .. "/", step.headers)
  end
  made = made + 1
  local name = string.format("bench-pair-%s-%d-%d", run, id, made)
  local body = string.format('{"name":"%s","repository_type_str":"Private"}', name)
  return wrk.format("POST", "/v1/repos/" .. step.namespace .. "/", step.json, body)
end

function response(status, headers, body)
  if status >= 300 then failed = failed + 1 end
  if status == 201 then
    local slug = body:match('"slug":%s*"([^"]+)"')
    if slug then table.insert(pending, slug) end
  end
end

local function cpuTicks()
  local file = io.open("/proc/self/stat", "r")
  if file then
    local stat = file:read("*a")
    file:close()
    -- Fields after the command name (in parentheses): utime and stime are the 12th and 13th.
    local fields = {}
    for field in stat:sub(stat:find(")", 1, true) + 2):gmatch("%S+") do
      table.insert(fields, field)
    end
    return tonumber(fields[12]) + tonumber(fields[13]), "proc"
  end
  -- macOS and other systems without /proc: the shell's parent is this wrk.
  local ps = io.popen("ps -o time= -p $PPID")
  local text = ps:read("*a")
  ps:close()
  local minutes, seconds = text:match("(%d+):([%d.]+)")
  if not minutes then return -1, "none" end
  return math.floor((tonumber(minutes) * 60 + tonumber(seconds)) * 100 + 0.5), "ps"
end

function done(summary, latency, requests)
  local statusFailed = 0
  for _, thread in ipairs(threads) do statusFailed = statusFailed + (thread:get("failed") or 0) end
  local errors = summary.errors
  local ticks, source = cpuTicks()
  local p = {}
  for _, q in ipairs({ 50, 90, 99, 99.9 }) do
    table.insert(p, string.format('"%s":%d', tostring(q), latency:percentile(q)))
  end
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"durationUs":%d,"bytes":%d,"latencyUs":{"mean":%.1f,"max":%d,%s},' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"failed":%d,' ..
    '"cpuTicks":%d,"cpuSource":"%s"}\n',
    summary.requests, summary.duration, summary.bytes, latency.mean, latency.max,
    table.concat(p, ","), errors.connect, errors.read, errors.write, errors.status,
    errors.timeout, statusFailed, ticks, source))
end
