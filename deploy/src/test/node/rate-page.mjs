// RatePageIT's browser half: Debian's Chromium, driven by playwright-core, rates two images on the gateway's /rate
// page: first anonymously it only sees an image, then with an API key typed in it rates one image by clicking
// (artifacts 2, rating 8) and the next by keyboard (w = artifacts 1, 6 = rating 6), and reads the kudos shown.
//
// Environment: HORDE_URL (the gateway), RATER_KEY, DATASET_ID (the dataset to rate), SCREENSHOT (PNG of the image's
// box to write), CHROMIUM (default /usr/bin/chromium).
// Prints one line per step and a last line `result {json}`; exits 1 on the first failed check.
import { chromium } from 'playwright-core';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) { throw new Error(`${name} is not set`); }
  return value;
};
const horde = env('HORDE_URL');
const raterKey = env('RATER_KEY');
const dataset = env('DATASET_ID');
const screenshot = env('SCREENSHOT');
const STEP_TIMEOUT = 15_000;

const started = Date.now();
const step = (text) => console.log(`step (${Date.now() - started} ms): ${text}`);

/** The id of the image the page shows once it finished loading, other than `previous`. */
async function shownImage(page, previous) {
  await page.waitForFunction((prev) => {
    const img = document.getElementById('image');
    return img.dataset.loaded && img.dataset.loaded !== prev && img.complete && img.naturalWidth > 0;
  }, previous ?? '', { timeout: STEP_TIMEOUT });
  return page.locator('#image').getAttribute('data-loaded');
}

const browser = await chromium.launch({
  executablePath: env('CHROMIUM', '/usr/bin/chromium'),
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  page.on('console', (message) => { if (message.type() === 'error') { console.log(`page error: ${message.text()}`); } });
  page.on('response', (response) => {
    if (response.status() >= 400) { console.log(`page got ${response.status()} for ${response.url()}`); }
  });

  step('anonymously: the page shows an image to rate');
  await page.goto(`${horde}/rate?dataset=${dataset}`);
  await shownImage(page, null);
  const who = await page.locator('#who').textContent();
  if (!who.includes('anonymously')) { throw new Error(`expected anonymous rating, the page says "${who}"`); }

  step('the API key typed in and sent with the keyboard; it is kept in localStorage');
  await page.getByLabel('API key').fill(raterKey);
  await page.getByLabel('API key').press('Enter');
  await page.waitForFunction(() => document.getElementById('who').textContent.includes('your key'));
  const stored = await page.evaluate(() => localStorage.getItem('openhorde.rate.apikey'));
  if (stored !== raterKey) { throw new Error('the key is not in localStorage'); }
  const first = await shownImage(page, null);
  await page.locator('#image').screenshot({ path: screenshot });

  step(`rating ${first} by clicking: artifacts 2, rating 8`);
  await page.getByRole('button', { name: 'Artifacts 2' }).click();
  await page.getByRole('button', { name: 'Rate 8', exact: true }).click();
  await page.waitForFunction(() => document.getElementById('count').textContent === '1', null,
    { timeout: STEP_TIMEOUT });
  const second = await shownImage(page, first);

  step(`rating ${second} by keyboard: w (artifacts 1), 6`);
  await page.keyboard.press('w');
  await page.keyboard.press('6');
  await page.waitForFunction(() => document.getElementById('count').textContent === '2', null,
    { timeout: STEP_TIMEOUT });
  const kudos = Number(await page.locator('#kudos').textContent());
  const status = await page.locator('#status').textContent();
  step(`kudos shown: ${kudos}; status: ${status}`);

  console.log(`result ${JSON.stringify({ first, second, kudos })}`);
} catch (e) {
  console.log(`FAIL: ${e.message}`);
  // what the page itself said (its status line says why a rating was not recorded)
  try {
    const page = browser.contexts()[0]?.pages()[0];
    if (page) {
      console.log(`page status: ${await page.locator('#status').textContent()}; ratings sent: `
        + `${await page.locator('#count').textContent()}; active element: `
        + `${await page.evaluate(() => document.activeElement?.outerHTML?.slice(0, 120))}`);
    }
  } catch (ignored) { /* the page is gone */ }
  process.exitCode = 1;
} finally {
  await browser.close();
}
