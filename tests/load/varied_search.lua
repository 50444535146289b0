-- wrk script: every request is a different search (two words from the demo posts'
-- vocabulary, some misspelt, and a result page), so neither the rendered-page cache nor
-- the listing cache can answer it: this measures searching and rendering themselves.
-- Reports like report.lua (read by tests/load/bench.sh).
dofile("tests/load/report.lua")

local words = {
  "Fahrrad", "Fahrad", "Sofa", "Couch", "Kinderwagen", "Kinderwagn", "Buggy", "Esstisch",
  "Kleiderschrank", "Kühlschrank", "Waschmaschine", "Matratze", "Kinderbett", "Winterjacke",
  "Schuhe", "Spielzeug", "Geschirr", "Babykleidung", "Fahrradhelm", "Kindersitz",
  "Umzug", "Umzugshilfe", "Begleitung", "Termin", "Formulare", "Bewerbung", "Lebenslauf",
  "Nachhilfe", "Hausaufgabenhilfe", "Sprachtandem", "Dolmetschen", "Wohnungssuche",
  "Mitfahrt", "Möbel", "Tisch", "Stuhl", "Schrank", "Bett", "Jacke", "Hilfe",
}

init = function(args)
  -- Each wrk thread has its own Lua state: seed each differently.
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

-- Percent-encoded, as a browser sends it (wrk refuses raw "ü" in a request line).
local function encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

request = function()
  local a = encode(words[math.random(#words)])
  local b = encode(words[math.random(#words)])
  local page = math.random(3)
  return wrk.format("GET", "/search?q=" .. a .. "+" .. b .. "&page=" .. page)
end
