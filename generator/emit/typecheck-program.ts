/**
 * The TypeScript program behind the backstop (typecheck.ts), kept free of anything but
 * the compiler so it can run in a worker thread (typecheck-worker.ts) beside the rest
 * of `generate`. The compiler options are the generator's own, not the project's: the
 * same check whatever the project's package.json `type`, tsconfig or `@types` (module
 * `preserve` + `bundler` resolution, so `.ts` imports and ESM syntax are fine in any
 * project; Node's types from the ones dta-mcp depends on), and every path is resolved
 * from the project root, never the working directory.
 *
 * A checker parses the files that never change between runs (the ES library, Node's
 * types) when it is created — before the generated files exist — and keeps every parsed
 * file for the next program while its text is the same. It records what the compiler
 * read (content hashes, existence probes), so the generate cache can tell when the same
 * rendering would meet the same declarations again.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as TS from 'typescript';
import { PACKAGE_ROOT } from '../../runtime/package-root.ts';

// require, not import: Node would otherwise scan the 9 MB CommonJS file for named exports.
const ts = createRequire(import.meta.url)('typescript') as typeof TS;

/** A compiler error, located in a file of the program (or nowhere: options, globals). */
export interface TypeProblem {
  file?: string;
  /** 0-based, as the compiler counts. */
  line: number;
  character: number;
  code: number;
  message: string;
}

export interface ProgramCheck {
  problems: TypeProblem[];
  /** What the compiler read outside the files checked: path -> content hash, `exists` or `absent`. */
  read: Array<[string, string]>;
}

export interface Checker {
  /** Type-check these files (absolute path -> text), served from memory over the disk. */
  check(files: ReadonlyMap<string, string>): ProgramCheck;
}

export function createChecker(root: string): Checker {
  const options = compilerOptions();
  const base = ts.createCompilerHost(options, true);
  base.getCurrentDirectory = () => root;
  const parsed = new Map<string, TS.SourceFile>();
  const parse = (fileName: string, text: string, language: TS.ScriptTarget | TS.CreateSourceFileOptions): TS.SourceFile => {
    const known = parsed.get(fileName);
    if (known?.text === text) return known;
    const file = ts.createSourceFile(fileName, text, language, true);
    parsed.set(fileName, file);
    return file;
  };
  const program = (files: ReadonlyMap<string, string>, read: Map<string, string>): TS.Program => {
    const dirs = new Set([...files.keys()].map((f) => dirname(f)));
    const host: TS.CompilerHost = {
      ...base,
      getCurrentDirectory: () => root,
      readFile: (f) => {
        const text = files.get(f) ?? base.readFile(f);
        if (!files.has(f)) read.set(f, text === undefined ? 'absent' : hash(text));
        return text;
      },
      fileExists: (f) => {
        if (files.has(f)) return true;
        const exists = base.fileExists(f);
        if (!read.has(f) || !exists) read.set(f, exists ? 'exists' : 'absent');
        return exists;
      },
      directoryExists: (d) => {
        if (dirs.has(d)) return true;
        const exists = base.directoryExists ? base.directoryExists(d) : true;
        read.set(`${d}`, exists ? 'exists' : 'absent');
        return exists;
      },
      getSourceFile: (f, language) => {
        const own = files.get(f);
        if (own !== undefined) return parse(f, own, language);
        const text = base.readFile(f);
        read.set(f, text === undefined ? 'absent' : hash(text));
        return text === undefined ? undefined : parse(f, text, language);
      },
    };
    const roots = [...files.keys()].filter((f) => f.endsWith('.ts'));
    return ts.createProgram({ rootNames: roots, options, host });
  };
  warm(root, program);
  return {
    check(files) {
      const read = new Map<string, string>();
      const found = ts.getPreEmitDiagnostics(program(files, read));
      return { problems: found.map(toProblem), read: [...read].sort(([a], [b]) => (a < b ? -1 : 1)) };
    },
  };
}

/**
 * Parses, while the generator is still analysing, what the coming program will need:
 * the ES library and Node's types (the compiler loads them only for a program with at
 * least one file), and the previous run's generated files with everything they import
 * (the runtime contract, openapi-fetch); a file whose text is unchanged is not parsed
 * again.
 */
function warm(root: string, program: (files: ReadonlyMap<string, string>, read: Map<string, string>) => TS.Program): void {
  const generated = join(root, 'generated');
  const previous = existsSync(generated)
    ? readdirSync(generated, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.ts'))
        .map((e) => join(e.parentPath, e.name))
    : [];
  const files = new Map<string, string>([[join(generated, '.warm-up.ts'), 'export {};\n']]);
  for (const path of previous) files.set(path, readFileSync(path, 'utf8'));
  program(files, new Map());
}

function toProblem(d: TS.Diagnostic): TypeProblem {
  const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
  if (!d.file || d.start === undefined) return { line: 0, character: 0, code: d.code, message };
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return { file: d.file.fileName, line, character, code: d.code, message };
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function compilerOptions(): TS.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    moduleDetection: ts.ModuleDetectionKind.Force,
    strict: true,
    noUncheckedIndexedAccess: true,
    noImplicitOverride: true,
    allowImportingTsExtensions: true,
    isolatedModules: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    noEmit: true,
    ...globals(),
  };
}

/**
 * Node's globals and modules for the generated code and the handler modules it imports:
 * the `@types/node` dta-mcp depends on, found from where dta-mcp is installed (else the
 * DOM library, which at least declares fetch, Response and AbortSignal).
 */
function globals(): TS.CompilerOptions {
  try {
    const nodeTypes = createRequire(join(PACKAGE_ROOT, 'package.json')).resolve('@types/node/package.json');
    return { lib: ['lib.es2023.d.ts'], types: ['node'], typeRoots: [dirname(dirname(nodeTypes))] };
  } catch {
    return { lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'], types: [] };
  }
}
