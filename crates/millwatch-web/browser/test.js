// Browser test of `millwatch serve` and the HTML report, in headless Chromium.
//
// Run by `cargo xtask test`, which installs Chromium and this package, builds millwatch,
// makes a demo case and serves it. Environment:
//   MILLWATCH_URL   the server's base URL (http://127.0.0.1:PORT)
//   MILLWATCH_DEMO  the demo folder (holds report.html)
//   MILLWATCH_SHOTS where to write screenshots
//   CHROMIUM        the browser (default /usr/bin/chromium)
// Any request that is not to the loopback server or a file:// URL fails the test.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const BASE = process.env.MILLWATCH_URL;
const DEMO = process.env.MILLWATCH_DEMO;
const SHOTS = process.env.MILLWATCH_SHOTS || path.join(process.cwd(), 'shots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
if (!BASE || !DEMO) {
  console.error('MILLWATCH_URL and MILLWATCH_DEMO must be set (run through `cargo xtask test`)');
  process.exit(2);
}

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Whether a request stays on this machine: file://, data: or our loopback server. */
function local(u) {
  let url;
  try { url = new URL(u); } catch { return false; }
  if (url.protocol === 'file:' || url.protocol === 'data:' || url.protocol === 'about:') return true;
  if (url.protocol !== 'http:') return false;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

const results = [];
async function step(name, f) {
  const started = Date.now();
  try {
    await f();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`);
    throw e;
  }
}

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'millwatch-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 860 },
    timeout: 60_000,
  });
  const outside = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (local(u)) return route.continue();
    outside.push(u);
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(15_000);
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  const shot = (name) => page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: false });

  try {
    // Pick a selector of the largest operation through the JSON API.
    let opId, selector;
    await step('the JSON API lists operations largest first', async () => {
      const list = await (await page.request.get(BASE + '/api/operations')).json();
      assert.ok(list.total > 0, 'no operations in the demo case');
      const sizes = list.operations.map((o) => o.size);
      assert.deepEqual(sizes, [...sizes].sort((a, b) => b - a));
      opId = list.operations[0].id;
      const op = await (await page.request.get(BASE + '/api/operation/' + encodeURIComponent(opId))).json();
      selector = op.selectors.find((s) => s.kind === 'phone') || op.selectors[0];
      assert.ok(selector, 'the largest operation has no selector');
    });

    await step('home page opens with operations and search', async () => {
      await page.goto(BASE + '/');
      await page.locator('h1', { hasText: 'Case' }).waitFor();
      assert.ok(await page.locator('a[href="/operations"]').count() > 0);
      await shot('01-home');
    });

    await step('search a selector and reach its operation', async () => {
      await page.fill('header input[name=q]', selector.value);
      await page.press('header input[name=q]', 'Enter');
      await page.waitForURL(/\/search\?q=/);
      await shot('02-search');
      await page.locator('ul.sels a.sel').first().click();
      await page.waitForURL(/\/selector\?/);
      await shot('03-selector');
      await page.locator(`a.op[href="/operation/${encodeURIComponent(opId)}"]`).first().click();
      await page.waitForURL(/\/operation\//);
      await page.locator('h1', { hasText: opId }).waitFor();
      const members = await page.locator('table.members tbody tr').count();
      assert.ok(members > 1, `only ${members} members shown`);
      await shot('04-operation');
    });

    await step('the graph starts at the operation and expands on click', async () => {
      await page.locator('a', { hasText: 'open in graph' }).click();
      await page.waitForURL(/\/graph\?node=o%3A/);
      const nodes = page.locator('#graph-svg g.node');
      await page.waitForFunction(() => document.querySelectorAll('#graph-svg g.node').length > 1);
      const before = await nodes.count();
      assert.equal(await page.locator('#graph-svg g.node.operation.expanded').count(), 1);
      await page.locator('#graph-svg g.node.record:not(.expanded)').first().click();
      await page.waitForFunction(
        (n) => document.querySelectorAll('#graph-svg g.node').length > n, before);
      const after = await nodes.count();
      assert.ok(after > before, `${before} -> ${after}`);
      await page.waitForTimeout(200);
      await shot('05-graph');
    });

    await step('an annotation on the operation survives a reload', async () => {
      await page.goto(BASE + '/operation/' + encodeURIComponent(opId));
      const body = 'browser test note ' + Date.now();
      await page.selectOption('form.annotate select[name=kind]', 'status');
      await page.fill('form.annotate input[name=body]', body);
      await page.fill('form.annotate input[name=author]', 'playwright');
      await page.click('form.annotate button');
      await page.waitForURL(/\/operation\//);
      await page.reload();
      await page.locator('ul.annotations li', { hasText: body }).waitFor();
      await page.locator('ul.annotations').scrollIntoViewIfNeeded();
      await shot('06-annotated');
    });

    await step('the operations list pages', async () => {
      await page.goto(BASE + '/operations');
      const rows = await page.locator('table.ops tbody tr').count();
      assert.ok(rows > 0);
      await shot('07-operations');
    });

    await step('re-linking shows progress until done', async () => {
      await page.goto(BASE + '/');
      await page.locator('form[action="/link"] button').click();
      await page.waitForURL(/\/jobs\/\d+/);
      await page.locator('#job-state').waitFor();
      await shot('08-job-running');
      // When the job ends the page reloads with the result rendered by the server.
      await page.locator('#job.done #job-result a[href="/operations"]').waitFor({ timeout: 60_000 });
      assert.equal(await page.locator('#job-bar').evaluate((b) => b.value), 100);
      await shot('09-job-done');
    });

    await step('a file uploaded through the form is ingested, linked and found', async () => {
      const word = 'quokkamatic';
      // A name a hostile source could send: it must show as text, never as markup.
      const name = 'tips <img src=x onerror=alert(1)> partner.csv';
      const csv = 'id,text,phone\n' +
        `U1,Tip: the ${word} trading app recruiter asked for a deposit,+855 97 111 2222\n` +
        `U2,Second tip about the ${word} recruiter,+855 97 111 2222\n` +
        'U3,a row with a missing value\n';
      await page.goto(BASE + '/');
      await page.locator('form.upload input[type=file]').setInputFiles([
        { name, mimeType: 'text/csv', buffer: Buffer.from(csv) },
      ]);
      assert.ok(await page.locator('form.upload input[name=link][type=checkbox]').isChecked());
      await page.locator('form.upload button').click();
      await page.waitForURL(/\/jobs\/\d+/);
      await page.locator('h1', { hasText: 'Ingesting uploaded files' }).waitFor();
      await shot('11a-upload-running');
      await page.locator('#job.done #job-result p.summary').waitFor({ timeout: 60_000 });
      assert.equal(await page.locator('#job-files').textContent(), '1 of 1 files · 190 bytes of 190 bytes');
      const summary = await page.locator('#job-result p.summary').textContent();
      assert.match(summary, /3 records added from 1 new file\. 1 warning, listed below\./);
      assert.equal(await page.locator('#job-result table.files td.name').first().textContent(), name);
      assert.equal(await page.locator('main img').count(), 0);
      assert.ok(await page.locator('#job-result table.diags tbody tr').count() >= 1, 'the short row is reported');
      await page.locator('#job-result a[href="/operations"]').waitFor();
      assert.equal(await page.locator('#job-bar').evaluate((b) => b.value), 100);
      await shot('11b-upload-done');
      await page.fill('header input[name=q]', word);
      await page.press('header input[name=q]', 'Enter');
      await page.waitForURL(/\/search\?q=/);
      const hits = page.locator('ol.hits li', { hasText: word });
      assert.ok(await hits.count() >= 2, 'the uploaded rows are not found');
      assert.ok((await hits.first().textContent()).includes(name));
      assert.equal(await page.locator('main img').count(), 0);
      await shot('12-upload-search');
    });

    await step('the app pages raised no script errors', async () => {
      assert.deepEqual(pageErrors, []);
    });

    await step('the report renders from file:// and is self-contained', async () => {
      const report = 'file://' + path.resolve(DEMO, 'report.html');
      await page.goto(report);
      const title = await page.title();
      assert.ok(title.length > 0, 'report has no title');
      const sections = await page.locator('h2').count();
      assert.ok(sections > 0, 'report shows nothing');
      const external = await page.evaluate(() => {
        const bad = [];
        const ext = (v) => /^\s*([a-z][a-z0-9+.-]*:|\/\/)/i.test(v) && !/^\s*(data:|#)/i.test(v);
        for (const el of document.querySelectorAll('[src],[href],[srcset],[action],[poster],[data]')) {
          for (const a of ['src', 'href', 'srcset', 'action', 'poster', 'data']) {
            const v = el.getAttribute(a);
            if (v !== null && ext(v)) bad.push(`${el.tagName} ${a}=${v}`);
          }
        }
        const css = [...document.querySelectorAll('style')].map((s) => s.textContent)
          .concat([...document.querySelectorAll('[style]')].map((e) => e.getAttribute('style')));
        for (const text of css) {
          for (const m of text.matchAll(/url\(\s*['"]?([^'")]*)/gi)) if (ext(m[1])) bad.push('css url(' + m[1] + ')');
          for (const m of text.matchAll(/@import\s+['"]?([^'";]*)/gi)) bad.push('css @import ' + m[1]);
        }
        return bad;
      });
      assert.deepEqual(external, []);
      await shot('10-report');
    });

    await step('no request left the machine', async () => {
      assert.deepEqual(outside, []);
    });

    await step('the request guard itself catches an outside request', async () => {
      // On a blank page (no CSP of ours to stop it first), an image from a documentation
      // address (TEST-NET-3): the guard must see it and abort it before it is sent.
      await page.goto('about:blank');
      await page.setContent('<img src="http://203.0.113.7/pixel.png">');
      await page.waitForFunction(() => document.images[0] && document.images[0].complete);
      assert.deepEqual(outside, ['http://203.0.113.7/pixel.png']);
    });
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main()
  .catch((e) => {
    // A failed step has already said why; anything else (launch, setup) says it here.
    if (!results.some((r) => !r.ok)) {
      results.push({ name: 'setup', ok: false });
      console.log(`FAIL setup: ${e && e.stack ? e.stack : e}`);
    }
  })
  .finally(() => {
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed;
    console.log(`${passed} passed, ${failed} failed`);
    process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
  });
