// The web page on a service with keys and tenants, in headless Chromium: alice and bob each signed in
// with a user token (the /#token= link an app hands out) chat live with no key in the page; alice
// cannot open bob and carol's chat (the 403 is shown as a message); an expired token shows "sign in
// again". Needs CHATS_HTTP_URL and CHATS_SERVER_KEY (a server key of a tenant with a signing secret).
'use strict';
const path = require('node:path');
const { launch, send, server, openSignedIn, timeout } = require('./browser_lib');

const base = process.env.CHATS_HTTP_URL;
const screenshots = process.env.SCREENSHOT_DIR || path.join(__dirname, 'artifacts');
const run = Date.now();
const [alice, bob, carol] = ['alice', 'bob', 'carol'].map((name) => `${name}-${run}`);

(async () => {
  const browser = await launch();
  try {
    const alicePage = await openSignedIn(browser, alice);
    const bobPage = await openSignedIn(browser, bob);

    await alicePage.fill('#new-chat-members', bob);
    await alicePage.click('#create-chat');
    await alicePage.waitForSelector('#chat:not([hidden])');
    await send(alicePage, 'Hello Bob, signed in');
    await bobPage.locator('#chat-list li', { hasText: alice }).click({ timeout });
    await bobPage.locator('#messages li', { hasText: 'Hello Bob, signed in' }).waitFor({ timeout });
    await send(bobPage, 'Hi Alice, me too');
    await alicePage.locator('#messages li', { hasText: 'Hi Alice, me too' }).waitFor({ timeout });
    console.log('browser sign-in: alice and bob, each with a user token, chat live');

    const { body: { chat } } = await server('CreateChat', { user_ids: [bob, carol] });
    await alicePage.goto(`${base}/#token=${await alicePage.inputValue('#token')}&chat=${chat.id}`);
    await alicePage.locator('#status', { hasText: 'not a member' }).waitFor({ timeout });
    console.log("browser sign-in: alice cannot open bob and carol's chat (403 shown)");

    const expiring = await openSignedIn(browser, `dave-${run}`, 3);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    await expiring.click('#use-user');
    await expiring.locator('#status', { hasText: 'sign in again' }).waitFor({ timeout });
    console.log('browser sign-in: an expired token shows "sign in again"');

    await alicePage.screenshot({ path: path.join(screenshots, 'alice-signed-in.png'), fullPage: true });
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
