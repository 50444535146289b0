-- Shared by the wrk scripts whose every request differs (varied_*.lua): reporting like
-- report.lua, a random seed per wrk thread, and percent-encoding.
dofile("tests/load/report.lua")

init = function(args)
  -- Each wrk thread has its own Lua state: seed each differently.
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

-- Percent-encoded, as a browser sends it (wrk refuses raw "ü" in a request line).
function encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
