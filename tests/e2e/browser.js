// The web page at / in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core): two
// pages as two users create a chat, page back through history and exchange messages, each seeing the
// other's messages arrive without a reload. Saves a screenshot of each page. Exits non-zero on failure.
'use strict';
const path = require('node:path');
const { launch, send, signInAs, timeout } = require('./browser_lib');

const base = process.env.CHATS_HTTP_URL;
const screenshots = process.env.SCREENSHOT_DIR || path.join(__dirname, 'artifacts');
const run = Date.now();
const alice = `alice-${run}`;
const bob = `bob-${run}`;

async function post(method, body) {
  const response = await fetch(`${base}/v1/chats/${method}`, { method: 'POST', body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function signIn(page, userId) {
  await signInAs(page, base, userId);
  // A marker that a reload would wipe out.
  await page.evaluate(() => { window.notReloaded = true; });
}


(async () => {
  const browser = await launch();
  try {
    const alicePage = await browser.newPage();
    const bobPage = await browser.newPage();
    await signIn(alicePage, alice);
    await signIn(bobPage, bob);

    // Alice creates the chat from the page; 25 older messages arrive through the API meanwhile.
    await alicePage.fill('#new-chat-members', bob);
    await alicePage.click('#create-chat');
    await alicePage.waitForSelector('#chat:not([hidden])');
    const { chats } = await post('ListChats', { user_id: alice });
    for (let i = 0; i < 25; i++) {
      await post('CreateMessage', { chat_id: chats[0].id, author_id: alice, text: `history ${i}` });
    }
    await send(alicePage, 'Hello Bob');

    // Bob finds the chat in his list (it refreshes by itself), opens it, and pages back to the start.
    await bobPage.locator('#chat-list li', { hasText: alice }).click({ timeout });
    await bobPage.locator('#messages li', { hasText: 'Hello Bob' }).waitFor({ timeout });
    await bobPage.click('#load-older');
    await bobPage.locator('#messages li', { hasText: 'history 0' }).waitFor({ timeout });
    const shown = await bobPage.locator('#messages li').count();
    if (shown !== 26) throw new Error(`Bob's page shows ${shown} messages after paging back, not 26`);

    // Each sees the other's message appear live.
    await send(bobPage, 'Hi Alice!');
    await alicePage.locator('#messages li', { hasText: 'Hi Alice!' }).waitFor({ timeout });
    await send(alicePage, 'How are you?');
    await bobPage.locator('#messages li', { hasText: 'How are you?' }).waitFor({ timeout });

    for (const page of [alicePage, bobPage]) {
      if (!(await page.evaluate(() => window.notReloaded === true))) throw new Error('a page reloaded');
    }

    await alicePage.screenshot({ path: path.join(screenshots, 'alice.png'), fullPage: true });
    await bobPage.screenshot({ path: path.join(screenshots, 'bob.png'), fullPage: true });
    console.log(`browser: two users exchanged messages live; screenshots in ${screenshots}`);
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
