-- ListMessages (default page) on a random chat of the file named by CHATS_FILE (one chat id a line).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local chats = {}
for line in io.lines(os.getenv("CHATS_FILE")) do
  local id = line:match("^(%S+)")
  if id then chats[#chats + 1] = id end
end
request = function()
  local id = chats[math.random(#chats)]
  return wrk.format(nil, "/v1/chats/ListMessages", nil, '{"chat_id":"' .. id .. '"}')
end
