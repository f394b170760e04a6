#!/usr/bin/env node
/**
 * Generates the docs site's build-time pages (all git-ignored), before `vitepress build docs`:
 *
 * - docs/walkthroughs/: one page per executed notebook in build/notebooks/*.md (what `npm run notebooks`
 *   writes), so every number and chart a walkthrough shows comes from the notebook run of the same build.
 *   Any notebook there is picked up: its title is its first heading, its sidebar entry is generated.
 * - docs/api/: the API reference, TypeDoc from the doc comments (tools/docs/api.mjs).
 * - docs/.generated/: the sidebar entries (sidebar.json, read by docs/.vitepress/config.mts) and the landing
 *   page's chart (landing-chart.md, included by docs/index.md). A dot folder: VitePress makes no page of it.
 *
 * Usage: node tools/docs/generate.mjs [--allow-missing]. Without --allow-missing (what `docs:build` and CI
 * use) every notebooks/*.ipynb must have been executed into build/notebooks/ after its last change;
 * `docs:dev` passes it, so the site can be worked on before `npm run notebooks` has run.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateApi } from './api.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const docs = join(repo, 'docs');
const executedDir = join(repo, 'build', 'notebooks');
const walkthroughsDir = join(docs, 'walkthroughs');
const generatedDir = join(docs, '.generated');
const allowMissing = process.argv.includes('--allow-missing');

const log = (msg) => console.log(`[docs] ${msg}`);
function fail(msg) {
  console.error(`[docs] error: ${msg}`);
  process.exit(1);
}

/** The chart the landing page shows: the seeds' four inits side by side; else the first chart there is. */
const LANDING_CHART = /tanh activations h at step 0 \(plt\.hist/;

// ---- the executed notebooks ------------------------------------------------------------------------------

const sources = readdirSync(join(repo, 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort();
// An executed notebook whose source is gone (a renamed or deleted notebook) is left out: it is not of this build.
const executed = (existsSync(executedDir) ? readdirSync(executedDir) : [])
  .filter((f) => f.endsWith('.md'))
  .filter((f) => sources.includes(`${basename(f, '.md')}.ipynb`) || void log(`warning: skipping build/notebooks/${f}: no notebooks/${basename(f, '.md')}.ipynb`))
  .sort();
for (const src of sources) {
  const name = basename(src, '.ipynb');
  const md = join(executedDir, `${name}.md`);
  const problem = !existsSync(md)
    ? `notebooks/${src} has not been executed (no build/notebooks/${name}.md)`
    : statSync(md).mtimeMs < statSync(join(repo, 'notebooks', src)).mtimeMs
      ? `notebooks/${src} changed after build/notebooks/${name}.md was made`
      : null;
  if (problem && allowMissing) log(`warning: ${problem}; run npm run notebooks`);
  else if (problem) fail(`${problem}: run npm run notebooks first (the walkthroughs are made from its output)`);
}

/** Splits Markdown into fenced code blocks and the text between them, so edits never touch code. */
function splitFences(markdown) {
  return markdown.split(/^(```[\s\S]*?^```[ \t]*$)/m).map((part, i) => ({ code: i % 2 === 1, text: part }));
}

/** The first `# ` heading outside code: the walkthrough's title. */
function firstHeading(markdown) {
  for (const part of splitFences(markdown)) {
    const m = !part.code && /^#\s+(.+?)\s*#*\s*$/m.exec(part.text);
    if (m) return m[1].replace(/`/g, '');
  }
  return null;
}

/** The first paragraph after the title, as plain text: the walkthrough's summary on the index page. */
function summary(markdown) {
  const text = splitFences(markdown).find((p) => !p.code)?.text ?? '';
  const para = text.replace(/^#.*$/m, '').trim().split(/\n\s*\n/)[0] ?? '';
  return para.replace(/\s+/g, ' ').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').trim();
}

/**
 * Makes a notebook's Markdown safe for VitePress while keeping its charts inline:
 * - every chart (a one-line `<svg>...</svg>` from the nbconvert template) is wrapped in a
 *   `<div class="chart">` HTML block, so markdown-it passes it through untouched (an `<svg>` line on its own
 *   would be parsed as a paragraph, and `_` or `*` in its text as emphasis);
 * - relative links (to repository files, which the site does not have) become plain text;
 * - the caller wraps the whole page in `<div v-pre>`, so Vue compiles none of it (`{{`, `<T>` in outputs).
 */
function adaptNotebookMarkdown(markdown, name) {
  let charts = 0;
  const body = splitFences(markdown)
    .map((part) => {
      if (part.code) return part.text;
      return part.text
        .replace(/^[ \t]*(<svg[\s\S]*?<\/svg>)[ \t]*$/gm, (_, svg) => {
          charts++;
          return `<div class="chart">\n${svg.replace(/\n\s*\n/g, '\n')}\n</div>`;
        })
        .replace(/(?<!!)\[([^\]]+)\]\((?!https?:|mailto:|#)([^)]+)\)/g, (_, label, target) => {
          log(`warning: ${name}: relative link to ${target} made plain text (the site has no such page)`);
          return label;
        });
    })
    .join('');
  return { body, charts };
}

rmSync(walkthroughsDir, { recursive: true, force: true });
mkdirSync(walkthroughsDir, { recursive: true });
rmSync(generatedDir, { recursive: true, force: true });
mkdirSync(generatedDir, { recursive: true });

const walkthroughs = [];
for (const file of executed) {
  const name = basename(file, '.md');
  const markdown = readFileSync(join(executedDir, file), 'utf8');
  const title = firstHeading(markdown) ?? name;
  const { body, charts } = adaptNotebookMarkdown(markdown, name);
  const source = `notebooks/${name}.ipynb`;
  const page = [
    '---',
    `title: ${JSON.stringify(title)}`,
    'outline: [2, 3]',
    'editLink: false',
    '---',
    '',
    `<p class="walkthrough-source">Generated from <code>${source}</code>, executed by <code>npm run notebooks</code> ` +
      `in this build of the site: every number and chart below is that run's output.</p>`,
    '',
    '<div v-pre class="walkthrough">',
    '',
    body.trim(),
    '',
    '</div>',
    '',
  ].join('\n');
  writeFileSync(join(walkthroughsDir, `${name}.md`), page);
  walkthroughs.push({ name, title, charts, summary: summary(markdown), markdown });
  log(`walkthrough ${name}: "${title}", ${charts} charts`);
}

// The walkthroughs' index page, listing whatever notebooks there are.
writeFileSync(
  join(walkthroughsDir, 'index.md'),
  [
    '---',
    'title: Walkthroughs',
    'editLink: false',
    '---',
    '',
    '# Walkthroughs',
    '',
    "The notebooks in `notebooks/`, executed by `npm run notebooks` in this site's build (at the quick scale " +
      'that CI runs) and converted to pages with their charts inline. Run them yourself with `npm run notebooks`, ' +
      'or open them in Jupyter with the tslab kernel.',
    '',
    ...(walkthroughs.length === 0
      ? ['No notebook has been executed yet: run `npm run notebooks`, then rebuild the site.']
      : walkthroughs.map((w) => `- **[${w.title}](./${w.name}.md)**: ${w.summary.replace(/[{}<>]/g, '')}\n`)),
    '',
  ].join('\n'),
);

// ---- the landing page's chart ----------------------------------------------------------------------------

const charts = walkthroughs.flatMap((w) => [...w.markdown.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => ({ w, svg: m[0] })));
const landing = charts.find((c) => LANDING_CHART.test(c.svg)) ?? charts[0];
const caption = landing && LANDING_CHART.test(landing.svg)
  ? 'The first layer\'s tanh activations at step zero under the four schemes: with a plain <code>randn</code> ' +
    'init most units sit at ±1, saturated; the magic numbers, Kaiming\'s gain and batch norm bring them back. '
  : '';
writeFileSync(
  join(generatedDir, 'landing-chart.md'),
  landing
    ? `<figure class="landing-chart">\n<div class="chart" v-pre>\n${landing.svg}\n</div>\n<figcaption>${caption}From ` +
        `the walkthrough <a href="/walkthroughs/${landing.w.name}.html">${landing.w.title}</a>, executed in this ` +
        'build.</figcaption>\n</figure>\n'
    : '<p class="landing-chart">The charts appear here once the notebooks have been executed (<code>npm run notebooks</code>).</p>\n',
);
if (landing) log(`landing chart from ${landing.w.name}`);

// ---- the API reference, and the sidebar ----------------------------------------------------------------

const t0 = performance.now();
const api = await generateApi(repo, join(docs, 'api'));
log(`API reference: ${api.length - 1} pages in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

writeFileSync(
  join(generatedDir, 'sidebar.json'),
  `${JSON.stringify(
    {
      walkthroughs: [{ text: 'Overview', link: '/walkthroughs/' }, ...walkthroughs.map((w) => ({ text: w.title, link: `/walkthroughs/${w.name}` }))],
      api,
    },
    null,
    2,
  )}\n`,
);
log(`${walkthroughs.length} walkthroughs, sidebar in ${relative(repo, generatedDir)}/sidebar.json`);
