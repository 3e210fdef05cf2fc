/**
 * Change signals that reach every session: a webhook (`POST /hooks/<name>`) arrives on
 * one HTTP request, and each session holding a subscription to a resource it signals
 * sends its own `notifications/resources/updated`. Process-local: with several
 * replicas, the webhook reaches the replica it is sent to.
 */
export type WebhookListener = (path: string) => number;

export interface ResourceEvents {
  /** A session's listener; returns how many of its subscriptions the path signalled. */
  listen(listener: WebhookListener): () => void;
  /** Tells every session; the number of notifications sent. */
  signal(path: string): number;
}

export function createResourceEvents(): ResourceEvents {
  const listeners = new Set<WebhookListener>();
  return {
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    signal(path) {
      let sent = 0;
      for (const listener of listeners) sent += listener(path);
      return sent;
    },
  };
}
