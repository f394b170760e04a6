#!/usr/bin/env node
/**
 * The docs site in a real browser: `npm run docs:test`, after `npm run docs:build`.
 *
 * Serves docs/.vitepress/dist on loopback with a small static server (what any static host does: a file,
 * or 404.html with status 404), opens every page in headless Chromium and checks that:
 * - no console error and no uncaught exception occurred, and no request of the site failed (a Vue
 *   hydration mismatch is a console error too);
 * - every notebook in notebooks/ has a walkthrough page, and each walkthrough shows as many charts as its
 *   executed notebook has (build/notebooks/NAME.md), each an SVG that rendered: Vega's `g.mark-*` groups
 *   with drawn paths, rects or lines, and a non-empty box; the landing page shows its chart too;
 * - every internal link on every page resolves: the target answers 200 (not the 404 page) and, for a
 *   link with a #fragment, the target page has an element with that id.
 * It saves a screenshot of each page in docs/.screenshots/ (the top of the page, up to 8000 px, and, for a
 * page with charts, the window scrolled to its first chart).
 *
 * Chromium: /usr/bin/chromium (Debian's package), or $POISE_CHROMIUM; driven with playwright-core.
 */
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(repo, 'docs', '.vitepress', 'dist');
const shots = join(repo, 'docs', '.screenshots');
const executable = process.env.POISE_CHROMIUM ?? '/usr/bin/chromium';

const log = (msg) => console.log(`[docs:test] ${msg}`);
const failures = [];
const fail = (page, msg) => failures.push(`${page}: ${msg}`);

if (!existsSync(join(dist, 'index.html'))) {
  console.error('[docs:test] error: no built site in docs/.vitepress/dist: run npm run docs:build first');
  process.exit(1);
}
if (!existsSync(executable)) {
  console.error(`[docs:test] error: no Chromium at ${executable}: apt-get install -y --no-install-recommends chromium, or set POISE_CHROMIUM`);
  process.exit(1);
}

// ---- a static server for the built site ------------------------------------------------------------------

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.json': 'application/json', '.woff2': 'font/woff2', '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain',
};

/** The file a URL path names in dist/, as a static host resolves it (`/x/` -> x/index.html), or null. */
function fileFor(pathname) {
  let path = decodeURIComponent(pathname);
  if (path.endsWith('/')) path += 'index.html';
  const file = normalize(join(dist, path));
  if (!file.startsWith(dist + sep)) return null;
  if (existsSync(file) && statSync(file).isFile()) return file;
  if (existsSync(`${file}.html`)) return `${file}.html`; // a clean URL (/guide/init), as VitePress's own server
  return null;
}

