// The published m3o Node client with a user token (new Client({ token })), as an app's browser or
// mobile code would use it: every call and the WebSocket stream as the signed-in user, and the
// refusals of what that user may not do. Needs CHATS_HTTP_URL and CHATS_SERVER_KEY.
'use strict';
const assert = require('node:assert/strict');
const { Client } = require('@m3o/m3o-node');

const address = process.env.CHATS_HTTP_URL + '/';
const backend = new Client({ address, token: process.env.CHATS_SERVER_KEY });
const run = Date.now();
const alice = `alice-${run}`;
const bob = `bob-${run}`;

async function refused(promise, id) {
  await assert.rejects(promise, (error) => JSON.stringify(error).includes(id) || String(error.message || error).includes(id));
}

(async () => {
  // The app's backend signs alice in; her code gets only the token.
  const { token } = await backend.call('chats', 'CreateUserToken', { user_id: alice, expires_in: 600 });
  const asAlice = new Client({ address, token });

  const { chat } = await asAlice.call('chats', 'CreateChat', { user_ids: [alice, bob] });
  const stream = await asAlice.stream('chats', 'Stream', { chat_id: chat.id, sent_after: chat.created_at });
  const frames = new Promise((resolve, reject) => {
    const received = [];
    stream.onMessage((frame) => { received.push(frame); if (received.length === 2) resolve(received); });
    stream.onError(reject);
    setTimeout(() => reject(new Error('no frames')), 20000);
  });
  const first = await asAlice.call('chats', 'CreateMessage', { chat_id: chat.id, text: 'hi from alice' });
  assert.equal(first.message.author_id, alice);
  const second = await backend.call('chats', 'CreateMessage', { chat_id: chat.id, author_id: bob, text: 'hi from bob' });
  assert.deepEqual((await frames).map((frame) => frame.message.id), [first.message.id, second.message.id]);
  stream.conn.close();
  const { messages } = await asAlice.call('chats', 'ListMessages', { chat_id: chat.id });
  assert.equal(messages.length, 2);
  const { chats } = await asAlice.call('chats', 'ListChats', {});
  assert.equal(chats[0].id, chat.id);
  console.log('m3o-node with a user token: CreateChat, CreateMessage, Stream, ListMessages, ListChats as alice');

  await refused(asAlice.call('chats', 'CreateMessage', { chat_id: chat.id, author_id: bob, text: 'as bob' }), 'AUTHOR_MISMATCH');
  await refused(asAlice.call('chats', 'ListChats', { user_id: bob }), 'USER_MISMATCH');
  await refused(asAlice.call('chats', 'CreateUserToken', { user_id: bob }), 'SERVER_KEY_REQUIRED');
  console.log('m3o-node with a user token: acting as someone else is refused');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
