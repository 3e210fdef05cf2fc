/**
 * The store registry: one entry per kind, chosen by plain options, and the same kinds'
 * slices of the runtime config (`tokens.*`). Adding a store is one file beside this one
 * and its line in each map; nothing else switches on the kind, and `tokens.store`
 * offers exactly these kinds.
 */
import { fileStore, fileStoreConfig, type FileStoreOptions } from './file-store.ts';
import { memoryStore, memoryStoreConfig, type MemoryStoreOptions } from './memory-store.ts';
import { redisStore, redisStoreConfig, type RedisStoreOptions } from './redis-store.ts';
import type { StoreBackend, StoreConfig, StoreContext, StoreFactory } from './types.ts';

export const stores = {
  memory: memoryStore,
  redis: redisStore,
  file: fileStore,
} satisfies Record<string, StoreFactory<never>>;

export type StoreKind = keyof typeof stores;

export const storeConfigs = {
  memory: memoryStoreConfig,
  redis: redisStoreConfig,
  file: fileStoreConfig,
} satisfies Record<StoreKind, Pick<StoreConfig<never, unknown>, 'properties' | 'fromConfig'>>;

/** The kinds, for the `tokens.store` enum. */
export const STORE_KINDS = Object.keys(stores) as StoreKind[];

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

export type { StoreBackend, StoreConfig, StoreContext, StoredSession, TokenStore } from './types.ts';
export { MemoryTokenStore, type MemoryStoreOptions } from './memory-store.ts';
export { RedisTokenStore, type RedisStoreOptions } from './redis-store.ts';
export { FileTokenStore, type FileStoreOptions } from './file-store.ts';
