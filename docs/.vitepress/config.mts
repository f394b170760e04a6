import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type DefaultTheme } from 'vitepress';

// The walkthroughs and the API reference are generated at build time (tools/docs/generate.mjs), and so are
// their sidebar entries: a notebook added to notebooks/ shows up here without an edit to this file.
const sidebarFile = fileURLToPath(new URL('../.generated/sidebar.json', import.meta.url));
const generated: { walkthroughs: DefaultTheme.SidebarItem[]; api: DefaultTheme.SidebarItem[] } = existsSync(sidebarFile)
  ? JSON.parse(readFileSync(sidebarFile, 'utf8'))
  : { walkthroughs: [], api: [] };

const guide: DefaultTheme.SidebarItem[] = [
  { text: 'Getting started', link: '/guide/' },
  { text: 'Tensors and autograd', link: '/guide/tensor' },
  { text: 'Initialization', link: '/guide/init' },
  { text: 'Normalization', link: '/guide/norm' },
  { text: 'Diagnostics', link: '/guide/diagnostics' },
  { text: 'Backends', link: '/guide/backends' },
];

export default defineConfig({
  title: 'poise',
  description: 'Initialization, normalization and diagnostics for deep networks, in TypeScript',
  lang: 'en-US',
  // Generated partials (the landing chart) live in docs/.generated/: included, never pages of their own;
  // README.md is for the repository, not the site.
  srcExclude: ['.generated/**', '.screenshots/**', 'README.md'],
  // Walkthrough pages carry every chart of a notebook inline (a saturation map alone is ~260 kB of SVG).
  vite: { build: { chunkSizeWarningLimit: 4096 } },
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/logo.svg' }]],
  markdown: {
    // GitHub's heading ids (as github-slugger makes them: `_` kept, other punctuation dropped), which are
    // also what typedoc-plugin-markdown links to: `### add_()` is #add_ (VitePress's default would say #add).
    anchor: { slugify: (s: string) => s.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-') },
  },
  themeConfig: {
    logo: '/logo.svg',
    nav: [
      { text: 'Guide', link: '/guide/', activeMatch: '^/guide/' },
      { text: 'Walkthroughs', link: '/walkthroughs/', activeMatch: '^/walkthroughs/' },
      { text: 'API', link: '/api/', activeMatch: '^/api/' },
    ],
    sidebar: {
      '/guide/': [{ text: 'Guide', items: guide }],
      '/walkthroughs/': [{ text: 'Walkthroughs', items: generated.walkthroughs }],
      '/api/': [{ text: 'API reference', items: generated.api }],
    },
    outline: { level: [2, 3] },
    search: { provider: 'local' },
    footer: { message: 'MIT licensed. Walkthroughs and API reference are generated from this build.' },
  },
});
