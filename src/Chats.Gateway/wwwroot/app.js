// The Chats web page: plain JavaScript on the public HTTP API (/v1/chats/...), with the chat's events
// (messages, edits, deletions, reactions, read markers) live over Server-Sent Events. It shows unread
// counts, marks a chat read when it is shown, edits and deletes your messages, reacts, replies with a
// quote, and shows "Seen" under your last message another member has read; groups are in groups.js. No build step. Signed in with a user token (pasted, or from the link
// /#token=… that scripts/new-user-token.sh prints), it needs no key and acts as that user only; on an
// open service a user id is enough. /#chat=ID opens a chat by its id.
'use strict';

const api = '/v1/chats/';
const pageSize = 20;
const state = {
  userId: null, apiKey: '', token: '', chat: null, oldest: null, newest: null, messages: new Map(), events: null,
  othersReadAt: null, readUpTo: null, replyTo: null, editing: null, members: null,
};
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

async function refreshChats() {
  if (!state.userId) return;
  const { chats } = await call('ListChats', { user_id: state.userId, limit: 50 });
  const list = $('chat-list');
  list.replaceChildren(...chats.map((chat) => {
    const item = document.createElement('li');
    item.dataset.chatId = chat.id;
    const name = document.createElement('span');
    name.textContent = chatTitle(chat);
    item.append(name);
    if (chat.unread_count > 0 && !(state.chat && state.chat.id === chat.id)) {
      const badge = document.createElement('span');
      badge.className = 'unread';
      badge.title = 'unread messages';
      badge.textContent = chat.unread_count > 99 ? '99+' : String(chat.unread_count);
      item.append(badge);
    }
    const last = document.createElement('small');
    last.textContent = chat.last_message
      ? (chat.last_message.deleted_at ? 'message deleted' : chat.last_message.author_id + ': ' + chat.last_message.text)
      : 'no messages yet';
    item.append(last);
    if (state.chat && state.chat.id === chat.id) {
      item.setAttribute('aria-current', 'true');
      if (chat.others_read_at) seenUpTo(chat.others_read_at);
    }
    item.addEventListener('click', () => openChat(chat).catch(report));
    return item;
  }));
}

const reactionChoices = ['👍', '❤️', '😂', '🎉'];

function button(label, className, onClick) {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = className;
  element.textContent = label;
  element.addEventListener('click', () => onClick().catch(report));
  return element;
}

function render(message) {
  const item = document.createElement('li');
  item.dataset.messageId = message.id;
  item.dataset.sentAt = message.sent_at;
  const mine = message.author_id === state.userId;
  if (mine) item.classList.add('mine');
  if (message.deleted_at) item.classList.add('deleted');
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.textContent = message.author_id + ' · ' + new Date(message.sent_at).toLocaleTimeString() + (message.edited_at && !message.deleted_at ? ' · edited' : '');
  item.append(meta);
  if (message.reply_to_id) {
    const quoted = state.messages.get(message.reply_to_id);
    const quote = document.createElement('blockquote');
    quote.className = 'quote';
    quote.textContent = quoted ? quoted.author_id + ': ' + (quoted.deleted_at ? 'message deleted' : quoted.text) : 'an earlier message';
    item.append(quote);
  }
  const text = document.createElement('div');
  text.className = 'text';
  text.textContent = message.deleted_at ? 'message deleted' : message.text;
  item.append(text);
  if (message.deleted_at) return item;

  const reactions = document.createElement('div');
  reactions.className = 'reactions';
  const counts = message.reaction_counts || {};
  const own = new Set(message.own_reactions || []);
  for (const type of [...new Set([...reactionChoices, ...Object.keys(counts)])]) {
    const reacted = own.has(type);
    const label = type + (counts[type] ? ' ' + counts[type] : '');
    const react = button(label, 'reaction' + (reacted ? ' own' : ''), () => toggleReaction(message, type, reacted));
    react.setAttribute('aria-pressed', String(reacted));
    reactions.append(react);
  }
  const actions = document.createElement('div');
  actions.className = 'actions';
  actions.append(button('Reply', 'reply', async () => startReply(message)));
  if (mine) {
    actions.append(button('Edit', 'edit', async () => startEdit(message)));
    actions.append(button('Delete', 'delete', async () => {
      const { message: tombstone } = await call('DeleteMessage', { chat_id: state.chat.id, id: message.id, author_id: state.userId });
      upsert(tombstone);
    }));
  }
  item.append(reactions, actions);
  return item;
}

