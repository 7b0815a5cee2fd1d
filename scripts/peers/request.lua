-- The wrk script of scripts/peers/compare.sh: POSTs one GraphQL document to /graphql with
-- variables drawn at random, with a fixed seed, from a list of entity ids or search words
-- (written at run time from the nodes CSV), so every server gets the same requests in the same
-- order. compare.sh writes a small script per server and request kind that sets `document`
-- (the JSON-quoted document), `inputs` (one of "id", "pair", "first", "word"), `list` (the file
-- of ids or words) and `seed`, then runs this file with dofile.
--
-- Every answer other than 200, and every answer with GraphQL errors, is counted; `done` prints
-- the two counts, which compare.sh requires to be 0.

local items = {}
if list then
  for line in io.lines(list) do
    items[#items + 1] = line
  end
end
math.randomseed(seed)

local function pick()
  return items[math.random(#items)]
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  local variables
  if inputs == "id" then
    variables = '{"id":"' .. pick() .. '"}'
  elseif inputs == "pair" then
    variables = '{"a":"' .. pick() .. '","b":"' .. pick() .. '"}'
  elseif inputs == "first" then
    variables = '{"first":10}'
  else
    variables = '{"q":"' .. pick() .. '"}'
  end
  return wrk.format(nil, nil, nil, '{"query":' .. document .. ',"variables":' .. variables .. '}')
end

not_ok = 0
graphql_errors = 0

response = function(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  elseif body:find('"errors"', 1, true) then
    graphql_errors = graphql_errors + 1
  end
end

local threads = {}

setup = function(thread)
  threads[#threads + 1] = thread
end

done = function(summary, latency, requests)
  local bad, failed = 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("not_ok")
    failed = failed + thread:get("graphql_errors")
  end
  io.write(string.format("not-200: %d\ngraphql-errors: %d\n", bad, failed))
end
