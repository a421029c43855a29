-- CreateMessage (everyday words, 20 to 180 characters, as bench/Chats.Benchmarks/ChatText.cs) on a random chat of CHATS_FILE ("chat_id author_id" a line).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local chats = {}
for line in io.lines(os.getenv("CHATS_FILE")) do
  local id, author = line:match("^(%S+)%s+(%S+)")
  if id then chats[#chats + 1] = { id = id, author = author } end
end
local words = {}
for word in ("ok so I think we should meet at the station tomorrow morning before the train leaves can you bring the notes " ..
  "from last week thanks sounds good I'll be there around nine the coffee place next to it opens early anyway lol sorry " ..
  "running late again traffic is terrible today did you see the new project plan"):gmatch("%S+") do words[#words + 1] = word end
local texts = {}
math.randomseed(2026)
for i = 1, 256 do
  local length, text = math.random(20, 180), ""
  while #text < length do text = (#text == 0 and "" or text .. " ") .. words[math.random(#words)] end
  texts[i] = text:sub(1, length)
end
request = function()
  local chat = chats[math.random(#chats)]
  return wrk.format(nil, "/v1/chats/CreateMessage", nil,
    '{"chat_id":"' .. chat.id .. '","author_id":"' .. chat.author .. '","text":"' .. texts[math.random(#texts)] .. '"}')
end
