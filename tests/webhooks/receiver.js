// A webhook receiver for the tests: verifies every delivery with the npm `standardwebhooks` package
// (an implementation independent of the service's) and appends what it got, one JSON line each, to a
// log file that outlives restarts. Control: POST /_control {"secrets"?: [...], "mode"?: ...}.
// Requests to /before-send are the before-send hook: verified the same way, answered with the
// control's "hook" ({"delay_ms"?, "status"?, "reply"?}) and logged too.
// Modes: "ok" (204), "fail-every-3rd" (500 to every third request, at most twice per delivery), "status:NNN", "slow:MS".
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const { Webhook } = require('standardwebhooks');

const [port, logFile] = [Number(process.argv[2]), process.argv[3]];
let secrets = (process.argv[4] || '').split(',').filter(Boolean);
let mode = process.argv[5] || 'ok';
let count = 0;
let hook = { delay_ms: 0, status: 200, reply: { action: 'accept' } };
const failedTimes = new Map();

function read(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function verifiedWith(body, headers) {
  return secrets.map((secret) => {
    try {
      new Webhook(secret).verify(body, headers);
      return true;
    } catch {
      return false;
    }
  });
}

const server = http.createServer(async (req, res) => {
  const body = await read(req);
  if (req.url === '/_control') {
    const control = JSON.parse(body);
    secrets = control.secrets ?? secrets;
    mode = control.mode ?? mode;
    hook = control.hook ?? hook;
    res.writeHead(204).end();
    return;
  }

  const verified = verifiedWith(body, req.headers);
  if (req.url === '/before-send') {
    const request = JSON.parse(body);
    fs.appendFileSync(logFile, JSON.stringify({
      at: Date.now(), id: req.headers['webhook-id'], path: req.url, status: hook.status ?? 200, verified,
      signatures: 1, type: request.type, chat_id: request.data?.chat_id, seq: 0, text: request.data?.message?.text,
      offline_user_ids: null, event: request.data,
    }) + '\n');
    if (hook.delay_ms) await new Promise((r) => setTimeout(r, hook.delay_ms));
    if (!res.writableEnded && !res.destroyed) {
      res.writeHead(verified.some(Boolean) ? hook.status ?? 200 : 400, { 'content-type': 'application/json' }).end(JSON.stringify(hook.reply ?? {}));
    }
    return;
  }

  count += 1;
  let status = 204;
  if (!verified.some(Boolean)) status = 400;
  else if (mode === 'fail-every-3rd' && count % 3 === 0 && (failedTimes.get(req.headers['webhook-id']) ?? 0) < 2) {
    // Every third request, but never one delivery's third attempt in a row: retries are spaced by
    // other chats' requests, and a strict count could otherwise hit the same event until it runs out.
    failedTimes.set(req.headers['webhook-id'], (failedTimes.get(req.headers['webhook-id']) ?? 0) + 1);
    status = 500;
  }
  else if (mode.startsWith('status:')) status = Number(mode.slice(7));
  else if (mode.startsWith('slow:')) await new Promise((r) => setTimeout(r, Number(mode.slice(5))));

  let payload = {};
  try { payload = JSON.parse(body); } catch { /* logged as sent */ }
  const event = payload.data?.event ?? {};
  fs.appendFileSync(logFile, JSON.stringify({
    at: Date.now(), id: req.headers['webhook-id'], path: req.url, status, verified,
    signatures: (req.headers['webhook-signature'] || '').split(' ').length,
    type: payload.type, chat_id: event.chat_id, seq: event.seq, text: event.message?.text,
    offline_user_ids: payload.data?.offline_user_ids ?? null, event,
  }) + '\n');
  res.writeHead(status).end();
});

server.listen(port, '127.0.0.1', () => process.stdout.write(`listening ${port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
