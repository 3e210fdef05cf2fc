/**
 * Quick mode (`npm run bench -- --quick`): every script runs with tiny counts, so CI can
 * run the whole harness as a smoke test in well under a minute. Its numbers mean nothing;
 * nothing asserts a time. bench/run.ts passes `--quick` and sets BENCH_QUICK=1.
 */
export const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
