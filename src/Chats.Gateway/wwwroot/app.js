// The Chats web page: plain JavaScript on the public HTTP API (/v1/chats/...), with live messages
// over Server-Sent Events. No build step. Signed in with a user token (pasted, or from the link
// /#token=… that scripts/new-user-token.sh prints), it needs no key and acts as that user only; on an
// open service a user id is enough. /#chat=ID opens a chat by its id.
'use strict';

const api = '/v1/chats/';
const pageSize = 20;
const state = { userId: null, apiKey: '', token: '', chat: null, oldest: null, newest: null, shown: new Set(), events: null };
const $ = (id) => document.getElementById(id);

async function call(method, body) {
  const response = await fetch(api + method, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(credential() ? { Authorization: 'Bearer ' + credential() } : {}) },
    body: JSON.stringify(body),
  });
  const reply = await response.json();
  if (!response.ok) {
    throw Object.assign(new Error(reply.detail || response.statusText), { id: reply.id });
  }
  return reply;
}

function credential() {
  return state.token || state.apiKey;
}

function report(error) {
  if (error && error.id === 'TOKEN_EXPIRED') {
    // The only error on which a new token helps: the app signs the user in again.
    $('status').textContent = 'Your sign-in has expired: sign in again.';
    $('signed-in').hidden = true;
    return;
  }
  $('status').textContent = error ? String(error.message || error) : '';
}

// The user a token names, for display and as this page's user; the gateway validates the token itself.
function tokenUser(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload + '='.repeat((4 - payload.length % 4) % 4)));
    return claims.user_id || claims.sub || null;
  } catch {
    return null;
  }
}

function others(chat) {
  return chat.user_ids.filter((id) => id !== state.userId).join(', ');
}

async function refreshChats() {
  if (!state.userId) return;
  const { chats } = await call('ListChats', { user_id: state.userId, limit: 50 });
  const list = $('chat-list');
  list.replaceChildren(...chats.map((chat) => {
    const item = document.createElement('li');
    item.dataset.chatId = chat.id;
    item.textContent = others(chat);
    const when = document.createElement('small');
    when.textContent = chat.last_message_at ? 'last message ' + new Date(chat.last_message_at).toLocaleString() : 'no messages yet';
    item.append(when);
    if (state.chat && state.chat.id === chat.id) item.setAttribute('aria-current', 'true');
    item.addEventListener('click', () => openChat(chat).catch(report));
    return item;
  }));
}

function render(message) {
  const item = document.createElement('li');
  item.dataset.messageId = message.id;
  item.dataset.sentAt = message.sent_at;
  if (message.author_id === state.userId) item.classList.add('mine');
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.textContent = message.author_id + ' · ' + new Date(message.sent_at).toLocaleTimeString();
  const text = document.createElement('div');
  text.className = 'text';
  text.textContent = message.text;
  item.append(meta, text);
  return item;
}

// Adds messages (any order) to the view; each message is shown once, in sent_at order.
function show(messages) {
  const list = $('messages');
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
  for (const message of messages) {
    if (state.shown.has(message.id)) continue;
    state.shown.add(message.id);
    const later = [...list.children].find((item) => item.dataset.sentAt > message.sent_at);
    const item = render(message);
    list.insertBefore(item, later || null);
    if (!state.oldest || message.sent_at < state.oldest) state.oldest = message.sent_at;
    if (!state.newest || message.sent_at > state.newest) state.newest = message.sent_at;
  }
  if (atBottom) list.scrollTop = list.scrollHeight;
}

async function openChat(chat) {
  if (state.events) state.events.close();
  Object.assign(state, { chat, oldest: null, newest: null, shown: new Set() });
  $('chat').hidden = false;
  $('chat-title').textContent = 'Chat with ' + others(chat);
  $('messages').replaceChildren();
  const { messages } = await call('ListMessages', { chat_id: chat.id, limit: pageSize });
  show(messages);
  $('load-older').disabled = messages.length < pageSize;
  follow(chat);
  await refreshChats();
}

// Live messages: replay from the newest one shown, so nothing sent meanwhile is missed. EventSource
// reconnects by itself and resumes after the last event it received (Last-Event-ID).
function follow(chat) {
  const query = new URLSearchParams({ chat_id: chat.id, user_id: state.userId });
  if (state.newest) query.set('sent_after', state.newest);
  // EventSource cannot send headers: the gateway takes the credential as access_token on Stream only.
  if (credential()) query.set('access_token', credential());
  const events = new EventSource(api + 'Stream?' + query);
  events.onmessage = (event) => {
    if (state.chat !== chat) return;
    show([JSON.parse(event.data).message]);
    refreshChats().catch(report);
  };
  events.addEventListener('error', (event) => {
    if (!event.data) return;
    const error = JSON.parse(event.data);
    if (error.id === 'TOKEN_EXPIRED') events.close();
    report(Object.assign(new Error(error.detail), { id: error.id }));
  });
  state.events = events;
}

function signIn(userId, token, apiKey) {
  Object.assign(state, { userId, token, apiKey });
  $('signed-in').hidden = !token;
  $('signed-in').textContent = token ? 'Signed in as ' + userId : '';
  if (state.events) state.events.close();
  state.chat = null;
  $('chat').hidden = true;
  $('new-chat-form').hidden = false;
  $('chats-heading').hidden = false;
  report();
  refreshChats().catch(report);
}

$('user-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const token = $('token').value.trim();
  const userId = token ? tokenUser(token) : $('user-id').value.trim();
  if (!userId) {
    report(new Error(token ? 'That token names no user' : 'Enter your user id'));
    return;
  }
  signIn(userId, token, token ? '' : $('api-key').value.trim());
});

// A link from the app: /#token=… signs in, /#chat=… opens that chat.
async function openFromLink() {
  const link = new URLSearchParams(location.hash.slice(1));
  const token = link.get('token');
  if (token) {
    const userId = tokenUser(token);
    if (!userId) return report(new Error('That token names no user'));
    $('token').value = token;
    $('user-id').required = false;
    signIn(userId, token, '');
  }
  const chatId = link.get('chat');
  if (chatId && state.userId) {
    try {
      await openChat({ id: chatId, user_ids: [state.userId] });
    } catch (error) {
      state.chat = null;
      $('chat').hidden = true;
      report(error);
    }
  }
}

$('new-chat-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const members = $('new-chat-members').value.split(',').map((id) => id.trim()).filter(Boolean);
    const { chat } = await call('CreateChat', { user_ids: [state.userId, ...members] });
    $('new-chat-members').value = '';
    await openChat(chat);
    report();
  } catch (error) {
    report(error);
  }
});

$('message-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('message-text');
  const text = input.value;
  if (!text || !state.chat) return;
  try {
    // A client id makes a retried send harmless: the service stores it once.
    const id = crypto.randomUUID();
    const { message } = await call('CreateMessage', { id, chat_id: state.chat.id, author_id: state.userId, text });
    input.value = '';
    show([message]);
    report();
  } catch (error) {
    report(error);
  }
});

$('load-older').addEventListener('click', async () => {
  if (!state.chat || !state.oldest) return;
  try {
    const { messages } = await call('ListMessages', { chat_id: state.chat.id, sent_before: state.oldest, limit: pageSize });
    show(messages);
    $('load-older').disabled = messages.length < pageSize;
  } catch (error) {
    report(error);
  }
});

openFromLink().catch(report);
window.addEventListener('hashchange', () => openFromLink().catch(report));

// Chats started by others appear without a reload.
setInterval(() => refreshChats().catch(report), 5000);
