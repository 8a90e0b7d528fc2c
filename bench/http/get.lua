-- wrk script: GET of one existing document; the URL names it, e.g.
-- wrk -s get.lua http://127.0.0.1:5990/db/bench/doc-00000001
-- (a plain GET; the script only adds Accept like a CouchDB client.)
local headers = { ["Accept"] = "application/json" }

function request()
  return wrk.format("GET", wrk.path, headers)
end
