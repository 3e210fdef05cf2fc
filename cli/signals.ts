/**
 * Runs `stop` once on the first SIGINT or SIGTERM (a graceful shutdown); a second signal
 * while it runs exits at once with code 1, for an operator who will not wait.
 */
export function onStopSignal(stop: () => Promise<void>, options: { onForce?: () => void } = {}): void {
  let stopping = false;
  const handler = () => {
    if (stopping) {
      options.onForce?.();
      process.exit(1);
    }
    stopping = true;
    void stop();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
