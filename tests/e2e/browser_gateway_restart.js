// A gateway that dies, and a reconnect after it restarts: alice's page is served by a second gateway
// of the same cluster, which this test starts, kills and starts again on the same port while bob posts
// through the first one. Alice must go offline within the presence lease (45 s, plus the 5 s a change
// may wait), and the page must connect again by itself with its last cursor and show every message
// sent while its gateway was gone, each once. Needs CHATS_HTTP_URL, CHATS_SERVER_KEY,
// CHATS_SECOND_GATEWAY_PORT and the environment run.sh gives its gateway (Chats__* settings).
'use strict';
const path = require('node:path');
const net = require('node:net');
const { spawn } = require('node:child_process');
const { launch, server, openSignedIn, timeout } = require('./browser_lib');

const screenshots = process.env.SCREENSHOT_DIR || path.join(__dirname, 'artifacts');
const port = Number(process.env.CHATS_SECOND_GATEWAY_PORT);
const base = `http://127.0.0.1:${port}`;
const run = Date.now();
const [alice, bob] = ['alice', 'bob'].map((name) => `${name}-${run}`);
const dir = path.resolve(__dirname, '../../src/Chats.Gateway/bin/Release/net10.0');

function startGateway() {
  const gateway = spawn('dotnet', [path.join(dir, 'Chats.Gateway.dll'), '--contentRoot', dir],
    { env: { ...process.env, Urls: base }, stdio: 'ignore' });
  return waitForPort().then(() => gateway);
}

async function waitForPort() {
  for (let i = 0; i < 240; i++) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the second gateway did not listen on ${base} within 60 s`);
}

async function post(text) {
  const { status, body } = await server('CreateMessage', { chat_id: chatId, author_id: bob, text });
  if (status !== 200) throw new Error(`CreateMessage: ${status} ${JSON.stringify(body)}`);
}

async function aliceOnline() {
  const { status, body } = await server('ListMembers', { chat_id: chatId });
  if (status !== 200) throw new Error(`ListMembers: ${status} ${JSON.stringify(body)}`);
  return body.members.find((member) => member.user_id === alice).online;
}

let chatId;
(async () => {
  let gateway = await startGateway();
  const browser = await launch();
  try {
    const created = await server('CreateChat', { user_id: bob, user_ids: [bob, alice] });
    if (created.status !== 200) throw new Error(`CreateChat: ${created.status} ${JSON.stringify(created.body)}`);
    chatId = created.body.chat.id;
    await post('Before the restart');
    const page = await openSignedIn(browser, alice, 600, base);
    await page.locator('#chat-list li', { hasText: 'Before the restart' }).click();
    await page.locator('#messages li', { hasText: 'Before the restart' }).waitFor({ timeout });

    if (!await aliceOnline()) throw new Error('alice is not online while her page is connected');
    gateway.kill('SIGKILL');
    await new Promise((resolve) => gateway.once('exit', resolve));
    const killedAt = Date.now();
    while (await aliceOnline()) {
      if (Date.now() - killedAt > 60000) throw new Error('alice is still online 60 s after her gateway died');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    console.log(`browser gateway restart: alice went offline ${((Date.now() - killedAt) / 1000).toFixed(1)} s after her gateway died (lease 45 s)`);
    const missed = ['While the gateway was gone 1', 'While the gateway was gone 2'];
    for (const text of missed) await post(text);
    gateway = await startGateway();
    console.log('browser gateway restart: alice\'s gateway was killed, bob posted twice, the gateway started again');

    for (const text of missed) await page.locator('#messages li', { hasText: text }).waitFor({ timeout: 3 * timeout });
    await post('After the restart');
    await page.locator('#messages li', { hasText: 'After the restart' }).waitFor({ timeout });
    const counts = await page.evaluate((texts) => texts.map((text) =>
      [...document.querySelectorAll('#messages li .text')].filter((item) => item.textContent === text).length), missed);
    if (counts.join() !== '1,1') throw new Error(`after the restart the missed messages show ${counts.join(' and ')} times`);
    await page.locator('#chat-list li', { hasText: 'After the restart' }).waitFor({ timeout });
    console.log('browser gateway restart: the page connected again, showed both missed messages once each, and went on live');
    await page.screenshot({ path: path.join(screenshots, 'gateway-restart-alice.png') });
  } finally {
    await browser.close();
    gateway.kill('SIGTERM');
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
