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

module.exports = { launch, send, signInAs, timeout };
