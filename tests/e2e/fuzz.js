// Fuzzes a running gateway (CHATS_HTTP_URL) with random and mutated requests: valid requests with
// bytes flipped, cut or inserted, duplicate keys, deep nesting, oversized fields and bodies, invalid
// UTF-8, wrong types and numbers out of range, wrong methods and paths, and Stream and Connect queries. Every
// reply must be a valid result or a micro-shaped error, never a 5xx, and none may hang. Prints its
// counts; exits non-zero on any violation. With CHATS_SERVER_KEY set (a service with keys and a tenant
// signing secret), every request also carries a fuzzed credential: none, the key, a real user token,
// tokens mutated, truncated or re-assembled, garbage in Authorization, and access_token on any route.
'use strict';

const base = process.env.CHATS_HTTP_URL;
const total = Number(process.env.FUZZ_REQUESTS || 10000);
const concurrency = 16;
const hangAfterMs = 15000;
const routes = ['CreateChat', 'CreateMessage', 'ListMessages', 'ListChats', 'UpdateMessage', 'DeleteMessage', 'AddReaction',
  'RemoveReaction', 'MarkRead', 'ListEvents', 'GetChat', 'ListMembers', 'AddMembers', 'RemoveMembers', 'LeaveChat', 'UpdateChat',
  'SetMemberRole', 'SendTyping'];

