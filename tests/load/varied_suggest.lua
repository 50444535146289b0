-- wrk script: every request asks for match suggestions as the new-post form does while
-- someone types (kind, category, municipality and title vary), so the suggestion cache
-- rarely answers: this measures the candidate queries and the ranking themselves.
-- Reports like report.lua (read by tests/load/bench.sh).
dofile("tests/load/varied.lua")

local titles = {
  "Fahrrad", "Kinderwagen", "Buggy", "Sofa", "Couch", "Esstisch", "Kleiderschrank",
  "Kühlschrank", "Waschmaschine", "Matratze", "Kinderbett", "Winterjacke", "Schuhe",
  "Spielzeug", "Geschirr", "Umzug", "Begleitung zum Amt", "Nachhilfe Mathe",
  "Sprachtandem", "Wohnung", "Bewerbung", "Mitfahrt", "Tisch und Stühle", "Jacke",
}
local categories = {
  "", "furniture", "clothing", "bicycles", "household", "baby-and-child", "goods",
  "authorities", "moving-help", "rides", "tutoring", "language-tandem", "flat-search",
}
local places = {
  "", "oranienburg", "hennigsdorf", "hohen-neuendorf", "velten", "zehdenick", "gransee",
  "fuerstenberg-havel", "kremmen", "liebenwalde", "birkenwerder",
}
local kinds = { "need", "offer" }


request = function()
  return wrk.format("GET", "/fn/matching/suggest?kind=" .. kinds[math.random(#kinds)]
    .. "&category=" .. categories[math.random(#categories)]
    .. "&municipality=" .. places[math.random(#places)]
    .. "&title=" .. encode(titles[math.random(#titles)]))
end
