-- wrk script: every request is a different search (two words from the demo posts'
-- vocabulary, some misspelt, and a result page), so neither the rendered-page cache nor
-- the listing cache can answer it: this measures searching and rendering themselves.
-- Reports like report.lua (read by tests/load/bench.sh).
dofile("tests/load/varied.lua")

local words = {
  "Fahrrad", "Fahrad", "Sofa", "Couch", "Kinderwagen", "Kinderwagn", "Buggy", "Esstisch",
  "Kleiderschrank", "Kühlschrank", "Waschmaschine", "Matratze", "Kinderbett", "Winterjacke",
  "Schuhe", "Spielzeug", "Geschirr", "Babykleidung", "Fahrradhelm", "Kindersitz",
  "Umzug", "Umzugshilfe", "Begleitung", "Termin", "Formulare", "Bewerbung", "Lebenslauf",
  "Nachhilfe", "Hausaufgabenhilfe", "Sprachtandem", "Dolmetschen", "Wohnungssuche",
  "Mitfahrt", "Möbel", "Tisch", "Stuhl", "Schrank", "Bett", "Jacke", "Hilfe",
}


request = function()
  local a = encode(words[math.random(#words)])
  local b = encode(words[math.random(#words)])
  local page = math.random(3)
  return wrk.format("GET", "/search?q=" .. a .. "+" .. b .. "&page=" .. page)
end
