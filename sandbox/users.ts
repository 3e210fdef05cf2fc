/**
 * Who can sign in on the sandbox's authorize and device pages. Sandbox-only
 * credentials: by default alice, bob and carol, each with password "password".
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const DEFAULT_USERS: readonly { username: string; password: string }[] = [
  { username: 'alice', password: 'password' },
  { username: 'bob', password: 'password' },
  { username: 'carol', password: 'password' },
];

export class Users {
  readonly #passwords: Map<string, string>;

  constructor(users: readonly { username: string; password: string }[]) {
    this.#passwords = new Map(users.map((u) => [u.username, u.password]));
  }

  /** Whether the password is the user's (constant-time over the password). */
  check(username: string, password: string): boolean {
    const expected = this.#passwords.get(username);
    if (expected === undefined) return false;
    const a = createHash('sha256').update(expected).digest();
    const b = createHash('sha256').update(password).digest();
    return timingSafeEqual(a, b);
  }
}