async function toggleReaction(message, type, reacted) {
  const body = { chat_id: state.chat.id, message_id: message.id, user_id: state.userId, type };
  await call(reacted ? 'RemoveReaction' : 'AddReaction', body);
  // The event stream brings the new counts; the page's own state changes at once.
  const current = state.messages.get(message.id);
  const own = new Set(current.own_reactions || []);
  const counts = { ...(current.reaction_counts || {}) };
  if (reacted && own.delete(type)) counts[type] = Math.max(0, (counts[type] || 1) - 1);
  if (!reacted && !own.has(type)) { own.add(type); counts[type] = (counts[type] || 0) + 1; }
  if (counts[type] === 0) delete counts[type];
  upsert({ ...current, own_reactions: [...own], reaction_counts: counts });
}

function startReply(message) {
  state.replyTo = message;
  state.editing = null;
  $('composer-note').hidden = false;
  $('composer-note-text').textContent = 'Replying to ' + message.author_id + ': ' + message.text;
  $('send').textContent = 'Send';
  $('message-text').focus();
}

function startEdit(message) {
  state.editing = message;
  state.replyTo = null;
  $('composer-note').hidden = false;
  $('composer-note-text').textContent = 'Editing your message';
  $('message-text').value = message.text;
  $('send').textContent = 'Save';
  $('message-text').focus();
}

function endComposerNote() {
  state.replyTo = null;
  state.editing = null;
  $('composer-note').hidden = true;
  $('send').textContent = 'Send';
}

// Adds or replaces messages (any order); each is shown once, in sent_at order, as it now is. A
// snapshot from an event has no own_reactions: the page keeps those it knows.
function upsert(...messages) {
  const list = $('messages');
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
  for (const message of messages) {
    const known = state.messages.get(message.id);
    const merged = known && !('own_reactions' in message) ? { ...message, own_reactions: known.own_reactions } : message;
    if (merged.deleted_at) merged.own_reactions = [];
    state.messages.set(message.id, merged);
    const item = render(merged);
    const existing = list.querySelector(`li[data-message-id="${CSS.escape(message.id)}"]`);
    if (existing) {
      existing.replaceWith(item);
    } else {
      const later = [...list.children].find((other) => other.dataset.sentAt > message.sent_at);
      list.insertBefore(item, later || null);
    }
    if (!state.oldest || message.sent_at < state.oldest) state.oldest = message.sent_at;
    if (!state.newest || message.sent_at > state.newest) state.newest = message.sent_at;
    if (message.author_id !== state.userId) seenUpTo(message.sent_at);
  }
  markSeen();
  if (atBottom) list.scrollTop = list.scrollHeight;
}

// "Seen" goes under the newest of my messages that another member has read.
function seenUpTo(readAt) {
  if (!state.othersReadAt || readAt > state.othersReadAt) state.othersReadAt = readAt;
  markSeen();
}

function markSeen() {
  const list = $('messages');
  list.querySelectorAll('.seen').forEach((label) => label.remove());
  if (!state.othersReadAt) return;
  const mine = [...list.children].filter((item) => item.classList.contains('mine') && !item.classList.contains('deleted') && item.dataset.sentAt <= state.othersReadAt);
  if (mine.length === 0) return;
  const label = document.createElement('div');
  label.className = 'seen';
  label.textContent = 'Seen';
  mine[mine.length - 1].append(label);
}

// Marks the chat read up to the newest message shown, while the page is visible.
async function markRead() {
  if (!state.chat || !state.newest || document.visibilityState !== 'visible') return;
  if (state.readUpTo && state.readUpTo >= state.newest) return;
  const upTo = state.newest;
  state.readUpTo = upTo;
  await call('MarkRead', { chat_id: state.chat.id, user_id: state.userId, sent_at: upTo });
  await refreshChats();
}

