/**
 * Password hashing with bcrypt: slow on purpose, salted per password, and run
 * through the async API — the hash runs on libuv's thread pool, so the event
 * loop keeps serving other requests while one log-in is being checked.
 */
import bcrypt from "bcrypt";
import { PASSWORD_MAX_LENGTH_IN_BYTES } from "./__schema_kebab__.ts";

// Each +1 doubles the work. 12 is ~250 ms on a laptop: one log-in barely notices,
// an attacker with a stolen table pays it for every guess. Tests pass 4, the minimum.
export const DEFAULT_BCRYPT_COST = 12;
export const MIN_PRODUCTION_BCRYPT_COST = 12;

export type Passwords = ReturnType<typeof createPasswords>;

export function createPasswords(cost: number) {
  // Compared against when no __schema_human__ has the email, so that an unknown email costs
  // as much time as a wrong password and the response time does not reveal who has an account.
  const dummyHash = bcrypt.hash("no __schema_human__ has this password", cost);

  return {
    hash: (password: string): Promise<string> => bcrypt.hash(password, cost),

    /** True when `password` matches `hashed`; with no hash, spends the same time and says false. */
    async verify(password: string, hashed: string | null): Promise<boolean> {
      // bcrypt would compare only the first 72 bytes of a longer password: refuse it instead.
      const tooLong = Buffer.byteLength(password, "utf8") > PASSWORD_MAX_LENGTH_IN_BYTES;
      if (hashed === null || tooLong) {
        await bcrypt.compare(password, await dummyHash);
        return false;
      }
      return bcrypt.compare(password, hashed);
    },
  };
}
