/**
 * `serve --watch`: on a change under manifests/ or openapi/, regenerate, load the new
 * registry and swap it into the running runtime. Sessions stay open and receive
 * `notifications/tools/list_changed`. A broken edit prints its diagnostics and keeps the
 * last good tool set. One regeneration at a time; changes during one queue one more.
 */
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { Runtime } from '../../runtime/app/create-runtime.ts';
import { DtaError } from '../../runtime/errors.ts';
import { loadRegistry } from '../../runtime/tools/load-registry.ts';

export interface WatchOptions {
  root: string;
  runtime: Runtime;
  /** Where progress and diagnostics go (stderr; stdout may be JSON-RPC). */
  out: NodeJS.WritableStream;
  debounceMs?: number;
}

export interface ProjectWatcher {
  /** Resolves when no regeneration is running or queued (tests wait on it). */
  idle(): Promise<void>;
  close(): void;
}

export const WATCHED_DIRS = ['manifests', 'openapi'];

export function watchProject(options: WatchOptions): ProjectWatcher {
  const { root, runtime, out } = options;
  const debounceMs = options.debounceMs ?? 150;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  const regenerate = async (): Promise<void> => {
    const { generate, DiagnosticsError, formatDiagnostics } = await import('../../generator/index.ts');
    try {
      const result = await generate({ root });
      if (result.diagnostics.length > 0) out.write(formatDiagnostics(result.diagnostics));
      const registry = await loadRegistry(root, undefined, true);
      await runtime.reload(registry);
      out.write(`dta-mcp: regenerated; serving ${registry.tools.length} tools\n`);
    } catch (error) {
      if (error instanceof DiagnosticsError) {
        out.write(`${formatDiagnostics(error.diagnostics)}dta-mcp: the edit has errors; still serving the last good tool set\n`);
      } else if (error instanceof DtaError) {
        out.write(`dta-mcp: ${error.message}\ndta-mcp: still serving the last good tool set\n`);
      } else {
        out.write(`dta-mcp: regeneration failed (${error instanceof Error ? error.name : 'unknown'}); still serving the last good tool set\n`);
      }
    }
  };

  const run = () => {
    if (running) {
      again = true;
      return;
    }
    running = regenerate().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        run();
      }
    });
  };

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      run();
    }, debounceMs);
  };

  const watchers: FSWatcher[] = [];
  for (const dir of WATCHED_DIRS) {
    try {
      watchers.push(watch(join(root, dir), { recursive: true }, schedule));
    } catch {
      out.write(`dta-mcp: cannot watch ${dir}/ (missing?); changes there are not picked up\n`);
    }
  }

  return {
    async idle() {
      while (timer || running) {
        await (running ?? new Promise((r) => setTimeout(r, debounceMs)));
      }
    },
    close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
