// A TypeScript client generated from the gateway's /openapi/v1.json (openapi-typescript types, the
// openapi-fetch client), as an app developer would make one: it must compile under `strict` with only
// the fields the API requires, and make every call, errors included. CHATS_HTTP_URL, CHATS_SERVER_KEY.
import createClient from 'openapi-fetch';
import type { paths } from './chats.js';

const baseUrl = process.env.CHATS_HTTP_URL!;
const server = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${process.env.CHATS_SERVER_KEY}` } });
const run = Date.now();
const [alice, bob] = [`alice-${run}`, `bob-${run}`];

function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`typed client: ${what}`);
}

const issued = await server.POST('/v1/chats/CreateUserToken', { body: { user_id: alice } });
check(issued.data?.token && issued.data.expires_at, 'CreateUserToken answers a token and its expiry');
const user = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${issued.data.token}` } });

const created = await user.POST('/v1/chats/CreateChat', { body: { user_ids: [alice, bob] } });
check(created.data, 'CreateChat');
const chatId = created.data.chat.id;
const posted = await user.POST('/v1/chats/CreateMessage', { body: { chat_id: chatId, text: 'typed hello' } });
check(posted.data?.message.author_id === alice, 'CreateMessage without id or author_id posts as the user');
const page = await user.POST('/v1/chats/ListMessages', { body: { chat_id: chatId } });
check(page.data?.messages.length === 1 && page.data.messages[0].sent_at === posted.data.message.sent_at, 'ListMessages without limit or sent_before');
const older = await user.POST('/v1/chats/ListMessages', { body: { chat_id: chatId, sent_before: posted.data.message.sent_at, limit: 10 } });
check(older.data?.messages.length === 0, 'ListMessages with sent_before and limit');
const chats = await user.POST('/v1/chats/ListChats', { body: {} });
check(chats.data?.chats[0]?.id === chatId, 'ListChats without user_id lists the user\'s chats');
const revoked = await server.POST('/v1/chats/RevokeUserTokens', { body: { user_id: `nobody-${run}` } });
check(revoked.data?.revoked_before, 'RevokeUserTokens');

const mismatch = await user.POST('/v1/chats/CreateMessage', { body: { chat_id: chatId, author_id: bob, text: 'as bob' } });
check(mismatch.response.status === 403 && mismatch.error?.id === 'AUTHOR_MISMATCH', 'a typed 403 AUTHOR_MISMATCH');
const missing = await user.POST('/v1/chats/ListMessages', { body: { chat_id: 'no-such-chat' } });
check(missing.response.status === 404 && missing.error?.id === 'NOT_FOUND', 'a typed 404 NOT_FOUND');
const forbidden = await user.POST('/v1/chats/CreateUserToken', { body: { user_id: bob } });
check(forbidden.response.status === 403 && forbidden.error?.id === 'SERVER_KEY_REQUIRED', 'a typed 403 SERVER_KEY_REQUIRED');
console.log('typed client: every call and its errors, from the generated types');
