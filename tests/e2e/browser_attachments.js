// Attachments in the web page, in headless Chromium, with two users: Alice attaches a PNG and a text
// file (uploaded from the browser straight to Azurite's blob service through the upload URL); Bob sees
// the image inline (loaded through the gateway's member check and its redirect) and the file as a link.
// Needs CHATS_HTTP_URL (an open service). Exits non-zero on failure.
'use strict';
const path = require('node:path');
const { launch, signInAs, timeout } = require('./browser_lib');

const base = process.env.CHATS_HTTP_URL;
const screenshots = process.env.SCREENSHOT_DIR || path.join(__dirname, 'artifacts');
const run = Date.now();
const alice = `alice-${run}`;
const bob = `bob-${run}`;

(async () => {
  const browser = await launch();
  try {
    const alicePage = await browser.newPage();
    const bobPage = await browser.newPage();
    await signInAs(alicePage, base, alice);
    await signInAs(bobPage, base, bob);

    // A real PNG: a screenshot of part of the page.
    const png = await alicePage.screenshot({ clip: { x: 0, y: 0, width: 40, height: 30 } });

    await alicePage.fill('#new-chat-members', bob);
    await alicePage.click('#create-chat');
    await alicePage.waitForSelector('#chat:not([hidden])');
    await alicePage.setInputFiles('#attach-files', [
      { name: 'sketch.png', mimeType: 'image/png', buffer: png },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('meeting notes') },
    ]);
    await alicePage.locator('#attached', { hasText: 'sketch.png' }).waitFor({ timeout });
    await alicePage.fill('#message-text', 'Here is the sketch');
    await alicePage.click('#send');
    await alicePage.locator('#messages > li', { hasText: 'Here is the sketch' }).locator('.attachments img').waitFor({ timeout });
    if (await alicePage.locator('#attached').textContent() !== '') throw new Error('the sent files are still listed as attached');
    console.log('browser attachments: Alice sent a PNG and a text file');

    await bobPage.locator('#chat-list li', { hasText: alice }).click();
    const item = bobPage.locator('#messages > li', { hasText: 'Here is the sketch' });
    const image = item.locator('.attachments img[alt="sketch.png"]');
    await image.waitFor({ timeout });
    await bobPage.waitForFunction((img) => img.complete && img.naturalWidth === 40 && img.naturalHeight === 30, await image.elementHandle(), { timeout });
    console.log('browser attachments: Bob sees the image inline (40×30, read through the member check)');

    const link = item.locator('.attachments a', { hasText: 'notes.txt' });
    await link.waitFor({ timeout });
    const text = await bobPage.evaluate(async (href) => (await fetch(href)).text(), await link.getAttribute('href'));
    if (text !== 'meeting notes') throw new Error('the text file read back as ' + JSON.stringify(text));
    console.log('browser attachments: Bob reads the text file through its link');

    await bobPage.screenshot({ path: path.join(screenshots, 'bob-attachments.png'), fullPage: true });
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
