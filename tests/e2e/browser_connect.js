// One connection per page, in headless Chromium, with three users signed in with user tokens: alice's
// chat list shows bob's new chat and carol's new group (which adds her) live, without polling (the
// page calls ListChats once); she sees "bob is typing…"; and after her connection drops, the page
// connects again with its last cursor and shows the messages sent meanwhile, each once. Needs
// CHATS_HTTP_URL and CHATS_SERVER_KEY (a server key of a tenant with a signing secret).
'use strict';
const path = require('node:path');
const { launch, send, openSignedIn, timeout } = require('./browser_lib');

const screenshots = process.env.SCREENSHOT_DIR || path.join(__dirname, 'artifacts');
const run = Date.now();
const [alice, bob, carol] = ['alice', 'bob', 'carol'].map((name) => `${name}-${run}`);
const group = `Picnic ${run}`;

(async () => {
  const browser = await launch();
  try {
    let listCalls = 0;
    const alicePage = await openSignedIn(browser, alice, 600, process.env.CHATS_HTTP_URL,
      (page) => page.on('request', (request) => { if (request.url().endsWith('/ListChats')) listCalls++; }));
    const [bobPage, carolPage] = [await openSignedIn(browser, bob), await openSignedIn(browser, carol)];

    await bobPage.fill('#new-chat-members', alice);
    await bobPage.click('#create-chat');
    await send(bobPage, 'Lunch?');
    await alicePage.locator('#chat-list li', { hasText: `${bob}: Lunch?` }).locator('.unread', { hasText: '1' }).waitFor({ timeout });
    console.log('browser connect: bob\'s new chat shows in alice\'s list live, with its unread count');

    await carolPage.fill('#new-group-name', group);
    await carolPage.fill('#new-group-members', `${alice}, ${bob}`);
    await carolPage.click('#create-group');
    await carolPage.locator('#chat-title', { hasText: group }).waitFor({ timeout });
    await send(carolPage, 'Saturday at noon');
    await alicePage.locator('#chat-list li', { hasText: group }).locator('small', { hasText: 'Saturday at noon' }).waitFor({ timeout });
    console.log('browser connect: carol\'s new group, which adds alice, shows in her list live with its newest message');

    await alicePage.locator('#chat-list li', { hasText: `${bob}: Lunch?` }).click();
    await alicePage.locator('#messages li', { hasText: 'Lunch?' }).waitFor({ timeout });
    await bobPage.fill('#message-text', 'Sure, wh');
    await alicePage.locator('#typing', { hasText: `${bob} is typing…` }).waitFor({ timeout });
    await bobPage.fill('#message-text', 'Sure, where?');
    await bobPage.click('#send');
    await alicePage.locator('#messages li', { hasText: 'Sure, where?' }).waitFor({ timeout });
    await alicePage.waitForFunction(() => !document.getElementById('typing').textContent.includes('typing'), null, { timeout });
    console.log('browser connect: alice saw "bob is typing…", then his message, and the notice went');

    await alicePage.evaluate(() => disconnect());
    await send(bobPage, 'While you were away 1');
    await send(bobPage, 'While you were away 2');
    await alicePage.evaluate(() => connect());
    for (const text of ['While you were away 1', 'While you were away 2']) {
      await alicePage.locator('#messages li', { hasText: text }).waitFor({ timeout });
    }
    await alicePage.waitForTimeout(500);
    const counts = await alicePage.evaluate(() => ['While you were away 1', 'While you were away 2']
      .map((text) => [...document.querySelectorAll('#messages li .text')].filter((item) => item.textContent === text).length));
    if (counts.join() !== '1,1') throw new Error(`after the reconnect the missed messages show ${counts.join(' and ')} times`);
    console.log('browser connect: after a reconnect with the last cursor, the two messages sent meanwhile show once each');

    if (listCalls !== 1) throw new Error(`alice's page called ListChats ${listCalls} times (once expected: the connection keeps the list)`);
    console.log('browser connect: alice\'s page called ListChats once; the connection kept the list');
    await alicePage.screenshot({ path: path.join(screenshots, 'connect-alice.png') });
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
