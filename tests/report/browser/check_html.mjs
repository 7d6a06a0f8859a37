// Opens an HTML report in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core,
// which never downloads a browser of its own) and checks what a reader would meet: no console or
// page errors, and a matrix with the columns it declares. Takes a full-page screenshot.
//
//   node tests/report/browser/check_html.mjs <page.html> <screenshot.png> [--columns N]
//
// Prints one JSON line with what it found; exits 1 when a check fails, 2 on a usage error.
// --columns N: the number of result columns the matrix must have; by default the number its
// data-columns attribute declares (the writer states it, the browser counts what it rendered).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

const CHROMIUM = process.env.BLOBCONFORM_CHROMIUM || '/usr/bin/chromium';
const LAUNCH_TIMEOUT_MS = 60_000;
const LOAD_TIMEOUT_MS = 30_000;
// Errors from timers or handlers that run just after load still count.
const SETTLE_MS = 250;
const VIEWPORT = { width: 1280, height: 900 };

function usage(message) {
  process.stderr.write(`check_html: ${message}\n` +
    'usage: node check_html.mjs <page.html> <screenshot.png> [--columns N]\n');
  process.exit(2);
}

function parseArguments(argv) {
  const positional = [];
  let columns = null;
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--columns') {
      columns = Number.parseInt(argv[++i] ?? '', 10);
      if (!Number.isInteger(columns) || columns < 0) usage('--columns needs a number');
    } else {
      positional.push(argv[i]);
    }
  }
  if (positional.length !== 2) usage('expected a page and a screenshot path');
  return { page: resolve(positional[0]), screenshot: resolve(positional[1]), columns };
}

// What the page rendered: the matrix, its declared and rendered columns, its rows, and the
// controls the page's own script adds (none when the script failed).
function inspectPage() {
  const matrix = document.getElementById('matrix');
  if (!matrix) return { matrix: false };
  const declared = Number.parseInt(matrix.dataset.columns ?? '', 10);
  return {
    matrix: true,
    declaredColumns: Number.isInteger(declared) ? declared : null,
    columns: matrix.querySelectorAll('thead th[data-column]').length,
    rows: matrix.querySelectorAll('tbody tr').length,
    filters: document.querySelectorAll('#filters input').length,
  };
}

async function check(options) {
  const report = {
    ok: false, page: options.page, consoleErrors: [], pageErrors: [], problems: [],
    screenshot: options.screenshot, screenshotBytes: 0,
  };
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    timeout: LAUNCH_TIMEOUT_MS,
  });
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.on('console', (message) => {
      if (message.type() === 'error') report.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => report.pageErrors.push(String(error && error.stack || error)));
    await page.goto(pathToFileURL(options.page).href, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
    await page.waitForTimeout(SETTLE_MS);
    Object.assign(report, await page.evaluate(inspectPage));
    await page.screenshot({ path: options.screenshot, fullPage: true });
    // The "New only" view, where the page has one: after a click, the instances still shown
    // (their result columns) and those hidden.
    if (await page.$('#new-only')) {
      await page.click('#new-only');
      Object.assign(report, await page.evaluate(() => {
        const visible = [...document.querySelectorAll('details.instance')].filter((d) => !d.closest('[hidden]'));
        return {
          newOnlyShown: [...new Set(visible.map((d) => d.dataset.result))].sort(),
          newOnlyHidden: document.querySelectorAll('details.instance').length - visible.length,
        };
      }));
    }
    report.screenshotBytes = statSync(options.screenshot).size;
  } finally {
    await browser.close();
  }
  const expected = options.columns ?? report.declaredColumns;
  report.expectedColumns = expected;
  for (const error of report.consoleErrors) report.problems.push(`console error: ${error}`);
  for (const error of report.pageErrors) report.problems.push(`page error: ${error}`);
  if (!report.matrix) report.problems.push('no element with id "matrix"');
  else if (expected === null) report.problems.push('the matrix declares no data-columns and --columns was not given');
  else if (report.columns !== expected) report.problems.push(`the matrix has ${report.columns} columns, expected ${expected}`);
  if (report.screenshotBytes === 0) report.problems.push('the screenshot is empty');
  report.ok = report.problems.length === 0;
  return report;
}

const options = parseArguments(process.argv.slice(2));
try {
  const report = await check(options);
  process.stdout.write(JSON.stringify(report) + '\n');
  process.exit(report.ok ? 0 : 1);
} catch (error) {
  const problem = `cannot check ${options.page}: ${error && error.message || error}`;
  process.stdout.write(JSON.stringify({ ok: false, page: options.page, problems: [problem] }) + '\n');
  process.exit(1);
}