let seed = Number(process.env.FUZZ_SEED || Date.now() % 1000000);
function random() {
  // mulberry32: a seeded generator, so a failing run can be repeated with FUZZ_SEED.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (items) => items[Math.floor(random() * items.length)];
const int = (n) => Math.floor(random() * n);

const chats = [];
// Messages the fuzz run created, so edits, deletions and reactions have real targets: {chat, id, author}.
const messages = [];
const serverKey = process.env.CHATS_SERVER_KEY;
const tokens = [];
const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const printable = (n) => Array.from({ length: n }, () => String.fromCharCode(32 + int(95))).join('');

// A credential for one request: [header value or undefined, access_token for the query or undefined].
function credential() {
  if (!serverKey) return [undefined, undefined];
  const token = pick(tokens);
  const parts = token.split('.');
  const mutated = () => {
    const kind = int(7);
    if (kind === 0) { const at = int(token.length); return token.slice(0, at) + pick([...b64]) + token.slice(at + 1); }
    if (kind === 1) return token.slice(0, int(token.length));
    if (kind === 2) return [parts[0], parts[1], ''].join('.');
    if (kind === 3) return [parts[1], parts[0], parts[2]].join('.');
    if (kind === 4) return `${parts[0]}.${Buffer.from(JSON.stringify({ user_id: 'x', exp: 9999999999, iss: 'chats:default', aud: 'chats' })).toString('base64url')}.${parts[2]}`;
    if (kind === 5) return 'e30.e30.' + Array.from({ length: int(60) }, () => pick([...b64])).join('');
    return token + '.' + token;
  };
  const roll = random();
  if (roll < 0.15) return [undefined, undefined];
  if (roll < 0.3) return [`Bearer ${serverKey}`, undefined];
  if (roll < 0.45) return [`Bearer ${token}`, undefined];
  if (roll < 0.75) return [`Bearer ${mutated()}`, undefined];
  if (roll < 0.85) return [pick(['Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', `bearer ${serverKey}`, `Bearer  ${token}`, printable(int(200)), `Bearer ${printable(int(3000))}`]), undefined];
  return [undefined, pick([token, mutated(), serverKey, printable(int(100))])];
}
const awkward = ['', 'alice', 'a\u0000b', '\u0007', 'tab\tnew\nline', '\ud83d\ude00', 'x'.repeat(300), 'y'.repeat(5000),
  '2026-11-24T08:40:12.1234567Z', 'yesterday', '0001-01-01T00:00:00Z', '/#?%', '\u202e', '12'];
const numbers = [0, -1, 25, 2147483647, 2147483648, -2147483649, 1e300, 1.5, 'NaN'];

function validBody(route) {
  const chat = pick(chats);
  switch (route) {
    case 'CreateChat': return { user_ids: [pick(chat.user_ids), `u${int(50)}`] };
    case 'CreateMessage': return { chat_id: chat.id, author_id: pick(chat.user_ids), text: `fuzz ${int(1e6)}`, id: random() < 0.3 ? `id${int(100)}` : undefined };
    case 'ListMessages': return { chat_id: chat.id, limit: int(40), sent_before: random() < 0.3 ? new Date().toISOString() : undefined, user_id: random() < 0.3 ? pick(chat.user_ids) : undefined };
    case 'ListChats': return { user_id: pick(chat.user_ids), limit: int(40) };
    case 'ListEvents': return { chat_id: chat.id, after_seq: int(50), limit: int(40) };
    case 'GetChat': return { chat_id: chat.id };
    case 'ListMembers': return { chat_id: chat.id, limit: int(40), after: random() < 0.3 ? pick(chat.user_ids) : undefined };
    case 'AddMembers': case 'RemoveMembers': return { chat_id: chat.id, user_ids: [`u${int(20)}`, pick(chat.user_ids)] };
    case 'LeaveChat': return { chat_id: chat.id, user_id: pick(chat.user_ids) };
    case 'UpdateChat': return { chat_id: chat.id, name: `name ${int(100)}`, metadata: random() < 0.3 ? { k: `v${int(10)}` } : undefined };
    case 'SetMemberRole': return { chat_id: chat.id, user_id: pick(chat.user_ids), role: pick(['owner', 'admin', 'member', 'king']) };
    case 'SendTyping': return { chat_id: chat.id, user_id: pick(chat.user_ids), typing: random() < 0.7 };
    default: break;
  }
  const target = messages.length ? pick(messages) : { chat, id: 'none', author: pick(chat.user_ids) };
  switch (route) {
    case 'UpdateMessage': return { chat_id: target.chat.id, id: target.id, author_id: target.author, text: `edited ${int(1e6)}`, metadata: random() < 0.3 ? { k: `v${int(10)}` } : undefined };
    case 'DeleteMessage': return { chat_id: target.chat.id, id: target.id, author_id: random() < 0.8 ? target.author : undefined };
    case 'MarkRead': return { chat_id: target.chat.id, user_id: pick(target.chat.user_ids), sent_at: new Date().toISOString() };
    default: return { chat_id: target.chat.id, message_id: target.id, user_id: pick(target.chat.user_ids), type: pick(['👍', '❤', 'ok', `t${int(60)}`]) };
  }
}

function mutateValue(body) {
  const keys = Object.keys(body);
  const key = keys.length ? pick(keys) : 'chat_id';
  const kind = int(6);
  if (kind === 0) body[key] = pick(awkward);
  else if (kind === 1) body[key] = pick(numbers);
  else if (kind === 2) body[key] = [pick(awkward), pick(numbers)];
  else if (kind === 3) body[key] = { value: pick(numbers) };
  else if (kind === 4) body[key] = null;
  else body[pick(['zzz', 'userIds', 'chatId', 'limit', 'before', 'metadata', 'reply_to_id', 'after_seq', 'afterSeq', 'type'])] = pick([...awkward, { a: 'b' }, { a: 1 }]);
  return body;
}

function mutateBytes(bytes) {
  const out = Buffer.from(bytes);
  const kind = int(5);
  if (kind === 0 && out.length) { out[int(out.length)] = int(256); return out; }
  if (kind === 1) return out.subarray(0, int(out.length + 1));
  if (kind === 2) { const at = int(out.length + 1); return Buffer.concat([out.subarray(0, at), Buffer.from([pick([0xff, 0xc0, 0x80, 0xed, 0x00, 0x22, 0x7b])]), out.subarray(at)]); }
  if (kind === 3) { const at = int(out.length + 1); return Buffer.concat([out.subarray(at), out.subarray(0, at)]); }
  return Buffer.concat([out, out]);
}

// One request: [kind, method, path, body (Buffer | undefined), headers].
function nextRequest() {
  const route = pick(routes);
  const path = `/${pick(['v1/chats', 'protobuf/Chats'])}/${route}`;
  const json = (body) => Buffer.from(JSON.stringify(body));
  const roll = random();
  if (roll < 0.2) return ['valid', 'POST', path, json(validBody(route))];
  if (roll < 0.45) return ['wrong value', 'POST', path, json(mutateValue(validBody(route)))];
  if (roll < 0.65) return ['mutated bytes', 'POST', path, mutateBytes(json(validBody(route)))];
  if (roll < 0.7) return ['duplicate key', 'POST', path, Buffer.from(`{"chat_id":"a",${JSON.stringify(validBody(route)).slice(1)}`.replace('}', ',"chat_id":"b"}'))];
  if (roll < 0.74) return ['deep nesting', 'POST', path, Buffer.from('{"a":'.repeat(10 + int(500)) + '1' + '}'.repeat(int(600)))];
  if (roll < 0.77) return ['oversized body', 'POST', path, Buffer.from(JSON.stringify({ ...validBody(route), text: 'z'.repeat(65536 + int(100000)) }))];
  if (roll < 0.8) return ['not an object', 'POST', path, Buffer.from(pick(['[]', 'null', '"s"', '1', '', '{', 'true', '[{}]']))];
  if (roll < 0.83) return ['huge array', 'POST', path, json({ user_ids: Array.from({ length: 1000 + int(5000) }, (_, i) => `u${i}`) })];
  if (roll < 0.87) return ['wrong method or path', pick(['GET', 'PUT', 'DELETE', 'POST']), pick([path, '/v1/chats/Nope', '/v2/x', `${path}/extra`, '/v1/chats/Stream']), undefined];
  const chat = pick(chats);
  const query = new URLSearchParams();
  if (random() < 0.9) query.set('chat_id', random() < 0.7 ? chat.id : pick(awkward));
  if (random() < 0.5) query.set('sent_after', pick([chat.created_at, ...awkward]));
  if (random() < 0.4) query.set('user_id', random() < 0.5 ? pick(chat.user_ids) : pick(awkward));
  if (random() < 0.3) query.set('events', pick(['true', 'false', '1', 'yes', '']));
  if (random() < 0.3) query.set('after_seq', pick(['0', '3', '-1', 'x', '99999999999999999999', ...awkward]));
  if (random() < 0.3) {
    // Connect: a user (or none, or an awkward one) and a cursor (none, garbage, or a well-formed one of no list).
    const connect = new URLSearchParams();
    if (random() < 0.8) connect.set('user_id', random() < 0.7 ? pick(chat.user_ids) : pick(awkward));
    if (random() < 0.5) connect.set('cursor', pick(['', 'x', '0123456789abcdef0123456789abcdef.3', '0123456789abcdef0123456789abcdef.3.YQ~1', '.', '..~', ...awkward]));
    return ['connect', 'GET', `/v1/chats/Connect?${connect}`, undefined];
  }
  return ['stream', 'GET', `/v1/chats/Stream?${query}`, undefined];
}

function isMicroError(status, body) {
  return body && typeof body === 'object' && typeof body.id === 'string' && body.id.length > 0 && body.code === status
    && typeof body.detail === 'string' && typeof body.status === 'string';
}

function isResult(path, body) {
  const route = path.split('/').pop();
  return {
    CreateChat: body?.chat?.id, CreateMessage: body?.message?.sent_at, ListMessages: Array.isArray(body?.messages), ListChats: Array.isArray(body?.chats),
    UpdateMessage: body?.message?.id, DeleteMessage: body?.message?.deleted_at, AddReaction: body?.reaction?.type, RemoveReaction: body && typeof body === 'object',
    MarkRead: body?.read?.user_id, ListEvents: Array.isArray(body?.events) && typeof body?.last_seq === 'number',
    GetChat: body?.chat?.id, ListMembers: Array.isArray(body?.members) && typeof body?.has_more === 'boolean', AddMembers: body?.chat?.id,
    RemoveMembers: body?.chat?.id, LeaveChat: body?.chat?.id, UpdateChat: body?.chat?.id, SetMemberRole: body?.chat?.id,
    SendTyping: body && typeof body === 'object' && Object.keys(body).length === 0,
  }[route];
}

const counts = { byStatus: {}, byKind: {}, hangs: 0, serverErrors: 0, badShape: 0 };
const examples = [];

async function send([kind, method, path, body]) {
  const [authorization, accessToken] = credential();
  if (accessToken !== undefined) path += (path.includes('?') ? '&' : '?') + new URLSearchParams({ access_token: accessToken });
  counts.byKind[kind] = (counts.byKind[kind] || 0) + 1;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), hangAfterMs);
  try {
    const headers = { ...(body ? { 'content-type': 'application/json' } : {}), ...(authorization !== undefined ? { authorization } : {}) };
    const response = await fetch(base + path, { method, body, signal: controller.signal, headers });
    counts.byStatus[response.status] = (counts.byStatus[response.status] || 0) + 1;
    let ok;
    if (response.status === 200 && (path.includes('/Stream') || path.includes('/Connect'))) {
      ok = (response.headers.get('content-type') || '').startsWith('text/event-stream');
      controller.abort(); // a live stream: its start is the result
    } else {
      const text = await response.text();
      let parsed;
      try { parsed = JSON.parse(text); } catch { parsed = undefined; }
      ok = response.status === 200 ? Boolean(isResult(path, parsed)) : isMicroError(response.status, parsed);
      const created = response.status === 200 && path.endsWith('/CreateMessage') ? parsed?.message : undefined;
      const chat = created && chats.find((known) => known.id === created.chat_id);
      if (chat && messages.length < 200) messages.push({ chat, id: created.id, author: created.author_id });
    }
    if (response.status >= 500) counts.serverErrors++;
    if (!ok) counts.badShape++;
    if ((response.status >= 500 || !ok) && examples.length < 5) examples.push({ kind, method, path: path.slice(0, 200), status: response.status, body: body?.toString('utf8').slice(0, 200) });
  } catch (error) {
    if (error.name === 'AbortError' && !controller.signal.aborted) throw error;
    if (controller.signal.aborted && error.name === 'AbortError' && (path.includes('/Stream') || path.includes('/Connect'))) return;
    counts.hangs++;
    if (examples.length < 5) examples.push({ kind, method, path: path.slice(0, 200), error: String(error) });
  } finally {
    clearTimeout(timer);
  }
}

