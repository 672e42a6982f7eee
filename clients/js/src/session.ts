// Who is signed in and with which role. Roles live in the ID token's custom claims, which a client
// only sees in a fresh token: after a role change the server moves `users/{uid}.roleUpdatedAt`
// (docs/api.md), and this refreshes the token when it moved past the token's issue time.
import { onIdTokenChanged, type Auth, type User } from "firebase/auth";
import { doc, onSnapshot, type Firestore, type Timestamp } from "firebase/firestore";
import type { Role } from "./contract.generated.js";
import { readError, type Listener, type Unsubscribe } from "./live.js";

export interface Session {
  uid: string;
  /** A visitor signed in anonymously (the tracker's, or `ensureSignedIn`). */
  anonymous: boolean;
  role: Role | undefined;
  /** The shop a `shop` role owns. */
  shopId: string | undefined;
  /** The affiliate an `affiliate` role is. */
  affiliateId: string | undefined;
}

const ROLES: readonly string[] = ["admin", "shop", "affiliate", "customer"] satisfies Role[];
const claim = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

function sessionOf(user: User, claims: Record<string, unknown>): Session {
  const role = claim(claims["role"]);
  return {
    uid: user.uid,
    anonymous: user.isAnonymous,
    role: role !== undefined && ROLES.includes(role) ? (role as Role) : undefined,
    shopId: claim(claims["shopId"]),
    affiliateId: claim(claims["affiliateId"]),
  };
}

const sameSession = (first: Session, second: Session): boolean =>
  (Object.keys(first) as (keyof Session)[]).every((field) => first[field] === second[field]);

/** Calls back with the session (null when nobody is signed in) whenever the user or the claims
 * of their token change, refreshing the token when their role changed on the server. */
export function watchSession(auth: Auth, db: Firestore, listener: Listener<Session | null>): Unsubscribe {
  let profile: { uid: string; stop: Unsubscribe } | undefined;
  // The roleUpdatedAt a refresh was asked for: one refresh per change, even when the token's
  // issue time (whole seconds) cannot show that it is newer.
  let refreshedFor: number | undefined;
  let current: Session | null = null;

  const followProfile = (user: User): void => {
    if (profile?.uid === user.uid) return;
    profile?.stop();
    const stop = onSnapshot(
      doc(db, "users", user.uid),
      (snapshot) => {
        const moved = (snapshot.get("roleUpdatedAt") as Timestamp | null | undefined)?.toMillis();
        if (moved === undefined || moved === refreshedFor) return;
        void user.getIdTokenResult().then((token) => {
          if (moved > Date.parse(token.issuedAtTime) && moved !== refreshedFor) {
            refreshedFor = moved;
            // onIdTokenChanged below reports the new claims.
            void user.getIdToken(true);
          }
        });
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
    stopAuth();
    profile?.stop();
  };
}
