/**
 * The store registry: one entry per kind, chosen by plain options. Adding a store is one
 * line here and one file beside it; nothing else switches on the kind.
 */
import { fileStore, type FileStoreOptions } from './file-store.ts';
import { memoryStore, type MemoryStoreOptions } from './memory-store.ts';
import { redisStore, type RedisStoreOptions } from './redis-store.ts';
import type { StoreBackend, StoreContext, StoreFactory } from './types.ts';

export const stores = {
  memory: memoryStore,
  redis: redisStore,
  file: fileStore,
} satisfies Record<string, StoreFactory<never>>;

export type StoreKind = keyof typeof stores;

/** Plain store options: `{ kind: 'memory', ... }` (default), `{ kind: 'redis', url, ... }` or `{ kind: 'file', path, section }`. */
export type StoreOptions =
  | ({ kind: 'memory' } & MemoryStoreOptions)
  | ({ kind: 'redis' } & RedisStoreOptions)
  | ({ kind: 'file' } & FileStoreOptions);

export function createStoreBackend(options: StoreOptions, context: StoreContext): StoreBackend {
  const { kind, ...rest } = options;
  const factory = stores[kind] as StoreFactory<typeof rest>;
  return factory(rest, context);
}

export type { StoreBackend, StoreContext, StoredSession, TokenStore } from './types.ts';
export { MemoryTokenStore, type MemoryStoreOptions } from './memory-store.ts';
export { RedisTokenStore, type RedisStoreOptions } from './redis-store.ts';
export { FileTokenStore, type FileStoreOptions } from './file-store.ts';
