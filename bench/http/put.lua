-- wrk script: each request PUTs a new document, ids unique per run and thread.
-- Usage: wrk -s put.lua http://127.0.0.1:5990/db/bench/   (the URL ends with the database)
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local prefix
local counter = 0
local headers = { ["Content-Type"] = "application/json" }

function init(args)
  prefix = string.format("put-%d-%d-", os.time(), tid or 0)
end

function request()
  counter = counter + 1
  local body = string.format('{"name":"bench","n":%d,"active":true}', counter)
  return wrk.format("PUT", wrk.path .. prefix .. counter, headers, body)
end
