/** Runs `stop` once on the first SIGINT or SIGTERM. */
export function onStopSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    void stop();
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
