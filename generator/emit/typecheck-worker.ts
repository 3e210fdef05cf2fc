/**
 * The type-check's worker thread (started by typecheck.ts): creates the checker at once,
 * so the compiler loads and parses its libraries while the main thread analyses and
 * renders, then checks the one set of files it is sent and answers with the result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createChecker } from './typecheck-program.ts';

const checker = createChecker((workerData as { root: string }).root);
parentPort?.once('message', (files: Array<[string, string]>) => {
  parentPort?.postMessage(checker.check(new Map(files)));
});
