#!/usr/bin/env node
/**
 * Executes the notebooks headlessly on the tslab kernel and converts them to Markdown for the docs:
 * `npm run notebooks` (which builds the packages first) or `node tools/notebooks/run.mjs [notebook...]`.
 *
 * 1. Checks that the committed notebooks carry no outputs (`--clear` strips them in place).
 * 2. Installs the kernel (tslab, pinned in tools/notebooks/package-lock.json) into tools/notebooks/ if it
 *    is missing. It lives outside the npm workspaces on purpose: tslab depends on its own TypeScript 5.0
 *    (@tslab/typescript-for-tslab), and hoisted into the root node_modules that package's `tsc` bin takes
 *    over node_modules/.bin/tsc, so every package would build with TypeScript 5.0.
 * 3. Writes the kernel spec .jupyter/kernels/tslab/kernel.json (the path of this clone is in it) and runs
 *    Jupyter with JUPYTER_PATH pointing there (Jupyter itself: Debian's jupyter-nbconvert; no IPython).
 * 4. Executes each notebook with `jupyter nbconvert --to notebook --execute` into build/notebooks/. A
 *    failing cell fails the run: no --allow-errors (tslab would then skip every later cell silently).
 * 5. Checks that each executed notebook shows at least one chart (image/svg+xml) and one table.
 * 6. Converts each executed notebook to Markdown with its SVG charts inline (markdown-svg.md.j2), into
 *    build/notebooks/ beside it, for the docs site.
 *
 * Environment: POISE_SCALE=full runs the notebooks at the seeds' full scale (hours; no cell time limit);
 * POISE_NOTEBOOK_TIMEOUT sets the per-cell limit in seconds (default 600, -1 for none).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const notebooksDir = join(repo, 'notebooks');
const outDir = join(repo, 'build', 'notebooks');
const jupyterDir = join(repo, '.jupyter');
const tslabBin = join(here, 'node_modules', '.bin', 'tslab');
const template = join(here, 'markdown-svg.md.j2');
const executeConfig = join(here, 'nbconvert_config.py');

const log = (msg) => console.log(`[notebooks] ${msg}`);

function fail(msg) {
  console.error(`[notebooks] error: ${msg}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) fail(`${cmd}: ${r.error.message}`);
  return r.status ?? 1;
}

/** Code cells with outputs or execution counts: what a notebook must not be committed with. */
function dirtyCells(nb) {
  return nb.cells.filter((c) => c.cell_type === 'code' && ((c.outputs ?? []).length > 0 || c.execution_count != null)).length;
}

function readNotebook(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`${relative(repo, file)} is not a notebook (JSON): ${e.message}`);
  }
}

function clearOutputs(file) {
  const nb = readNotebook(file);
  for (const c of nb.cells) {
    if (c.cell_type !== 'code') continue;
    c.outputs = [];
    c.execution_count = null;
  }
  writeFileSync(file, `${JSON.stringify(nb, null, 1)}\n`);
}

/** What an executed notebook shows: SVG charts, tables (Markdown or HTML), and errors. */
function inspectOutputs(nb) {
  let svg = 0;
  let tables = 0;
  let errors = 0;
  const text = (v) => (Array.isArray(v) ? v.join('') : String(v ?? ''));
  for (const c of nb.cells) {
    for (const o of c.outputs ?? []) {
      if (o.output_type === 'error') errors++;
      const data = o.data ?? {};
      if ('image/svg+xml' in data && text(data['image/svg+xml']).includes('<svg')) svg++;
      const md = text(data['text/markdown']);
      const html = text(data['text/html']);
      if (/^\s*\|?\s*:?-{3,}:?\s*\|/m.test(md) || /<table[\s>]/i.test(html)) tables++;
    }
  }
  return { svg, tables, errors };
}

// ---- arguments ---------------------------------------------------------------------------------------

const args = process.argv.slice(2);
const clear = args.includes('--clear');
const named = args.filter((a) => !a.startsWith('--'));
const notebooks = (named.length > 0 ? named.map((n) => resolve(n)) : readdirSync(notebooksDir).filter((f) => f.endsWith('.ipynb')).sort().map((f) => join(notebooksDir, f)));
if (notebooks.length === 0) fail(`no notebooks in ${relative(repo, notebooksDir)}/`);
for (const nb of notebooks) if (!existsSync(nb)) fail(`no such notebook: ${nb}`);

if (clear) {
  for (const nb of notebooks) {
    clearOutputs(nb);
    log(`cleared ${relative(repo, nb)}`);
  }
  process.exit(0);
}

// ---- 1. committed notebooks carry no outputs -------------------------------------------------------------

