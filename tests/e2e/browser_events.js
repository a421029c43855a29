// What a chat screen needs, in the web page in headless Chromium, with two users: an unread count in
// the chat list, the chat marked read when it is shown ("Seen" under the sender's message), a reaction
// with its count, a reply with a quote, an edit and a deletion — each seen live on the other page.
// Needs CHATS_HTTP_URL (an open service). Exits non-zero on failure.
'use strict';
const path = require('node:path');
const { launch, send, signInAs, timeout } = require('./browser_lib');

const base = process.env.CHATS_HTTP_URL;
const screenshots = process.env.SCREENSHOT_DIR || path.join(__dirname, 'artifacts');
const run = Date.now();
const alice = `alice-${run}`;
const bob = `bob-${run}`;

function message(page, text) {
  return page.locator('#messages > li', { has: page.locator('.text', { hasText: text }) });
}

(async () => {
  const browser = await launch();
  try {
    const alicePage = await browser.newPage();
    const bobPage = await browser.newPage();
    await signInAs(alicePage, base, alice);
    await signInAs(bobPage, base, bob);

    await alicePage.fill('#new-chat-members', bob);
    await alicePage.click('#create-chat');
    await alicePage.waitForSelector('#chat:not([hidden])');
    await send(alicePage, 'Lunch at noon?');
    await send(alicePage, 'Or at one');

    // Bob's list shows two unread messages; opening the chat marks it read, and Alice sees "Seen".
    const bobsChat = bobPage.locator('#chat-list li', { hasText: alice });
    await bobsChat.locator('.unread', { hasText: '2' }).waitFor({ timeout });
    console.log('browser events: the chat list shows 2 unread messages');
    await bobsChat.click();
    await message(bobPage, 'Or at one').waitFor({ timeout });
    await message(alicePage, 'Or at one').locator('.seen', { hasText: 'Seen' }).waitFor({ timeout });
    await bobPage.locator('#chat-list li', { hasText: alice }).locator('.unread').waitFor({ state: 'detached', timeout });
    console.log('browser events: opening the chat marked it read; the sender sees "Seen"');

    // A reaction, with its count, on both pages.
    await message(bobPage, 'Lunch at noon?').locator('button.reaction', { hasText: '👍' }).click();
    await message(bobPage, 'Lunch at noon?').locator('button.reaction.own', { hasText: '👍 1' }).waitFor({ timeout });
    await message(alicePage, 'Lunch at noon?').locator('button.reaction', { hasText: '👍 1' }).waitFor({ timeout });
    console.log('browser events: a reaction shows with its count on both pages');

    // A reply quotes the message it answers.
    await message(bobPage, 'Lunch at noon?').locator('button.reply').click();
    await send(bobPage, 'Noon works');
    await message(alicePage, 'Noon works').locator('.quote', { hasText: 'Lunch at noon?' }).waitFor({ timeout });
    console.log('browser events: a reply shows a quote of the message it answers');

    // Alice edits one message and deletes the other; Bob sees both live.
    await message(alicePage, 'Lunch at noon?').locator('button.edit').click();
    await alicePage.fill('#message-text', 'Lunch at 12:30?');
    await alicePage.click('#send');
    await message(bobPage, 'Lunch at 12:30?').locator('.meta', { hasText: 'edited' }).waitFor({ timeout });
    await message(alicePage, 'Or at one').locator('button.delete').click();
    await bobPage.locator('#messages > li.deleted .text', { hasText: 'message deleted' }).waitFor({ timeout });
    if (await message(bobPage, 'Or at one').count() !== 0) throw new Error('the deleted text is still shown');
    console.log('browser events: an edit and a deletion show live on the other page');

    await alicePage.screenshot({ path: path.join(screenshots, 'alice-events.png'), fullPage: true });
    await bobPage.screenshot({ path: path.join(screenshots, 'bob-events.png'), fullPage: true });
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
