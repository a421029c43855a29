// The open chat's messages on the page: each rendered with its quote, reactions and actions, kept
// in sent_at order as snapshots arrive (upsert), and "Seen" under the newest of mine another member read.
'use strict';

const reactionChoices = ['👍', '❤️', '😂', '🎉'];

function button(label, className, onClick) {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = className;
  element.textContent = label;
  element.addEventListener('click', () => onClick().catch(report));
  return element;
}

// Images inline, other files as links; each read goes through the gateway, which checks membership
// now and redirects to a short-lived storage URL (the credential rides in the query, as on Stream).
function attachmentUrl(message, attachment) {
  const query = new URLSearchParams({ chat_id: state.chat.id, id: attachment.id, user_id: state.userId });
  if (credential()) query.set('access_token', credential());
  return api + 'Attachment?' + query;
}

function renderAttachments(message) {
  const list = document.createElement('div');
  list.className = 'attachments';
  for (const attachment of message.attachments) {
    if (attachment.width) {
      const image = document.createElement('img');
      image.src = attachmentUrl(message, attachment);
      image.alt = attachment.file_name;
      image.width = Math.min(attachment.width, 256);
      list.append(image);
    } else {
      const link = document.createElement('a');
      link.href = attachmentUrl(message, attachment);
      link.textContent = attachment.file_name + ' (' + Math.ceil(attachment.size / 1024) + ' KB)';
      list.append(link);
    }
  }
  return list;
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
  if (message.attachments) item.append(renderAttachments(message));

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