const server = createServer((req, res) => {
  const file = fileFor(new URL(req.url, 'http://localhost').pathname);
  const status = file ? 200 : 404;
  const body = readFileSync(file ?? join(dist, '404.html'));
  res.writeHead(status, { 'content-type': TYPES[extname(file ?? '.html')] ?? 'application/octet-stream' });
  res.end(body);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

// ---- the pages to open ---------------------------------------------------------------------------------

const htmlPages = readdirSync(dist, { recursive: true })
  .filter((f) => f.endsWith('.html') && f !== '404.html')
  .map((f) => `/${f.split(sep).join('/')}`)
  .sort();

/** Charts each walkthrough must show: as many as the executed notebook's Markdown has. */
const expectedCharts = new Map();
const executedDir = join(repo, 'build', 'notebooks');
for (const nb of readdirSync(join(repo, 'notebooks')).filter((f) => f.endsWith('.ipynb'))) {
  const name = basename(nb, '.ipynb');
  const page = `/walkthroughs/${name}.html`;
  if (!htmlPages.includes(page)) fail(page, `notebooks/${nb} has no walkthrough page`);
  const md = join(executedDir, `${name}.md`);
  if (existsSync(md)) expectedCharts.set(page, (readFileSync(md, 'utf8').match(/<svg[\s>]/g) ?? []).length);
}
const walkthroughPages = htmlPages.filter((p) => p.startsWith('/walkthroughs/') && !p.endsWith('/index.html'));
if (walkthroughPages.length === 0) fail('/walkthroughs/', 'no walkthrough pages (were the notebooks executed?)');

// ---- in the browser --------------------------------------------------------------------------------------

rmSync(shots, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: executable,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const links = new Map(); // href (absolute, same origin) -> the first page that links to it
const started = performance.now();

for (const path of htmlPages) {
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => r.url().startsWith(origin) && errors.push(`request failed: ${r.url()}`));
  page.on('response', (r) => r.url().startsWith(origin) && r.status() >= 400 && errors.push(`HTTP ${r.status()}: ${r.url()}`));

  const response = await page.goto(origin + path, { waitUntil: 'load' });
  if (response?.status() !== 200) fail(path, `HTTP ${response?.status()}`);
  // Hydration has run once VitePress's app is mounted; give late errors a moment to surface.
  await page.waitForFunction(() => document.querySelector('#app')?.__vue_app__ !== undefined, null, { timeout: 15_000 }).catch(() => {
    errors.push('the Vue app never mounted');
  });
  await page.waitForTimeout(300);

  // Charts: every `.chart svg` must hold Vega marks that were drawn, in a box of non-zero size.
  const charts = await page.$$eval('.chart svg', (svgs) =>
    svgs.map((svg) => {
      const box = svg.getBoundingClientRect();
      const marks = svg.querySelectorAll('g[class*="mark-"]').length;
      const drawn = svg.querySelectorAll('g[class*="mark-"] path, g[class*="mark-"] rect, g[class*="mark-"] line').length;
      return { width: box.width, height: box.height, marks, drawn };
    }),
  );
  const expected = expectedCharts.get(path) ?? (walkthroughPages.includes(path) || path === '/index.html' ? 1 : 0);
  if (charts.length < expected) fail(path, `${charts.length} charts rendered, expected ${expected}`);
  charts.forEach((c, i) => {
    if (c.marks === 0 || c.drawn === 0 || c.width === 0 || c.height === 0) {
      fail(path, `chart ${i + 1} did not render (${c.marks} mark groups, ${c.drawn} drawn elements, ${c.width}x${c.height} px)`);
    }
  });

  // Internal links, checked after every page has been visited.
  const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
  for (const href of hrefs) {
    if (href.startsWith(origin) && !links.has(href)) links.set(href, path);
  }

  const name = path.slice(1).replace(/\.html$/, '').replace(/\//g, '_');
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.min(height, 8000) } });
  if (charts.length > 0) {
    // The first chart as a reader sees it: in the page, scrolled into view.
    await page.locator('.chart svg').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, `${name}.chart.png`) });
  }

  for (const e of errors) fail(path, e);
  log(`${path}: ${charts.length} charts, ${hrefs.length} links, ${errors.length} errors`);
  await page.close();
}
await browser.close();

// ---- internal links --------------------------------------------------------------------------------------

const pageCache = new Map();
async function fetchPage(url) {
  if (!pageCache.has(url)) {
    const r = await fetch(url);
    pageCache.set(url, { status: r.status, html: await r.text() });
  }
  return pageCache.get(url);
}
const notFound = readFileSync(join(dist, '404.html'), 'utf8');
for (const [href, from] of links) {
  const url = new URL(href);
  const target = await fetchPage(url.origin + url.pathname);
  if (target.status !== 200 || target.html === notFound) {
    fail(from, `broken link ${url.pathname} (HTTP ${target.status})`);
    continue;
  }
  const id = decodeURIComponent(url.hash.slice(1));
  if (id && !target.html.includes(`id="${id}"`)) fail(from, `broken anchor ${url.pathname}#${id}`);
}
server.close();

log(`${htmlPages.length} pages, ${links.size} internal links checked in ${((performance.now() - started) / 1000).toFixed(1)} s; screenshots in docs/.screenshots/`);
if (failures.length > 0) {
  console.error(`[docs:test] ${failures.length} failure(s):\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  process.exit(1);
}
log('ok');