for (const nb of notebooks) {
  const dirty = dirtyCells(readNotebook(nb));
  if (dirty > 0) {
    fail(`${relative(repo, nb)} has outputs in ${dirty} code cell(s); commit notebooks without outputs: node tools/notebooks/run.mjs --clear`);
  }
}

// ---- 2. the kernel ----------------------------------------------------------------------------------------

const wanted = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')).devDependencies.tslab;
const installedPkg = join(here, 'node_modules', 'tslab', 'package.json');
const installed = existsSync(installedPkg) ? JSON.parse(readFileSync(installedPkg, 'utf8')).version : null;
if (installed !== wanted || !existsSync(tslabBin)) {
  log(`installing the tslab ${wanted} kernel into ${relative(repo, here)}/ (npm ci)`);
  if (run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here }) !== 0) fail('npm ci of the tslab kernel failed');
}

const version = spawnSync('jupyter', ['nbconvert', '--version'], { encoding: 'utf8' });
if (version.error || version.status !== 0) {
  fail(
    "Jupyter's nbconvert was not found. Install Debian's package: " +
      'apt-get install -y --no-install-recommends jupyter-nbconvert (or pip install nbconvert nbclient)',
  );
}

// ---- 3. the kernel spec, for this clone ------------------------------------------------------------------

const kernelDir = join(jupyterDir, 'kernels', 'tslab');
mkdirSync(kernelDir, { recursive: true });
writeFileSync(
  join(kernelDir, 'kernel.json'),
  `${JSON.stringify({ argv: [tslabBin, 'kernel', '--config-path', '{connection_file}'], display_name: 'TypeScript', language: 'typescript' }, null, 2)}\n`,
);
const env = {
  ...process.env,
  JUPYTER_PATH: jupyterDir,
  // Connection files and config stay in the clone: nothing is read from or written to ~/.jupyter.
  JUPYTER_RUNTIME_DIR: join(jupyterDir, 'runtime'),
  JUPYTER_CONFIG_DIR: join(jupyterDir, 'config'),
  JUPYTER_PLATFORM_DIRS: '1',
  PYTHONWARNINGS: process.env.PYTHONWARNINGS ?? 'ignore',
};
const full = process.env.POISE_SCALE === 'full';
const timeout = process.env.POISE_NOTEBOOK_TIMEOUT ?? (full ? '-1' : '600');
log(`Jupyter nbconvert ${version.stdout.trim()}, tslab ${wanted}, kernel spec ${relative(repo, kernelDir)}/kernel.json, scale ${full ? 'full' : 'quick'}`);

// ---- 4-6. execute, check, convert -----------------------------------------------------------------------

mkdirSync(outDir, { recursive: true });
const summary = [];
const started = performance.now();
for (const nb of notebooks) {
  const name = basename(nb, '.ipynb');
  log(`executing ${relative(repo, nb)} ...`);
  const t0 = performance.now();
  const status = run(
    'jupyter',
    ['nbconvert', '--config', executeConfig, '--to', 'notebook', '--execute', '--ExecutePreprocessor.kernel_name=tslab', `--ExecutePreprocessor.timeout=${timeout}`, '--output-dir', outDir, nb],
    { env },
  );
  const seconds = (performance.now() - t0) / 1000;
  if (status !== 0) fail(`${relative(repo, nb)} failed after ${seconds.toFixed(1)} s (the failing cell and its error are above)`);
  const executed = join(outDir, `${name}.ipynb`);
  const shown = inspectOutputs(readNotebook(executed));
  if (shown.errors > 0) fail(`${relative(repo, executed)} has ${shown.errors} error output(s)`);
  if (shown.svg === 0) fail(`${relative(repo, executed)} shows no chart (no image/svg+xml output)`);
  if (shown.tables === 0) fail(`${relative(repo, executed)} shows no table (no Markdown or HTML table output)`);
  const md = run(
    'jupyter',
    ['nbconvert', '--to', 'markdown', '--template-file', template, '--ExtractOutputPreprocessor.enabled=False', '--output-dir', outDir, executed],
    { env },
  );
  if (md !== 0) fail(`converting ${relative(repo, executed)} to Markdown failed`);
  const markdown = join(outDir, `${name}.md`);
  const inline = (readFileSync(markdown, 'utf8').match(/<svg[\s>]/g) ?? []).length;
  if (inline < shown.svg) fail(`${relative(repo, markdown)} has ${inline} inline SVG charts, the notebook ${shown.svg}`);
  summary.push({ name, seconds, ...shown, markdown });
}

const total = (performance.now() - started) / 1000;
for (const s of summary) {
  log(`${s.name}: ${s.seconds.toFixed(1)} s, ${s.svg} charts, ${s.tables} tables -> ${relative(repo, s.markdown)}`);
}
log(`${summary.length} notebooks executed in ${total.toFixed(1)} s`);
