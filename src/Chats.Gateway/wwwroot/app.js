// The Chats web page: plain JavaScript on the public HTTP API (/v1/chats/...), live over one
// connection per user (connection.js: every chat's events, the chat list in chatlist.js, typing). It
// shows unread counts, marks a chat read when it is shown, edits and deletes your messages, reacts,
// replies with a quote, shows "Seen" under your last message another member has read and "bob is
// typing…"; attaches files (picked or pasted images: uploaded straight to storage, shown inline or as
// links); groups are in groups.js. No build step. Signed in with a user token (pasted, or from the
// link /#token=… that scripts/new-user-token.sh prints), it needs no key and acts as that user only;
// on an open service a user id is enough. /#chat=ID opens a chat by its id.
'use strict';

const api = '/v1/chats/';
const pageSize = 20;
const state = {
  userId: null, apiKey: '', token: '', chat: null, oldest: null, newest: null, messages: new Map(), seq: 0, loading: null,
  othersReadAt: null, readUpTo: null, replyTo: null, editing: null, members: null, files: [],
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

// Marks the chat read up to the newest message shown, while the page is visible.
async function markRead() {
  if (!state.chat || !state.newest || document.visibilityState !== 'visible') return;
  if (state.readUpTo && state.readUpTo >= state.newest) return;
  const upTo = state.newest;
  state.readUpTo = upTo;
  await call('MarkRead', { chat_id: state.chat.id, user_id: state.userId, sent_at: upTo });
}

async function openChat(chat) {
  Object.assign(state, { chat, oldest: null, newest: null, messages: new Map(), othersReadAt: chat.others_read_at || null, readUpTo: null, seq: 0, loading: [] });
  endComposerNote();
  clearTyping();
  $('chat').hidden = false;
  $('messages').replaceChildren();
  renderChats();
  // A chat opened from a link knows only its id: its name and kind come from GetChat.
  if (!('created_at' in chat)) Object.assign(chat, (await call('GetChat', { chat_id: chat.id, user_id: state.userId })).chat);
  $('chat-title').textContent = chatTitle(chat);
  // The chat's newest seq before the page is read: the connection's events after it are applied once
  // the page is read (those that arrive meanwhile wait), so nothing is missed or shown stale.
  const { last_seq: lastSeq } = await call('ListEvents', { chat_id: chat.id, user_id: state.userId, after_seq: chat.last_seq || 0, limit: 1 });
  const { messages } = await call('ListMessages', { chat_id: chat.id, user_id: state.userId, limit: pageSize });
  if (state.chat !== chat) return;
  upsert(...messages);
  $('load-older').disabled = messages.length < pageSize;
  const waiting = state.loading;
  Object.assign(state, { seq: lastSeq, loading: null });
  waiting.forEach(chatEvent);
  await showMembers(chat);
  await markRead();
}

// A change of the open chat, from the connection: new, edited and deleted messages, reactions, read
// markers, member changes. Each is applied once, in seq order.
function chatEvent(change) {
  if (!state.chat || change.chat_id !== state.chat.id) return;
  if (state.loading) return void state.loading.push(change);
  if (change.seq <= state.seq) return;
  state.seq = change.seq;
  switch (change.type) {
    case 'message.new': case 'message.updated': case 'message.deleted':
      upsert(change.message);
      if (change.type === 'message.new') typingChanged({ type: 'typing.stop', user_id: change.message.author_id, chat_id: change.chat_id });
      if (change.type === 'message.new' && change.message.author_id !== state.userId) markRead().catch(report);
      break;
    case 'reaction.new': case 'reaction.deleted':
      if (change.reaction.user_id === state.userId) {
        const own = new Set((state.messages.get(change.message.id) || {}).own_reactions || []);
        if (change.type === 'reaction.new') own.add(change.reaction.type); else own.delete(change.reaction.type);
        upsert({ ...change.message, own_reactions: [...own] });
      } else {
        upsert(change.message);
      }
      break;
    case 'message.read':
      if (change.read.user_id !== state.userId) seenUpTo(change.read.last_read_at);
      break;
    default:
      memberChanged(change).catch(report);
  }
}

function signIn(userId, token, apiKey) {
  Object.assign(state, { userId, token, apiKey });
  $('signed-in').hidden = !token;
  $('signed-in').textContent = token ? 'Signed in as ' + userId : '';
  state.chat = null;
  $('chat').hidden = true;
  hideMembers();
  $('new-chat-form').hidden = false;
  $('new-group-form').hidden = false;
  $('chats-heading').hidden = false;
  report();
  chatList.clear();
  renderChats();
  lastCursor = null;
  connect();
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
  if ((!text && (state.editing || !state.files.length)) || !state.chat) return;
  try {
    if (state.editing) {
      const { message } = await call('UpdateMessage', { chat_id: state.chat.id, id: state.editing.id, author_id: state.userId, text });
      upsert(message);
    } else {
      // A client id makes a retried send harmless: the service stores it once.
      const id = crypto.randomUUID();
      const reply = state.replyTo ? { reply_to_id: state.replyTo.id } : {};
      const attachments = await uploadFiles(state.files);
      const files = attachments.length ? { attachments } : {};
      const { message } = await call('CreateMessage', { id, chat_id: state.chat.id, author_id: state.userId, text, ...reply, ...files });
      upsert(message);
      setFiles([]);
      typingSentAt = 0;
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

$('message-text').addEventListener('input', sendTyping);

// Files to attach: picked, or images pasted into the message box.
function setFiles(files) {
  state.files = files;
  $('attached').textContent = files.map((file) => file.name).join(', ');
  $('attach-files').value = '';
}

$('attach-files').addEventListener('change', (event) => setFiles([...state.files, ...event.target.files]));
$('message-text').addEventListener('paste', (event) => {
  const images = [...(event.clipboardData?.files || [])].filter((file) => file.type.startsWith('image/'));
  if (images.length) {
    event.preventDefault();
    setFiles([...state.files, ...images]);
  }
});

// Each file goes straight to storage: CreateUpload gives a URL that creates one blob; the ids are attached.
async function uploadFiles(files) {
  const ids = [];
  for (const file of files) {
    const type = file.type || 'application/octet-stream';
    const { upload } = await call('CreateUpload', { chat_id: state.chat.id, user_id: state.userId, file_name: file.name || 'pasted.png', content_type: type, size: file.size });
    const put = await fetch(upload.url, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob', 'Content-Type': type }, body: file });
    if (!put.ok) throw new Error('Uploading ' + file.name + ' failed: ' + put.status);
    ids.push(upload.id);
  }
  return ids;
}

// Coming back to the page marks what it shows as read.
document.addEventListener('visibilitychange', () => markRead().catch(report));

setUpGroups();
openFromLink().catch(report);
window.addEventListener('hashchange', () => openFromLink().catch(report));
