// WorkerConsoleIT's browser half: Debian's Chromium, driven by playwright-core, steers a running reference worker
// through its web console while the script checks, on the horde itself, that each change arrived.
//
// Environment: CONSOLE_URL (the worker's console, no token), CONSOLE_TOKEN, HORDE_URL, WORKER_NAME, REQUESTER_KEY,
// MODEL (the worker's model), SCREENSHOT (PNG to write), CHROMIUM (default /usr/bin/chromium).
// Prints one line per step; exits 1 on the first failed check.
import { chromium } from 'playwright-core';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) { throw new Error(`${name} is not set`); }
  return value;
};
const consoleUrl = env('CONSOLE_URL');
const token = env('CONSOLE_TOKEN');
const horde = env('HORDE_URL');
const workerName = env('WORKER_NAME');
const requesterKey = env('REQUESTER_KEY');
const model = env('MODEL');
const screenshot = env('SCREENSHOT');
const STEP_TIMEOUT = 15_000;

const started = Date.now();
const step = (text) => console.log(`step (${Date.now() - started} ms): ${text}`);

async function until(what, probe, timeout = STEP_TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await probe().catch((e) => `error: ${e.message}`);
    if (last === true) { return; }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`not within ${timeout} ms: ${what} (last: ${JSON.stringify(last)})`);
}

async function workerOnHorde() {
  const response = await fetch(`${horde}/api/v2/workers/name/${encodeURIComponent(workerName)}`);
  if (!response.ok) { throw new Error(`worker details: HTTP ${response.status}`); }
  return response.json();
}

const browser = await chromium.launch({
  executablePath: env('CHROMIUM', '/usr/bin/chromium'),
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  page.on('dialog', (dialog) => dialog.accept());
  const badge = page.locator('#state');

  step('a wrong token in the address: the page asks for the token and shows nothing of the worker');
  await page.goto(`${consoleUrl}#token=${'0'.repeat(32)}`);
  await page.getByRole('textbox', { name: 'Console token' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  if (await page.locator('#console').isVisible()) { throw new Error('the console showed with a wrong token'); }

  step('the right token, typed into the labelled field and sent with the keyboard');
  await page.getByRole('textbox', { name: 'Console token' }).fill(token);
  await page.getByRole('textbox', { name: 'Console token' }).press('Enter');
  await page.locator('#console').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  await until('the live status says running', async () => (await badge.textContent()) === 'running');
  await until('the owner details from find_user are shown',
    async () => (await page.locator('#h-user').textContent()).includes('#'));

  step('max_threads 1 -> 3 in the settings form, saved with Enter');
  const threads = page.getByLabel('Threads (max_threads)');
  if ((await threads.inputValue()) !== '1') { throw new Error(`threads start at ${await threads.inputValue()}`); }
  await threads.fill('3');
  await threads.press('Enter');
  await until('the page confirms the save',
    async () => (await page.locator('#settings-message').textContent()).startsWith('Saved: max_threads'));
  await until('the horde records threads 3 from the next pop', async () => (await workerOnHorde()).threads === 3);
  step('the horde says threads 3');

  step('maintenance on, by keyboard: focus the switch and press Enter');
  const maintenance = page.getByRole('button', { name: /^Maintenance:/ });
  await maintenance.focus();
  await page.keyboard.press('Enter');
  await until('the horde reports maintenance', async () => (await workerOnHorde()).maintenance_mode === true);
  await until('the page shows maintenance on', async () =>
    (await page.locator('#h-maintenance').textContent()) === 'on'
    && (await maintenance.getAttribute('aria-pressed')) === 'true');
  await until('the next pop is refused for maintenance and the page says so',
    async () => (await page.locator('#s-answer').textContent()).includes('WorkerMaintenance'));
  await page.screenshot({ path: screenshot, fullPage: true });
  step(`screenshot written: ${screenshot}`);

  step('maintenance off');
  await maintenance.click();
  await until('the horde reports maintenance off', async () => (await workerOnHorde()).maintenance_mode === false);
  await until('the page shows maintenance off', async () => (await page.locator('#h-maintenance').textContent()) === 'off');

  step('a request for the worker, then Stop while its job is in hand');
  const asked = await fetch(`${horde}/api/v2/generate/async`, {
    method: 'POST',
    headers: { apikey: requesterKey, 'Content-Type': 'application/json', 'Client-Agent': 'worker-console-it:1:openhorde' },
    body: JSON.stringify({
      prompt: 'a lighthouse seen from a couch', models: [model], r2: true, shared: false,
      params: { width: 512, height: 512, steps: 15, n: 1 },
    }),
  });
  if (asked.status !== 202) { throw new Error(`generate/async: HTTP ${asked.status} ${await asked.text()}`); }
  const requestId = (await asked.json()).id;
  await until('the page shows the job in hand', async () =>
    (await page.locator('#s-in-hand').textContent()).startsWith('1 /'));
  await page.getByRole('button', { name: 'Stop the worker' }).click();
  await until('the page says the worker stopped', async () => (await badge.textContent()) === 'stopped');
  const check = await (await fetch(`${horde}/api/v2/generate/check/${requestId}`)).json();
  if (check.done !== true) { throw new Error(`the job in hand was not delivered before the stop: ${JSON.stringify(check)}`); }
  step('stopped after delivering the job in hand');
  console.log(`REQUEST_ID=${requestId}`);
  step('done');
} finally {
  await browser.close();
}
