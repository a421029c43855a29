// The published m3o Node client (@m3o/m3o-node) against a running Chats: call() for the JSON routes
// and stream() for the WebSocket Stream, exactly as an app using m3o would. Exits non-zero on failure.
'use strict';
const assert = require('node:assert/strict');
const { Client } = require('@m3o/m3o-node');

const client = new Client({ address: process.env.CHATS_HTTP_URL + '/', token: 'unused-without-keys' });
const run = Date.now();
const alice = `alice-${run}`;
const bob = `bob-${run}`;

function collect(stream, count, timeoutMs) {
  return new Promise((resolve, reject) => {
    const received = [];
    const timer = setTimeout(() => reject(new Error(`timed out with ${received.length} of ${count} frames`)), timeoutMs);
    stream.onMessage((frame) => {
      received.push(frame);
      if (received.length === count) {
        clearTimeout(timer);
        resolve(received);
      }
    });
    stream.onError(reject);
  });
}

(async () => {
  const { chat } = await client.call('chats', 'CreateChat', { user_ids: [alice, bob] });

  // sent_after = the chat's creation: messages posted before the subscription is live are replayed.
  const stream = await client.stream('chats', 'Stream', { chat_id: chat.id, user_id: alice, sent_after: chat.created_at });
  const frames = collect(stream, 5, 20000);
  const sent = [];
  for (let i = 0; i < 5; i++) {
    const { message } = await client.call('chats', 'CreateMessage', { chat_id: chat.id, author_id: i % 2 ? bob : alice, text: `message ${i}` });
    sent.push(message);
  }
  const received = (await frames).map((frame) => frame.message);
  assert.deepEqual(received, sent, 'the stream delivers each message once, in order, as CreateMessage returned it');
  stream.conn.close();
  console.log(`m3o-node: streamed ${received.length} messages in order`);

  // A non-member is refused: one error frame in the micro shape, then the server closes.
  const refused = await client.stream('chats', 'Stream', { chat_id: chat.id, user_id: `mallory-${run}` });
  const closed = new Promise((resolve) => refused.onClose(resolve));
  const [error] = await collect(refused, 1, 10000);
  assert.equal(error.id, 'NOT_A_MEMBER');
  assert.equal(error.code, 403);
  await closed;
  console.log('m3o-node: a non-member stream is refused with NOT_A_MEMBER');

  const { chats } = await client.call('chats', 'ListChats', { user_id: bob });
  assert.equal(chats[0].id, chat.id);
  assert.equal(chats[0].last_message_at, sent[sent.length - 1].sent_at);
  console.log('m3o-node: ListChats shows the chat with its last message time');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
