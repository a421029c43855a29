-- ListMessages (default page) on a random chat of the file named by CHATS_FILE: one chat a line, its id,
-- its first member, and optionally the credential to send as Authorization: Bearer.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local chats = {}
for line in io.lines(os.getenv("CHATS_FILE")) do
  local id, _, credential = line:match("^(%S+)%s+(%S+)%s*(%S*)")
  if id then chats[#chats + 1] = { id = id, credential = credential } end
end
request = function()
  local chat = chats[math.random(#chats)]
  local headers = nil
  if chat.credential ~= "" then headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. chat.credential } end
  return wrk.format(nil, "/v1/chats/ListMessages", headers, '{"chat_id":"' .. chat.id .. '"}')
end
