// Who is signed in decides the page: nobody (or a visitor) sees the sign-in page with the pulse.
import { onIdTokenChanged, signOut, type User } from "firebase/auth";
import { useEffect, useState } from "react";
import type { Services } from "./firebase";
import { SignIn } from "./pages/SignIn";

interface Session {
  user: User | null;
  role: string | undefined;
}

export function App({ services }: { services: Services }) {
  const [session, setSession] = useState<Session>();
  useEffect(
    () =>
      onIdTokenChanged(services.auth, (user) => {
        if (!user) {
          setSession({ user: null, role: undefined });
          return;
        }
        void user.getIdTokenResult().then((token) => {
          const role = token.claims["role"];
          setSession({ user, role: typeof role === "string" ? role : undefined });
        });
      }),
    [services.auth],
  );
  if (!session) return <p>Loading…</p>;
  if (!session.user || session.user.isAnonymous) {
    return (
      <>
        {session.user && <p data-testid="visitor">Browsing as a visitor.</p>}
        <SignIn services={services} />
      </>
    );
  }
  return (
    <main>
      <p data-testid="signed-in">
        Signed in as {session.user.email} ({session.role ?? "no role"})
      </p>
      <button type="button" onClick={() => void signOut(services.auth)}>
        Sign out
      </button>
    </main>
  );
}
