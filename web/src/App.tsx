// Who is signed in decides the page: nobody (or a visitor) sees the sign-in page with the pulse; a
// role opening a page that is not its own is sent to its own (a shop owner may type another
// shop's URL: that page's listeners then say "not allowed").
import { onIdTokenChanged, signOut, type User } from "firebase/auth";
import { useEffect, useState } from "react";
import type { Services } from "./firebase";
import { Admin } from "./pages/Admin";
import { Affiliate } from "./pages/Affiliate";
import { Customer } from "./pages/Customer";
import { Shop } from "./pages/Shop";
import { SignIn } from "./pages/SignIn";

interface Session {
  user: User | null;
  role: string | undefined;
  shopId: string | undefined;
  affiliateId: string | undefined;
}

const claim = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** The path a role belongs on, given the one it asked for. */
export function pathFor(session: Session, asked: string): string {
  if (session.role === "shop") return asked.startsWith("/shop/") ? asked : `/shop/${session.shopId ?? ""}`;
  if (session.role === "customer") return "/customer";
  if (session.role === "admin") return "/admin";
  if (session.role === "affiliate") return "/affiliate";
  return "/";
}

export function App({ services }: { services: Services }) {
  const [session, setSession] = useState<Session>();
  useEffect(
    () =>
      onIdTokenChanged(services.auth, (user) => {
        if (!user) {
          setSession({ user: null, role: undefined, shopId: undefined, affiliateId: undefined });
          return;
        }
        void user.getIdTokenResult().then((token) => {
          setSession({
            user,
            role: claim(token.claims["role"]),
            shopId: claim(token.claims["shopId"]),
            affiliateId: claim(token.claims["affiliateId"]),
          });
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
  const path = pathFor(session, window.location.pathname);
  if (path !== window.location.pathname) window.history.replaceState(null, "", path);
  return (
    <>
      <header className="top">
        <span data-testid="signed-in">
          {session.user.email} ({session.role ?? "no role"})
        </span>{" "}
        <button type="button" onClick={() => void signOut(services.auth)}>
          Sign out
        </button>
      </header>
      {session.role === "customer" && <Customer services={services} user={session.user} />}
      {session.role === "shop" && <Shop services={services} shopId={path.slice("/shop/".length)} />}
      {session.role === "admin" && <Admin services={services} />}
      {session.role === "affiliate" && <Affiliate services={services} affiliateId={session.affiliateId ?? ""} />}
      {session.role === undefined && (
        <main data-testid="no-role">This account has no role yet; ask an admin, or register as a customer.</main>
      )}
    </>
  );
}
