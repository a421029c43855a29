// The chat list: read once with ListChats when the connection is ready (and again after a resync),
// then kept by the connection's chat.added / chat.updated / chat.removed frames (connection.js), so
// the page never polls. An entry with a greater last_seq replaces an older one.
'use strict';

const chatList = new Map();

async function refreshChats() {
  if (!state.userId) return;
  const { chats } = await call('ListChats', { user_id: state.userId, limit: 50 });
  chatList.clear();
  for (const chat of chats) chatList.set(chat.id, chat);
  renderChats();
}

function listChanged(frame) {
  if (frame.type === 'chat.removed') {
    chatList.delete(frame.chat_id);
  } else if (frame.chat) {
    const known = chatList.get(frame.chat.id);
    if (!known || (frame.chat.last_seq || 0) >= (known.last_seq || 0)) chatList.set(frame.chat.id, frame.chat);
  }
  renderChats();
}

const lastActivity = (chat) => (chat.last_message ? chat.last_message.sent_at : chat.created_at) || '';

function renderChats() {
  const chats = [...chatList.values()].sort((a, b) => (lastActivity(a) < lastActivity(b) ? 1 : lastActivity(a) > lastActivity(b) ? -1 : 0));
  $('chat-list').replaceChildren(...chats.map((chat) => {
    const item = document.createElement('li');
    item.dataset.chatId = chat.id;
    const name = document.createElement('span');
    name.textContent = chatTitle(chat);
    item.append(name);
    const open = state.chat && state.chat.id === chat.id;
    if (chat.unread_count > 0 && !open) {
      const badge = document.createElement('span');
      badge.className = 'unread';
      badge.title = 'unread messages';
      badge.textContent = chat.unread_count > 99 ? '99+' : String(chat.unread_count);
      item.append(badge);
    }
    const last = document.createElement('small');
    last.textContent = chat.last_message
      ? (chat.last_message.deleted_at ? 'message deleted' : chat.last_message.author_id + ': ' + (chat.last_message.text || 'sent a file'))
      : 'no messages yet';
    item.append(last);
    if (open) {
      item.setAttribute('aria-current', 'true');
      if (chat.others_read_at) seenUpTo(chat.others_read_at);
    }
    item.addEventListener('click', () => openChat(chat).catch(report));
    return item;
  }));
}
