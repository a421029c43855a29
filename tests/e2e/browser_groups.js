// Groups on the web page, in headless Chromium, with three users signed in with user tokens: alice
// creates a named group with bob, adds carol (whose list shows it and who chats in it), renames it,
// and removes bob, whose page closes the chat and drops it from the list at once. Needs
// CHATS_HTTP_URL and CHATS_SERVER_KEY (a server key of a tenant with a signing secret).
'use strict';
const path = require('node:path');
const { launch, send, server, openSignedIn, timeout } = require('./browser_lib');

const screenshots = process.env.SCREENSHOT_DIR || path.join(__dirname, 'artifacts');
const run = Date.now();
const [alice, bob, carol] = ['alice', 'bob', 'carol'].map((name) => `${name}-${run}`);
const group = `Trip ${run}`;

// Opens the group from the page's chat list (live over the page's connection) and its members panel.
async function openGroup(page, name) {
  await page.locator('#chat-list li', { hasText: name }).click({ timeout });
  await page.locator('#chat-title', { hasText: name }).waitFor({ timeout });
  await page.click('#members-panel summary');
}

function member(page, userId) {
  return page.locator('#member-list li', { hasText: userId });
}

(async () => {
  const browser = await launch();
  try {
    const [alicePage, bobPage, carolPage] = [await openSignedIn(browser, alice), await openSignedIn(browser, bob), await openSignedIn(browser, carol)];

    await alicePage.fill('#new-group-name', group);
    await alicePage.fill('#new-group-members', bob);
    await alicePage.click('#create-group');
    await alicePage.locator('#chat-title', { hasText: group }).waitFor({ timeout });
    await alicePage.click('#members-panel summary');
    await member(alicePage, alice).locator('.role', { hasText: 'owner' }).waitFor({ timeout });
    await openGroup(bobPage, group);
    if (await bobPage.locator('#add-members-form').isVisible()) throw new Error('a plain member is offered AddMembers');
    await send(alicePage, 'Who is coming?');
    await bobPage.locator('#messages li', { hasText: 'Who is coming?' }).waitFor({ timeout });
    console.log('browser groups: alice made a named group with bob; bob sees it and its messages, without the owner\'s controls');

    await alicePage.fill('#add-members', carol);
    await alicePage.click('#add-members-button');
    await member(alicePage, carol).waitFor({ timeout });
    await bobPage.locator('#messages li.notice', { hasText: `${alice} added ${carol}` }).waitFor({ timeout });
    await openGroup(carolPage, group);
    await send(carolPage, 'Me!');
    await alicePage.locator('#messages li', { hasText: 'Me!' }).waitFor({ timeout });
    await bobPage.locator('#messages li', { hasText: 'Me!' }).waitFor({ timeout });
    console.log('browser groups: alice added carol; bob saw it live, and carol\'s list shows the group she now chats in');

    await alicePage.fill('#rename', `${group} (June)`);
    await alicePage.click('#rename-button');
    await carolPage.locator('#chat-title', { hasText: `${group} (June)` }).waitFor({ timeout });
    console.log('browser groups: a rename shows live on the other pages');

    await member(alicePage, bob).locator('button.remove-member').click();
    await bobPage.locator('#chat').waitFor({ state: 'hidden', timeout });
    await bobPage.locator('#status', { hasText: 'no longer a member' }).waitFor({ timeout });
    await bobPage.locator('#chat-list li', { hasText: group }).waitFor({ state: 'detached', timeout });
    await member(carolPage, bob).waitFor({ state: 'detached', timeout });
    const chatId = await alicePage.evaluate(() => state.chat.id);
    const refused = await server('ListMessages', { chat_id: chatId, user_id: bob });
    if (refused.status !== 403 || refused.body.id !== 'NOT_A_MEMBER') throw new Error(`bob still reads the group: ${refused.status}`);
    console.log('browser groups: alice removed bob; his page closed the chat and dropped it from his list at once');

    for (const [name, page] of [['alice', alicePage], ['bob', bobPage], ['carol', carolPage]]) {
      await page.screenshot({ path: path.join(screenshots, `${name}-group.png`), fullPage: true });
    }
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
