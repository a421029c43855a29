// Groups on the web page: create a named group, see its members and their roles, add and remove
// members (owner and admins), rename it, leave it; member changes arrive live as events, shown as
// notices in the conversation. A member who is removed sees it at once: the chat closes and leaves
// their list. Loaded before app.js; uses its call, state and report when called.
'use strict';

const roleRank = { member: 0, admin: 1, owner: 2 };

// A chat's title: a group's (or a named chat's) name, else the other members.
function chatTitle(chat) {
  if (chat.name) return chat.name;
  const others = chat.user_ids.filter((id) => id !== state.userId);
  return (chat.distinct === false ? 'Group with ' : '') + (others.join(', ') || 'only you');
}

function myRole() {
  return (state.members && state.members.get(state.userId)) || 'member';
}

// Who the page's user may remove: the owner anyone else, an admin plain members (a server key anyone).
function mayRemove(role) {
  const mine = myRole();
  return mine === 'owner' ? role !== 'owner' : mine === 'admin' && role === 'member';
}

async function showMembers(chat) {
  const panel = document.getElementById('members-panel');
  panel.hidden = false;
  const members = new Map();
  let after = null;
  do {
    const page = await call('ListMembers', { chat_id: chat.id, user_id: state.userId, limit: 100, ...(after ? { after } : {}) });
    page.members.forEach((member) => members.set(member.user_id, member.role));
    after = page.has_more ? page.members[page.members.length - 1].user_id : null;
  } while (after);
  if (state.chat !== chat) return;
  state.members = members;
  const group = chat.distinct === false;
  const manager = roleRank[myRole()] >= roleRank.admin;
  document.getElementById('member-count').textContent = String(members.size);
  document.getElementById('member-list').replaceChildren(...[...members].map(([userId, role]) => {
    const item = document.createElement('li');
    item.dataset.userId = userId;
    item.textContent = userId + (userId === state.userId ? ' (you)' : '');
    if (role !== 'member') {
      const badge = document.createElement('span');
      badge.className = 'role';
      badge.textContent = role;
      item.append(' ', badge);
    }
    if (group && userId !== state.userId && mayRemove(role)) {
      item.append(' ', button('Remove', 'remove-member', () => call('RemoveMembers', { chat_id: chat.id, user_ids: [userId] })));
    }
    if (group && myRole() === 'owner' && userId !== state.userId && role !== 'owner') {
      const next = role === 'admin' ? 'member' : 'admin';
      item.append(' ', button(next === 'admin' ? 'Make admin' : 'Make member', 'set-role', () => call('SetMemberRole', { chat_id: chat.id, user_id: userId, role: next })));
    }
    return item;
  }));
  document.getElementById('add-members-form').hidden = !(group && manager);
  document.getElementById('rename-form').hidden = group && !manager;
  document.getElementById('leave-chat').hidden = !group;
}

function hideMembers() {
  state.members = null;
  document.getElementById('members-panel').hidden = true;
}

// A member change or rename, live: a notice in the conversation, then the panel, title and list read again.
async function memberChanged(change) {
  const actor = change.user_id || 'the service';
  const users = change.members ? change.members.user_ids.join(', ') : '';
  const notice = {
    'member.added': `${actor} added ${users}`,
    'member.removed': change.user_id && users === change.user_id ? `${users} left` : `${actor} removed ${users}`,
    'member.updated': `${users} is now ${change.members && change.members.role}`,
    'chat.updated': `${actor} renamed the chat${change.chat && change.chat.name ? ' to ' + change.chat.name : ''}`,
  }[change.type];
  addNotice(notice, change.at);
  const chat = state.chat;
  // This user's own removal: the chat closes (the connection's chat.removed that follows drops it from the list).
  if (change.type === 'member.removed' && change.members.user_ids.includes(state.userId)) return removedFromChat(chat);
  let now;
  try {
    ({ chat: now } = await call('GetChat', { chat_id: chat.id, user_id: state.userId }));
  } catch (error) {
    if (state.chat !== chat) return; // closed meanwhile: its errors are no longer news
    throw error;
  }
  if (state.chat !== chat) return;
  state.chat = Object.assign(chat, now);
  document.getElementById('chat-title').textContent = chatTitle(chat);
  await showMembers(chat);
  await refreshChats();
}

function addNotice(text, at) {
  const list = document.getElementById('messages');
  const item = document.createElement('li');
  item.className = 'notice';
  item.dataset.sentAt = at;
  item.textContent = text;
  const later = [...list.children].find((other) => other.dataset.sentAt > at);
  list.insertBefore(item, later || null);
}

// This user was removed or left: the chat closes and leaves the list.
async function removedFromChat(chat) {
  if (state.chat !== chat) return;
  state.chat = null;
  hideMembers();
  document.getElementById('chat').hidden = true;
  await refreshChats();
  report(new Error('You are no longer a member of ' + chatTitle(chat)));
}

function setUpGroups() {
  document.getElementById('new-group-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const members = document.getElementById('new-group-members').value.split(',').map((id) => id.trim()).filter(Boolean);
      const name = document.getElementById('new-group-name').value.trim();
      const { chat } = await call('CreateChat', { user_ids: members, name, distinct: false, owner_id: state.userId });
      document.getElementById('new-group-members').value = '';
      document.getElementById('new-group-name').value = '';
      await openChat(chat);
      report();
    } catch (error) {
      report(error);
    }
  });
  document.getElementById('add-members-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const input = document.getElementById('add-members');
      const userIds = input.value.split(',').map((id) => id.trim()).filter(Boolean);
      if (userIds.length === 0 || !state.chat) return;
      await call('AddMembers', { chat_id: state.chat.id, user_ids: userIds });
      input.value = '';
      report();
    } catch (error) {
      report(error);
    }
  });
  document.getElementById('rename-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const input = document.getElementById('rename');
      if (!state.chat) return;
      await call('UpdateChat', { chat_id: state.chat.id, name: input.value.trim() });
      input.value = '';
      report();
    } catch (error) {
      report(error);
    }
  });
  document.getElementById('leave-chat').addEventListener('click', async () => {
    try {
      if (!state.chat) return;
      const chat = state.chat;
      await call('LeaveChat', { chat_id: chat.id, user_id: state.userId });
      await removedFromChat(chat);
    } catch (error) {
      report(error);
    }
  });
}
