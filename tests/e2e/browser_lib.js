// Shared by the browser tests: Debian's Chromium driven by playwright-core, and sending a message
// from a page the way a user does.
'use strict';
const { chromium } = require('playwright-core');

const timeout = 20000;

function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// Types a message, sends it, and waits until the page shows it.
async function send(page, text) {
  await page.fill('#message-text', text);
  await page.click('#send');
  await page.locator('#messages li', { hasText: text }).waitFor({ timeout });
}

// Signs a page in as a user of an open service (no keys: a user id is enough).
async function signInAs(page, base, userId) {
  await page.goto(base + '/');
  await page.fill('#user-id', userId);
  await page.click('#use-user');
  await page.waitForSelector('#new-chat-form:not([hidden])');
}

// A call of the app's backend: the server key in CHATS_SERVER_KEY, on the service at CHATS_HTTP_URL.
async function server(method, body) {
  const response = await fetch(`${process.env.CHATS_HTTP_URL}/v1/chats/${method}`, {
    method: 'POST', headers: { Authorization: `Bearer ${process.env.CHATS_SERVER_KEY}` }, body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

// A page signed in with a fresh user token, through the sign-in link the app would send.
// `watch` sees the page before it loads (to count its requests from the first).
async function openSignedIn(browser, userId, expiresIn = 600, base = process.env.CHATS_HTTP_URL, watch = () => {}) {
  const { status, body } = await server('CreateUserToken', { user_id: userId, expires_in: expiresIn });
  if (status !== 200) throw new Error(`CreateUserToken: ${status} ${JSON.stringify(body)}`);
  const page = await browser.newPage();
  watch(page);
  await page.goto(`${base}/#token=${body.token}`);
  // A token about to expire may expire while the page signs in, which hides the line again: then it need only be there.
  await page.locator('#signed-in', { hasText: `Signed in as ${userId}` }).waitFor({ state: expiresIn < 60 ? 'attached' : 'visible', timeout });
  return page;
}

module.exports = { launch, send, signInAs, server, openSignedIn, timeout };
