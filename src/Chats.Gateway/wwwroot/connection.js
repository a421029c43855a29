// The page's one live connection (Connect over Server-Sent Events): every event of every chat the
// user is in, the chat list's changes and typing. EventSource reconnects by itself and sends the
// last frame's cursor as Last-Event-ID, so the gateway sends exactly what was missed, then "ready";
// a connection opened again (after the gateway was gone, say) sends the cursor itself.
'use strict';

let connection = null;
let lastCursor = null;
const typingNow = new Map();
let typingSentAt = 0;

function connect() {
  disconnect();
  const query = new URLSearchParams({ user_id: state.userId });
  if (lastCursor) query.set('cursor', lastCursor);
  // EventSource cannot send headers: the gateway takes the credential as access_token on its GETs.
  if (credential()) query.set('access_token', credential());
  const source = new EventSource(api + 'Connect?' + query);
  // A connection resumed with a cursor replays the list's changes too: only a fresh one reads the list.
  let listed = Boolean(lastCursor);
  const on = (type, handler) => source.addEventListener(type, (event) => {
    if (connection !== source) return;
    const frame = JSON.parse(event.data);
    lastCursor = frame.cursor;
    handler(frame);
  });
  on('ready', () => {
    if (listed) return;
    listed = true;
    refreshChats().catch(report);
  });
  on('resync', () => {
    // What was missed is gone: list again, and read the open chat again.
    refreshChats().catch(report);
    if (state.chat) openChat(state.chat).catch(report);
  });
  on('event', (frame) => chatEvent(frame.event));
  for (const type of ['chat.added', 'chat.updated', 'chat.removed']) on(type, listChanged);
  for (const type of ['typing.start', 'typing.stop']) on(type, (frame) => typingChanged(frame.typing));
  source.addEventListener('error', (event) => {
    if (connection !== source) return;
    const error = event.data ? JSON.parse(event.data) : null;
    if (error && error.id === 'TOKEN_EXPIRED') {
      source.close();
      return report(Object.assign(new Error(error.detail), { id: error.id }));
    }
    // EventSource gives up on a refused connection without saying why: the same URL fetched says (its
    // refusal is an ordinary JSON error; an expired token stops here); anything else is tried again.
    if (source.readyState !== EventSource.CLOSED) return;
    const again = () => setTimeout(() => connection === source && connect(), 3000);
    whyRefused(source.url).then((refused) => {
      if (refused) report(refused);
      if (!refused || (refused.id !== 'TOKEN_EXPIRED' && refused.id !== 'UNAUTHORIZED')) again();
    });
  });
  connection = source;
}

// The error a refused Connect URL answers with, or null when it opens now (the probe is closed at once).
async function whyRefused(url) {
  const abort = new AbortController();
  try {
    const response = await fetch(url, { headers: { Accept: 'text/event-stream' }, signal: abort.signal });
    if (response.ok) return null;
    const reply = await response.json().catch(() => ({}));
    return Object.assign(new Error(reply.detail || response.statusText), { id: reply.id });
  } catch {
    return null;
  } finally {
    abort.abort();
  }
}

function disconnect() {
  if (connection) connection.close();
  connection = null;
}

// "bob is typing…" under the open chat: until typing.stop, their next message, or 7 s without a start.
function typingChanged(typing) {
  clearTimeout(typingNow.get(typing.user_id));
  typingNow.delete(typing.user_id);
  if (typing.type === 'typing.start' && state.chat && state.chat.id === typing.chat_id) {
    typingNow.set(typing.user_id, setTimeout(() => typingChanged({ ...typing, type: 'typing.stop' }), 7000));
  }
  const who = [...typingNow.keys()];
  $('typing').textContent = who.length === 0 ? '' : who.join(' and ') + (who.length === 1 ? ' is typing…' : ' are typing…');
}

function clearTyping() {
  for (const timer of typingNow.values()) clearTimeout(timer);
  typingNow.clear();
  $('typing').textContent = '';
}

// Typing is said at most every 2.5 s while the user types (the service forgets it after 6 s).
function sendTyping() {
  if (!state.chat) return;
  const typing = $('message-text').value.length > 0;
  const now = Date.now();
  if (typing && now - typingSentAt < 2500) return;
  typingSentAt = typing ? now : 0;
  call('SendTyping', { chat_id: state.chat.id, user_id: state.userId, typing }).catch(() => {});
}
