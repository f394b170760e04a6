/**
 * Loading vega and vega-lite, which are ES modules only, from this CommonJS package.
 *
 * vega 6's build uses top-level `await`, so `require('vega')` fails (`ERR_REQUIRE_ESM` on Node 20,
 * `ERR_REQUIRE_ASYNC_MODULE` on Nodes that can require ES modules), and so would a `require` that
 * TypeScript emits for `import()` under `module: commonjs`. This package therefore compiles with
 * `module: node16` (see tsconfig.json): its output is still CommonJS, but `import()` stays a real
 * dynamic import, which Node runs natively and which vitest rewrites into its own loader when it runs
 * this code (from src, or from dist inlined as a workspace dependency). The usual alternative, hiding
 * `import()` in `new Function`, breaks there: code run by vitest's vm has no dynamic-import callback,
 * so Node throws `ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING`.
 *
 * The modules load on first render only, once per process: building specs never pays for them.
 */

// Both are ES modules, so their types are imported in `import` mode from this CommonJS file.
export type Vega = typeof import('vega', { with: { 'resolution-mode': 'import' } });
export type VegaLite = typeof import('vega-lite', { with: { 'resolution-mode': 'import' } });

export interface Renderer {
  vega: Vega;
  vegaLite: VegaLite;
}

let loading: Promise<Renderer> | undefined;

/** vega and vega-lite, loaded once; concurrent first renders share one load, a failed load is retried. */
export function loadVega(): Promise<Renderer> {
  loading ??= Promise.all([import('vega'), import('vega-lite')]).then(
    ([vega, vegaLite]) => ({ vega, vegaLite }),
    (err: unknown) => {
      loading = undefined;
      const code = (err as { code?: string }).code;
      if (code === 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING' || code === 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG') {
        throw new Error(
          '@poise/diagnostics: cannot load vega, an ES module: this runtime runs our code in a vm without ' +
            'dynamic import() support (Jest needs --experimental-vm-modules). Building specs works; rendering needs import().',
          { cause: err },
        );
      }
      throw err;
    },
  );
  return loading;
}
