/**
 * The backstop: type-check the emitted TypeScript before it is written, serving the
 * rendered files from memory. The compiler options are the generator's own, not the
 * project's: the same check whatever the project's package.json `type`, tsconfig or
 * `@types` (module `preserve` + `bundler` resolution, so `.ts` imports and ESM syntax
 * are fine in any project; Node's types from the ones dta-mcp depends on), and every
 * path is resolved from the project root, never the working directory. Each TypeScript
 * error inside a generated file is mapped back to the manifest line named by the
 * trailing `// manifests/x.yaml:L:C` comment on (or nearest above) the failing line.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { PACKAGE_ROOT } from '../../runtime/package-root.ts';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { Project } from '../project.ts';

const LOCATION = /\/\/ ([^\s]+\.ya?ml):(\d+):(\d+)\s*$/;
const DECLARED = /^\/\/ Tool '[^']+', declared at ([^\s]+\.ya?ml):(\d+):(\d+)\.$/m;

export function typecheckGenerated(project: Project, files: ReadonlyMap<string, string>): Diagnostic[] {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options, true);
  host.getCurrentDirectory = () => project.root;
  const dirs = new Set([...files.keys()].map((f) => dirname(f)));
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const directoryExists = host.directoryExists?.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => files.get(f) ?? readFile(f);
  host.fileExists = (f) => files.has(f) || fileExists(f);
  host.directoryExists = (d) => dirs.has(d) || (directoryExists ? directoryExists(d) : true);
  host.getSourceFile = (f, language, onError, create) => {
    const text = files.get(f);
    return text === undefined ? getSourceFile(f, language, onError, create) : ts.createSourceFile(f, text, language, true);
  };
  const roots = [...files.keys()].filter((f) => f.endsWith('.ts'));
  const program = ts.createProgram({ rootNames: roots, options, host });
  const found = ts.getPreEmitDiagnostics(program);
  return found.map((d) => toDiagnostic(project, d, files));
}

let cached: ts.CompilerOptions | undefined;

function compilerOptions(): ts.CompilerOptions {
  cached ??= {
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
  return cached;
}

/**
 * Node's globals and modules for the generated code and the handler modules it imports:
 * the `@types/node` dta-mcp depends on, found from where dta-mcp is installed (else the
 * DOM library, which at least declares fetch, Response and AbortSignal).
 */
function globals(): ts.CompilerOptions {
  try {
    const nodeTypes = createRequire(join(PACKAGE_ROOT, 'package.json')).resolve('@types/node/package.json');
    return { lib: ['lib.es2023.d.ts'], types: ['node'], typeRoots: [dirname(dirname(nodeTypes))] };
  } catch {
    return { lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'], types: [] };
  }
}

function toDiagnostic(project: Project, d: ts.Diagnostic, files: ReadonlyMap<string, string>): Diagnostic {
  const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
  const code = `TS${d.code}`;
  if (!d.file || d.start === undefined) {
    return diagnostic('typecheck', { file: 'generated', line: 1, column: 1 }, `${code}: ${message}`);
  }
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  const generatedAt = `${project.rel(d.file.fileName)}:${line + 1}:${character + 1}`;
  const text = files.get(d.file.fileName);
  const manifestAt = text === undefined ? undefined : manifestPosition(text, line);
  if (!manifestAt) {
    return diagnostic('typecheck', { file: project.rel(d.file.fileName), line: line + 1, column: character + 1 }, `${code}: ${message}`);
  }
  return diagnostic('typecheck', manifestAt, `the generated code does not type-check (${generatedAt}): ${code}: ${message}`);
}

/** The manifest position on the failing line, else where the tool is declared. */
function manifestPosition(text: string, line: number): { file: string; line: number; column: number } | undefined {
  const m = LOCATION.exec(text.split('\n')[line] ?? '');
  if (m) return { file: m[1] ?? '', line: Number(m[2]), column: Number(m[3]) };
  const declared = DECLARED.exec(text);
  return declared ? { file: declared[1] ?? '', line: Number(declared[2]), column: Number(declared[3]) } : undefined;
}
