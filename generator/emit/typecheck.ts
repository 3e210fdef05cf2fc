/**
 * The backstop: type-check the emitted TypeScript before it is written, serving the
 * rendered files from memory (typecheck-program.ts has the program and its options).
 * The check runs in a worker thread, started before the files exist so the compiler
 * loads while the generator analyses, and checking beside the emitting of JavaScript;
 * where a worker cannot start, it runs in this thread. Each TypeScript error inside a
 * generated file is mapped back to the manifest line named by the trailing
 * `// manifests/x.yaml:L:C` comment on (or nearest above) the failing line.
 */
import { Worker } from 'node:worker_threads';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { Project } from '../project.ts';
import type { ProgramCheck, TypeProblem } from './typecheck-program.ts';

const LOCATION = /\/\/ ([^\s]+\.ya?ml):(\d+):(\d+)\s*$/;
const DECLARED = /^\/\/ Tool '[^']+', declared at ([^\s]+\.ya?ml):(\d+):(\d+)\.$/m;

export interface TypecheckResult {
  diagnostics: Diagnostic[];
  /** What the compiler read besides the files checked (for the generate cache). */
  read: Array<[string, string]>;
}

export interface PendingTypecheck {
  /** Check these rendered files (absolute path -> text); call once. */
  check(files: ReadonlyMap<string, string>): Promise<TypecheckResult>;
  /** Not needed after all: stop the worker. */
  cancel(): void;
}

/** Starts the compiler for `project` now; the files come later. */
export function startTypecheck(project: Project): PendingTypecheck {
  let worker: Worker | undefined;
  try {
    worker = spawnWorker(project.root);
  } catch {
    worker = undefined;
  }
  // An error before the files are sent falls back to this thread when they are.
  let failed = false;
  worker?.once('error', () => {
    failed = true;
  });
  return {
    async check(files) {
      const sent = checkable(files);
      const checked = worker === undefined || failed ? await inThread(project.root, sent) : await inWorker(worker, sent).catch(() => inThread(project.root, sent));
      void worker?.terminate();
      return { diagnostics: checked.problems.map((p) => toDiagnostic(project, p, files)), read: checked.read };
    },
    cancel() {
      void worker?.terminate();
    },
  };
}

/** What the program needs: the TypeScript and the package.json that says the modules are ESM. */
function checkable(files: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...files].filter(([path]) => !path.endsWith('.js')));
}

function inWorker(worker: Worker, files: ReadonlyMap<string, string>): Promise<ProgramCheck> {
  return new Promise((resolve, reject) => {
    worker.once('message', (result: ProgramCheck) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the type-check worker exited (${code})`)));
    worker.postMessage([...files]);
  });
}

async function inThread(root: string, files: ReadonlyMap<string, string>): Promise<ProgramCheck> {
  const { createChecker } = await import('./typecheck-program.ts');
  return createChecker(root).check(files);
}

/**
 * The worker module beside this one. From the TypeScript sources (a checkout, tests) the
 * worker needs tsx, as the main thread did: worker threads do not inherit its loader.
 */
function spawnWorker(root: string): Worker {
  const entry = new URL(`./typecheck-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData: { root } });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, workerData: { root } });
}

export function toDiagnostic(project: Project, p: TypeProblem, files: ReadonlyMap<string, string>): Diagnostic {
  const code = `TS${p.code}`;
  if (p.file === undefined) return diagnostic('typecheck', { file: 'generated', line: 1, column: 1 }, `${code}: ${p.message}`);
  const generatedAt = `${project.rel(p.file)}:${p.line + 1}:${p.character + 1}`;
  const text = files.get(p.file);
  const manifestAt = text === undefined ? undefined : manifestPosition(text, p.line);
  if (!manifestAt) {
    return diagnostic('typecheck', { file: project.rel(p.file), line: p.line + 1, column: p.character + 1 }, `${code}: ${p.message}`);
  }
  return diagnostic('typecheck', manifestAt, `the generated code does not type-check (${generatedAt}): ${code}: ${p.message}`);
}

/** The manifest position on the failing line, else where the tool is declared. */
function manifestPosition(text: string, line: number): { file: string; line: number; column: number } | undefined {
  const m = LOCATION.exec(text.split('\n')[line] ?? '');
  if (m) return { file: m[1] ?? '', line: Number(m[2]), column: Number(m[3]) };
  const declared = DECLARED.exec(text);
  return declared ? { file: declared[1] ?? '', line: Number(declared[2]), column: Number(declared[3]) } : undefined;
}
