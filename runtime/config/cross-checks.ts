/**
 * Rules the JSON Schema cannot say, checked when the config loads so that every problem
 * is named by the key the user wrote (`tokens.redisUrl`), never by an internal option
 * path, and reported with the shape problems. Values are never echoed.
 */
import { checkEncryptionKeys, type EncryptionKey } from '../auth/crypto/token-cipher.ts';
import type { RuntimeConfig } from './schema.ts';

export function crossCheck(config: RuntimeConfig): string[] {
  const problems: string[] = [];
  const { tokens } = config;
  let keys: EncryptionKey[] | undefined;
  if (tokens.encryptionKeys !== undefined) {
    const parsed = splitEncryptionKeys(tokens.encryptionKeys);
    problems.push(...parsed.problems);
    keys = parsed.keys;
    problems.push(...checkEncryptionKeys(keys, 'tokens.encryptionKeys').filter(notForUnparsed(parsed.unparsed)));
  }
  if (tokens.store === 'redis') {
    if (!tokens.redisUrl) problems.push('tokens.redisUrl: required when tokens.store is redis');
    if (!keys) problems.push('tokens.encryptionKeys: required when tokens.store is redis (tokens are never stored in clear)');
  }
  for (const [api, apiConfig] of Object.entries(config.apis)) {
    const user = apiConfig.userAuth;
    if (user?.exchange && !config.http.auth) {
      problems.push(`apis.${api}.userAuth.exchange: needs http.auth (the exchanged token is the caller's verified inbound token)`);
    }
  }
  return problems;
}

/** `kid:key[,kid:key...]`: the first encrypts, all decrypt. */
export function splitEncryptionKeys(text: string): { keys: EncryptionKey[]; problems: string[]; unparsed: Set<number> } {
  const problems: string[] = [];
  const unparsed = new Set<number>();
  const keys = text.split(',').map((part, i) => {
    const at = part.indexOf(':');
    if (at <= 0) {
      problems.push(`tokens.encryptionKeys[${i}]: expected "keyId:base64key"`);
      unparsed.add(i);
      return { id: `unparsed-${i}`, key: '' };
    }
    return { id: part.slice(0, at).trim(), key: part.slice(at + 1).trim() };
  });
  return { keys, problems, unparsed };
}

function notForUnparsed(unparsed: Set<number>): (problem: string) => boolean {
  return (problem) => {
    const index = /^tokens\.encryptionKeys\[(\d+)\]/.exec(problem)?.[1];
    return index === undefined || !unparsed.has(Number(index));
  };
}