(async () => {
  const started = Date.now();
  const asServer = serverKey ? { authorization: `Bearer ${serverKey}` } : {};
  for (let i = 0; i < 3; i++) {
    // Two distinct chats and a group, whose members the fuzzed group calls change.
    const group = i === 2 ? { distinct: false, name: 'fuzz group' } : {};
    const response = await fetch(`${base}/v1/chats/CreateChat`, { method: 'POST', headers: asServer, body: JSON.stringify({ user_ids: [`fuzz-a${i}`, `fuzz-b${i}`], ...group }) });
    chats.push((await response.json()).chat);
    if (serverKey) {
      const issued = await fetch(`${base}/v1/chats/CreateUserToken`, { method: 'POST', headers: asServer, body: JSON.stringify({ user_id: `fuzz-a${i}`, expires_in: 3600 }) });
      tokens.push((await issued.json()).token);
    }
  }
  console.log(`fuzz: ${total} requests, ${concurrency} at a time, seed ${seed}`);
  let issued = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (issued < total) {
      issued++;
      await send(nextRequest());
    }
  }));
  const seconds = (Date.now() - started) / 1000;
  console.log(`fuzz: ${issued} requests in ${seconds.toFixed(1)} s`);
  console.log(`fuzz: by kind ${JSON.stringify(counts.byKind)}`);
  console.log(`fuzz: by status ${JSON.stringify(counts.byStatus)}`);
  console.log(`fuzz: 5xx ${counts.serverErrors}, hangs ${counts.hangs}, replies of the wrong shape ${counts.badShape}`);
  for (const example of examples) console.log('fuzz: example', JSON.stringify(example));
  process.exit(counts.serverErrors + counts.hangs + counts.badShape === 0 && issued >= total ? 0 : 1);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
