// Who is signed in and with which role. Roles live in the ID token's custom claims, which a client
// only sees in a fresh token: a role change moves the profile (`users/{uid}`: its role fields and
// `roleUpdatedAt`, docs/api.md), and this refreshes the token until its claims say what the
// profile says.
import { onIdTokenChanged, type Auth, type User } from "firebase/auth";
import { doc, onSnapshot, type Firestore } from "firebase/firestore";
import type { Role } from "./contract.generated.js";
import { readError, type Listener, type Unsubscribe } from "./live.js";

export interface Session {
  uid: string;
  /** A visitor signed in anonymously (the tracker's, or `ensureSignedIn`). */
  anonymous: boolean;
  /** The account's e-mail address (null for a visitor, or an account with none). */
  email: string | null;
  role: Role | undefined;
  /** The shop a `shop` role owns. */
  shopId: string | undefined;
  /** The affiliate an `affiliate` role is. */
  affiliateId: string | undefined;
}

const ROLES: readonly string[] = ["admin", "shop", "affiliate", "customer"] satisfies Role[];
const isRole = (value: string | undefined): value is Role => value !== undefined && ROLES.includes(value);
const claim = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** The role fields a grant writes to both the profile and the token's claims. */
interface Grant {
  role: string | undefined;
  shopId: string | undefined;
  affiliateId: string | undefined;
}

const grantOf = (fields: Record<string, unknown>): Grant => ({
  role: claim(fields["role"]),
  shopId: claim(fields["shopId"]),
  affiliateId: claim(fields["affiliateId"]),
});

const sameGrant = (first: Grant, second: Grant): boolean =>
  first.role === second.role && first.shopId === second.shopId && first.affiliateId === second.affiliateId;

// A grant commits the profile (moving roleUpdatedAt) before Auth has the new claims, so a token
// refreshed at once may still carry the old ones. Reconciling looks at the token as it is, then
// refreshes it now and again a little later each time until its claims say what the profile says.
const RECONCILE_DELAYS_MS = [0, 0, 500, 1000, 2000, 4000, 8000] as const;

function sessionOf(user: User, claims: Record<string, unknown>): Session {
  const { role, shopId, affiliateId } = grantOf(claims);
  return {
    uid: user.uid,
    anonymous: user.isAnonymous,
    email: user.email,
    role: isRole(role) ? role : undefined,
    shopId,
    affiliateId,
  };
}

const sameSession = (first: Session, second: Session): boolean =>
  (Object.keys(first) as (keyof Session)[]).every((field) => first[field] === second[field]);

/** Calls back with the session (null when nobody is signed in) whenever the user or the claims
 * of their token change, refreshing the token when their role changed on the server. */
export function watchSession(auth: Auth, db: Firestore, listener: Listener<Session | null>): Unsubscribe {
  let profile: { uid: string; stop: Unsubscribe } | undefined;
  let current: Session | null = null;
  let stopped = false;

  const followProfile = (user: User): void => {
    if (profile?.uid === user.uid) return;
    profile?.stop();
    // Each profile snapshot starts a reconciliation; a newer one supersedes it.
    let latest = 0;
    const reconcile = async (wanted: Grant, mine: number): Promise<void> => {
      for (const [attempt, delay] of RECONCILE_DELAYS_MS.entries()) {
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        if (stopped || mine !== latest || auth.currentUser !== user) return;
        // The first look takes the token as it is; each later one asks Auth for a fresh one
        // (onIdTokenChanged below then reports the new claims). A refresh that fails (a phone
        // between networks) is one look lost, not the end of the reconciliation.
        try {
          const token = await user.getIdTokenResult(attempt > 0);
          if (sameGrant(grantOf(token.claims), wanted)) return;
        } catch {
          continue;
        }
      }
    };
    const stop = onSnapshot(
      doc(db, "users", user.uid),
      (snapshot) => {
        const data = snapshot.data();
        if (data === undefined) return; // no profile yet: no role to wait for
        latest += 1;
        void reconcile(grantOf(data), latest);
      },
      (error) => {
        listener({ data: current, live: false, error: readError(error) });
      },
    );
    profile = { uid: user.uid, stop };
  };

  const stopAuth = onIdTokenChanged(auth, (user) => {
    if (user === null) {
      profile?.stop();
      profile = undefined;
      current = null;
      listener({ data: null, live: true, error: undefined });
      return;
    }
    followProfile(user);
    void user.getIdTokenResult().then((token) => {
      if (auth.currentUser?.uid !== user.uid) return; // another user signed in meanwhile
      const session = sessionOf(user, token.claims);
      // The hourly token refresh changes nothing a reader sees: say nothing then.
      if (current !== null && sameSession(current, session)) return;
      current = session;
      listener({ data: current, live: true, error: undefined });
    });
  });

  return () => {
    stopped = true;
    stopAuth();
    profile?.stop();
  };
}
