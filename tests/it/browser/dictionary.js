// Drives the generated dictionary in headless Chromium (Debian's package) through
// puppeteer-core, which talks the DevTools protocol and never downloads a browser.
// Usage: node dictionary.js SITE_DIR ARTIFACTS_DIR
// Prints one JSON line of results; exits 1 with a message on the first failed check.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const puppeteer = require('puppeteer-core');

const [site, artifacts] = process.argv.slice(2);
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const axeSource = require.resolve('axe-core/axe.min.js');

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// A static server for the site on 127.0.0.1 (a random port), as GitLab Pages would serve it.
function serve(root) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.join(root, rel);
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      // As GitLab Pages does: the site's 404.html, when it has one.
      const notFound = path.join(root, '404.html');
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(fs.existsSync(notFound) ? fs.readFileSync(notFound) : 'not found');
      return;
    }
    res.writeHead(200, { 'content-type': (types[path.extname(file)] || 'application/octet-stream') + '; charset=utf-8' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
  const results = {};
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'eventdef-chromium-'));
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'eventdef-downloads-'));
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`,
      // file:// pages may not download blobs into a folder without this.
      '--allow-file-access-from-files',
    ],
  });
  const server = await serve(path.resolve(site));
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const errors = [];
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
    page.on('pageerror', (err) => errors.push(String(err)));
    page.on('dialog', async (dialog) => { errors.push('a dialog opened: ' + dialog.message()); await dialog.dismiss(); });

    const fileUrl = (rel) => 'file://' + path.resolve(site, rel);
    // The index and the definition page build their content by script; they mark the
    // document ready when it is there.
    const ready = () => page.waitForSelector('html[data-ready="true"]', { timeout: 5000 });
    const open = async (url) => {
      await page.goto(url, { waitUntil: 'load' });
      if (/(index|definition)\.html/.test(url)) await ready();
    };
    const follow = async (action) => {
      await Promise.all([page.waitForNavigation(), action()]);
      if (/(index|definition)\.html/.test(page.url())) await ready();
    };
    const definition = (file) => fileUrl('definition.html') + '?id=' + file;
    const rows = () => page.$$eval('#table tbody tr', (trs) => trs.length);
    const status = () => page.$eval('#status', (el) => el.textContent);
    const axe = async (label) => {
      await page.addScriptTag({ path: axeSource });
      const report = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
      const bad = report.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      check(bad.length === 0, `${label}: accessibility violations: ` +
        JSON.stringify(bad.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.html) }))));
      results[`axe ${label}`] = report.violations.map((v) => `${v.id} (${v.impact})`);
    };

    // 1. From disk: every metric is listed.
    await open(fileUrl('index.html'));
    const data = await page.evaluate(() => ({ metrics: window.EVENTDEF_DICTIONARY.metrics.length, events: window.EVENTDEF_DICTIONARY.events.length }));
    check(await rows() === data.metrics, `file://: expected ${data.metrics} rows, got ${await rows()}`);
    results.file_rows = await rows();
    await page.screenshot({ path: path.join(artifacts, 'index.png'), fullPage: false });
    await axe('index');

    // 2. Search, with `/` from the page.
    await page.keyboard.press('/');
    check(await page.evaluate(() => document.activeElement.id) === 'search', '`/` does not focus the search');
    await page.keyboard.type('hostile');
    check(await rows() === 1, `search "hostile": expected 1 row, got ${await rows()} (${await status()})`);
    check(/q=hostile/.test(page.url()), `the search is not in the URL: ${page.url()}`);
    results.search_ms = await page.evaluate(() => window.__dictionaryTimings.last);
    // Event names are searched too: the metrics counting apply_suggestion_in_merge_request.
    await page.$eval('#search', (el) => { el.value = ''; });
    await page.type('#search', 'apply_suggestion_in');
    const byEvent = await rows();
    check(byEvent >= 3, `search by event name: expected at least 3 metrics, got ${byEvent}`);

    // 3. A filter, combined with the search, and reflected in the URL.
    await page.select('select[data-facet="time_frame"]', '7d');
    const filtered = await rows();
    check(filtered >= 1 && filtered < byEvent, `filter time_frame=7d: expected fewer rows than ${byEvent}, got ${filtered}`);
    check(/time_frame=7d/.test(page.url()), `the filter is not in the URL: ${page.url()}`);
    results.filter_ms = await page.evaluate(() => window.__dictionaryTimings.last);

    // Sorting by a column, both ways, and the column chooser.
    await page.click('button[data-sort="key_path"]');
    await page.click('button[data-sort="key_path"]');
    check(await page.$eval('th.col-key_path', (th) => th.getAttribute('aria-sort')) === 'descending', 'sort descending');
    const sortedKeys = await page.$$eval('#table tbody a.row-link', (as) => as.map((a) => a.textContent));
    check(JSON.stringify(sortedKeys) === JSON.stringify([...sortedKeys].sort().reverse()), `not sorted: ${sortedKeys}`);
    await page.click('details.columns summary');
    await page.click('input[data-column="data_category"]');
    check((await page.$$eval('#table thead th', (ths) => ths.map((th) => th.textContent))).includes('Data category'),
      'the column chooser did not add the column');
    check(/cols=/.test(page.url()) && /sort=key_path/.test(page.url()), `columns and sort not in the URL: ${page.url()}`);
    await page.click('details.columns summary');

    // 4. CSV of the filtered rows.
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    await page.click('#download');
    const csvPath = path.join(downloads, 'metrics.csv');
    for (let i = 0; i < 50 && !fs.existsSync(csvPath); i++) await new Promise((r) => setTimeout(r, 100));
    check(fs.existsSync(csvPath), 'Download CSV wrote no metrics.csv');
    const csv = fs.readFileSync(csvPath, 'utf8').trim().split(/\r\n/);
    check(csv[0].startsWith('Key path,Description') && csv[0].endsWith('Data category'), `CSV header: ${csv[0]}`);
    check(csv.length === filtered + 1, `CSV: expected ${filtered} rows, got ${csv.length - 1}`);
    results.csv_rows = csv.length - 1;

    // 5. State restored from a URL: the events view, a search and a filter.
    await open(fileUrl('index.html') + '?view=events&q=suggestion&kind=internal');
    check(await page.$eval('#view-events', (el) => el.getAttribute('aria-pressed')) === 'true', 'view=events not restored');
    check(await page.$eval('#search', (el) => el.value) === 'suggestion', 'q not restored');
    check(await page.$eval('select[data-facet="kind"]', (el) => el.value) === 'internal', 'kind filter not restored');
    const restored = await rows();
    check(restored === 4, `restored state: expected 4 internal events about suggestions, got ${restored}`);

    // 6. Keyboard: arrows from the search into the rows, Enter opens the detail page.
    await page.focus('#search');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const second = await page.evaluate(() => document.activeElement.textContent);
    await follow(() => page.keyboard.press('Enter'));
    check(decodeURIComponent(page.url()).includes('definition.html?id=') && decodeURIComponent(page.url()).endsWith(second + '.yml'),
      `Enter opened ${page.url()}, not ${second}`);
    check(await page.$eval('main h1 code', (el) => el.textContent) === second, 'the definition page shows another definition');
    check((await page.title()).startsWith(second + ' · '), `definition page title: ${await page.title()}`);

    // 7. Event → metric → event.
    await open(definition('config/events/apply_suggestion_in_merge_request.yml'));
    check(await page.$('details.snippet pre code') !== null, 'the event page has no usage snippet');
    const metricLinks = await page.$$eval('ul.links a', (as) => as.map((a) => a.textContent));
    check(metricLinks.includes('counts.count_total_apply_suggestion_in_merge_request'), `event page links: ${metricLinks}`);
    await page.screenshot({ path: path.join(artifacts, 'detail.png'), fullPage: false });
    await axe('event page');
    await follow(() => page.click('ul.links a'));
    const backLinks = await page.$$eval('ul.links a', (as) => as.map((a) => a.textContent));
    check(backLinks.includes('apply_suggestion_in_merge_request'), `metric page does not link back: ${backLinks}`);
    await axe('metric page');

    // 8. Hostile text is shown as text.
    await open(definition('config/events/hostile_description_shown.yml'));
    const description = await page.$eval('.description', (el) => el.textContent);
    check(description.startsWith("<script>alert('dictionary')</script>"), `hostile description: ${description.slice(0, 80)}`);
    check(await page.$$eval('main script, main img, main b', (els) => els.length) === 0, 'hostile markup became elements');
    await open(fileUrl('index.html') + '?q=hostile');
    check(await page.$$eval('#table tbody script, #table tbody img', (els) => els.length) === 0, 'hostile markup in the table');

    // 9. Problems page, removed definitions marked.
    await open(fileUrl('problems.html'));
    const problems = await page.$$eval('table.problems tbody tr', (trs) => trs.length);
    check(problems >= 5, `problems page: ${problems} rows`);
    await axe('problems page');
    await follow(() => page.click('table.problems a'));
    check(await page.$('main h1 code') !== null, `a link of the problems page shows no definition: ${page.url()}`);
    await open(definition('config/events/removed/click_apply_suggestion_button.yml'));
    check(await page.$('.banner.removed') !== null, 'a removed event is not marked');

    // 10. Dark mode and a phone's width.
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    await page.setViewport({ width: 390, height: 844 });
    await open(fileUrl('index.html'));
    await axe('index, dark, phone');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `the page is ${overflow}px wider than a phone`);
    await page.screenshot({ path: path.join(artifacts, 'index-dark-phone.png'), fullPage: false });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    await page.setViewport({ width: 1280, height: 900 });

    // 11. Over HTTP, as a static host serves it.
    const base = `http://127.0.0.1:${server.address().port}/`;
    await open(base + 'index.html?view=events');
    check(await rows() === data.events, `http: expected ${data.events} event rows, got ${await rows()}`);
    const firstEvent = await page.$eval('#table tbody a.row-link', (a) => a.textContent);
    await follow(() => page.click('#table tbody a.row-link'));
    check(page.url().startsWith(base + 'definition.html?id='), `http: the row link went to ${page.url()}`);
    check(await page.$eval('main h1 code', (el) => el.textContent) === firstEvent, 'http: the definition page shows another definition');

    check(errors.length === 0, 'console errors: ' + errors.join(' | '));
    // A link of the earlier layout (a file per definition, d/FILE.html) goes on to its definition.
    await page.goto(base + 'd/config/events/apply_suggestion_in_merge_request.yml.html', { waitUntil: 'load' });
    await page.waitForFunction(() => location.pathname.endsWith('/definition.html'), { timeout: 5000 });
    await ready();
    check(await page.$eval('main h1 code', (el) => el.textContent) === 'apply_suggestion_in_merge_request',
      `an old d/ link ended at ${page.url()}`);
    // Chromium logs the 404 status of that first load as an error; nothing else may be logged.
    const others = errors.filter((e) => !/status of 404/.test(e));
    check(others.length === 0, 'console errors: ' + others.join(' | '));
    results.ok = true;
    process.stdout.write(JSON.stringify(results) + '\n');
  } finally {
    server.close();
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
    fs.rmSync(downloads, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack || err) + '\n');
  process.exit(1);
});
