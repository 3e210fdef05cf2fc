// The CLI as installed runs from one bundle (dist/bundle/main.js and its chunks), not
// from the ~500 modules of dist/ and node_modules that `serve` otherwise resolves, reads
// and links one by one before its first answer. Code splitting keeps every
// `await import()` lazy: a command, the HTTP transport and --watch are chunks loaded when
// used. esbuild's output is deterministic (chunk names are content hashes).
//
// The config validator is compiled here, ahead of time: the bundle's
// runtime/config/config-validator.ts is ajv's standalone code for the config schema, made
// by the tsc-emitted copy of that module (so this runs after tsc), not ajv compiling the
// schema at every start.
//
// Left out of the bundle, imported from beside it as tsc emitted them:
// - generator/: it reads its templates and schema relative to its own modules, and
//   `generate` is not start-up bound;
// - runtime/errors.ts: the generator's errors extend DtaError, and cli/fail.ts must see
//   one DtaError class to report them as problems rather than crashes;
// - packages only the generator or a development checkout use (typescript,
//   openapi-typescript, handlebars, tsx).
// pino is bundled: its transports would start worker threads from files beside it, but
// the logger writes to stderr itself (runtime/observability/logger.ts) and never starts one.
import { dirname, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const EXTERNAL_PACKAGES = ['typescript', 'openapi-typescript', 'handlebars', 'tsx', 'tsx/*'];

/** @param {string} root the package root; writes `dist/bundle/`. */
export async function bundleCli(root) {
  const outdir = resolve(root, 'dist/bundle');
  const keepOut = (/** @type {string} */ file) =>
    file.startsWith(resolve(root, 'generator') + sep) || file === resolve(root, 'runtime/errors.ts');
  /** @type {import('esbuild').Plugin} */
  const besideTheBundle = {
    name: 'beside-the-bundle',
    setup(plugins) {
      plugins.onResolve({ filter: /^\.\.?\// }, ({ path, resolveDir }) => {
        const file = resolve(resolveDir, path);
        if (!keepOut(file)) return undefined;
        // Every chunk sits in dist/bundle/, so one relative path serves them all.
        const emitted = relative(outdir, resolve(root, 'dist', relative(root, file))).replace(/\.ts$/, '.js');
        return { path: emitted.split(sep).join('/'), external: true };
      });
    },
  };
  const validatorModule = resolve(root, 'runtime/config/config-validator.ts');
  /** @type {{ configValidatorSource(formatsModule: string): Promise<string> }} */
  const emitted = await import(pathToFileURL(resolve(root, 'dist/runtime/config/config-validator.js')).href);
  const validatorSource = await emitted.configValidatorSource(resolve(root, 'runtime/config/config-formats.ts'));
  /** @type {import('esbuild').Plugin} */
  const compiledConfigValidator = {
    name: 'compiled-config-validator',
    setup(plugins) {
      plugins.onLoad({ filter: /config-validator\.ts$/ }, ({ path }) =>
        path === validatorModule ? { contents: validatorSource, loader: 'js', resolveDir: dirname(path) } : undefined,
      );
    },
  };
  await build({
    absWorkingDir: root,
    entryPoints: ['cli/main.ts'],
    outdir,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.12',
    external: EXTERNAL_PACKAGES,
    plugins: [besideTheBundle, compiledConfigValidator],
    // Bundled CommonJS packages call require() for Node's built-ins.
    banner: { js: "import { createRequire as __dtaCreateRequire } from 'node:module';\nconst require = __dtaCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}