async function openChat(chat) {
  if (state.events) state.events.close();
  Object.assign(state, { chat, oldest: null, newest: null, messages: new Map(), othersReadAt: chat.others_read_at || null, readUpTo: null });
  endComposerNote();
  $('chat').hidden = false;
  $('messages').replaceChildren();
  // A chat opened from a link knows only its id: its name and kind come from GetChat.
  if (!('created_at' in chat)) Object.assign(chat, (await call('GetChat', { chat_id: chat.id, user_id: state.userId })).chat);
  $('chat-title').textContent = chatTitle(chat);
  // Where the event stream starts: the chat's newest seq before the page is read, so the stream
  // replays whatever changes after it (nothing is missed; a change seen twice is applied twice, harmlessly).
  const { last_seq: lastSeq } = await call('ListEvents', { chat_id: chat.id, user_id: state.userId, after_seq: chat.last_seq || 0, limit: 1 });
  const { messages } = await call('ListMessages', { chat_id: chat.id, user_id: state.userId, limit: pageSize });
  upsert(...messages);
  $('load-older').disabled = messages.length < pageSize;
  follow(chat, lastSeq);
  await showMembers(chat);
  await markRead();
  await refreshChats();
}

// Every change of the chat, live, as events: new, edited and deleted messages, reactions and read
// markers. EventSource reconnects by itself and resumes after the last event it received (its
// Last-Event-ID is the event's seq).
function follow(chat, afterSeq) {
  const query = new URLSearchParams({ chat_id: chat.id, user_id: state.userId, events: 'true', after_seq: String(afterSeq) });
  // EventSource cannot send headers: the gateway takes the credential as access_token on Stream only.
  if (credential()) query.set('access_token', credential());
  const events = new EventSource(api + 'Stream?' + query);
  const apply = (handler) => (event) => {
    if (state.chat !== chat) return;
    handler(JSON.parse(event.data).event);
  };
  const changed = apply((change) => {
    upsert(change.message);
    if (change.type === 'message.new' && change.message.author_id !== state.userId) markRead().catch(report);
    if (change.type === 'message.new' || change.type === 'message.deleted') refreshChats().catch(report);
  });
  for (const type of ['message.new', 'message.updated', 'message.deleted']) events.addEventListener(type, changed);
  for (const type of ['reaction.new', 'reaction.deleted']) {
    events.addEventListener(type, apply((change) => {
      if (change.reaction.user_id === state.userId) {
        const own = new Set((state.messages.get(change.message.id) || {}).own_reactions || []);
        if (type === 'reaction.new') own.add(change.reaction.type); else own.delete(change.reaction.type);
        upsert({ ...change.message, own_reactions: [...own] });
      } else {
        upsert(change.message);
      }
    }));
  }
  events.addEventListener('message.read', apply((change) => {
    if (change.read.user_id !== state.userId) seenUpTo(change.read.last_read_at);
  }));
  for (const type of ['member.added', 'member.removed', 'member.updated', 'chat.updated']) {
    events.addEventListener(type, apply((change) => memberChanged(change).catch(report)));
  }
  events.addEventListener('error', (event) => {
    if (!event.data) return;
    const error = JSON.parse(event.data);
    if (error.id === 'TOKEN_EXPIRED' || error.id === 'NOT_A_MEMBER') events.close();
    if (error.id === 'NOT_A_MEMBER') return removedFromChat(chat).catch(report);
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
  hideMembers();
  $('new-chat-form').hidden = false;
  $('new-group-form').hidden = false;
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
    if (state.editing) {
      const { message } = await call('UpdateMessage', { chat_id: state.chat.id, id: state.editing.id, author_id: state.userId, text });
      upsert(message);
    } else {
      // A client id makes a retried send harmless: the service stores it once.
      const id = crypto.randomUUID();
      const reply = state.replyTo ? { reply_to_id: state.replyTo.id } : {};
      const { message } = await call('CreateMessage', { id, chat_id: state.chat.id, author_id: state.userId, text, ...reply });
      upsert(message);
    }
    input.value = '';
    endComposerNote();
    report();
  } catch (error) {
    report(error);
  }
});

$('load-older').addEventListener('click', async () => {
  if (!state.chat || !state.oldest) return;
  try {
    const { messages } = await call('ListMessages', { chat_id: state.chat.id, user_id: state.userId, sent_before: state.oldest, limit: pageSize });
    upsert(...messages);
    $('load-older').disabled = messages.length < pageSize;
  } catch (error) {
    report(error);
  }
});

$('cancel-note').addEventListener('click', () => {
  if (state.editing) $('message-text').value = '';
  endComposerNote();
});

// Coming back to the page marks what it shows as read.
document.addEventListener('visibilitychange', () => markRead().catch(report));

setUpGroups();
openFromLink().catch(report);
window.addEventListener('hashchange', () => openFromLink().catch(report));

// Chats started by others appear without a reload.
setInterval(() => refreshChats().catch(report), 5000);
