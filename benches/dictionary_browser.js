// The dictionary's index page in headless Chromium (Debian's package, through puppeteer-core):
// how long until it is interactive, and how long each search keystroke and filter change takes
// to update the table, as the page measures them with performance.now(); and how long the
// definition page takes to show a definition (loading and decompressing its shard).
// Usage: node dictionary_browser.js SITE_DIR [--screenshot FILE]   (prints one JSON line)
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

const args = process.argv.slice(2);
const site = path.resolve(args[0]);
const shotAt = args.indexOf('--screenshot');
const screenshot = shotAt >= 0 ? path.resolve(args[shotAt + 1]) : null;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
}

async function main() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'eventdef-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    const url = 'file://' + path.join(site, 'index.html');
    // One load to warm the disk cache, then the measured one.
    await page.goto(url, { waitUntil: 'load' });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('html[data-ready="true"]');
    const interactive = await page.evaluate(() => window.__dictionaryTimings.ready);
    const rows = await page.evaluate(() => window.EVENTDEF_DICTIONARY.metrics.length + window.EVENTDEF_DICTIONARY.events.length);

    await page.evaluate(() => { window.__dictionaryTimings.updates = []; });
    await page.focus('#search');
    await page.keyboard.type('count user');
    const keystrokes = await page.evaluate(() => window.__dictionaryTimings.updates.slice());
    await page.$eval('#reset', (b) => b.click());

    await page.evaluate(() => { window.__dictionaryTimings.updates = []; });
    const facets = await page.$$eval('select[data-facet]', (ss) => ss.map((s) => [s.dataset.facet, s.options.length > 1 ? s.options[1].value : '']));
    for (const [facet, value] of facets) {
      await page.select(`select[data-facet="${facet}"]`, value);
      await page.select(`select[data-facet="${facet}"]`, '');
    }
    const filters = await page.evaluate(() => window.__dictionaryTimings.updates.slice());
    if (screenshot) {
      await page.$eval('#reset', (b) => b.click());
      await page.screenshot({ path: screenshot });
    }
    // Definition pages: the first metric's and the last event's, each loaded twice (the first
    // warms the disk cache), from navigation start to the definition shown.
    const pages = await page.evaluate(() => [window.EVENTDEF_DICTIONARY.metrics[0].page,
      window.EVENTDEF_DICTIONARY.events[window.EVENTDEF_DICTIONARY.events.length - 1].page]);
    const definitions = [];
    for (const href of pages) {
      for (let i = 0; i < 2; i++) {
        await page.goto('file://' + path.join(site, href.split('?')[0]) + '?' + href.split('?')[1], { waitUntil: 'load' });
        await page.waitForSelector('html[data-ready="true"]');
        if (await page.$('main h1 code') === null) throw new Error('no definition shown at ' + href);
      }
      definitions.push(await page.evaluate(() => window.__definitionTimings.ready));
    }
    const round = (x) => Math.round(x * 10) / 10;
    process.stdout.write(JSON.stringify({
      rows,
      interactive_ms: round(interactive),
      keystroke_ms_median: round(median(keystrokes)),
      keystroke_ms_max: round(Math.max(...keystrokes)),
      filter_ms_median: round(median(filters)),
      filter_ms_max: round(Math.max(...filters)),
      definition_ms_max: round(Math.max(...definitions)),
      keystrokes: keystrokes.length,
      filter_changes: filters.length,
    }) + '\n');
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack || err) + '\n');
  process.exit(1);
});
