-- CreateMessage (100 characters of text) on a random chat of CHATS_FILE ("chat_id author_id" a line).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local chats = {}
for line in io.lines(os.getenv("CHATS_FILE")) do
  local id, author = line:match("^(%S+)%s+(%S+)")
  if id then chats[#chats + 1] = { id = id, author = author } end
end
local text = string.rep("x", 100)
request = function()
  local chat = chats[math.random(#chats)]
  return wrk.format(nil, "/v1/chats/CreateMessage", nil,
    '{"chat_id":"' .. chat.id .. '","author_id":"' .. chat.author .. '","text":"' .. text .. '"}')
end
