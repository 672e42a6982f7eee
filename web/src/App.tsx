// Who is signed in decides the page: nobody (or a visitor) sees the sign-in page with the pulse; a
// role opening a page that is not its own is sent to its own (a shop owner may type another
// shop's URL: that page's listeners then say "not allowed").
import type { Session } from "@storepulse/client";
import { useSession, useStorepulse } from "@storepulse/client/react";
import { signOut } from "firebase/auth";
import { Admin } from "./pages/Admin";
import { Affiliate } from "./pages/Affiliate";
import { Customer } from "./pages/Customer";
import { Shop } from "./pages/Shop";
import { SignIn } from "./pages/SignIn";

/** The path a role belongs on, given the one it asked for. */
export function pathFor(session: Session, asked: string): string {
  if (session.role === "shop") return asked.startsWith("/shop/") ? asked : `/shop/${session.shopId ?? ""}`;
  if (session.role === "customer") return "/customer";
  if (session.role === "admin") return "/admin";
  if (session.role === "affiliate") return "/affiliate";
  return "/";
}

export function App() {
  const sp = useStorepulse();
  const session = useSession();
  if (session === undefined) return <p>Loading…</p>;
  if (session === null || session.anonymous) {
    return (
      <>
        {session && <p data-testid="visitor">Browsing as a visitor.</p>}
        <SignIn />
      </>
    );
  }
  const path = pathFor(session, window.location.pathname);
  if (path !== window.location.pathname) window.history.replaceState(null, "", path);
  return (
    <>
      <header className="top">
        <span data-testid="signed-in">
          {session.email} ({session.role ?? "no role"})
        </span>{" "}
        <button type="button" onClick={() => void signOut(sp.auth)}>
          Sign out
        </button>
      </header>
      {session.role === "customer" && <Customer uid={session.uid} />}
      {session.role === "shop" && <Shop shopId={path.slice("/shop/".length)} />}
      {session.role === "admin" && <Admin />}
      {session.role === "affiliate" && <Affiliate affiliateId={session.affiliateId ?? ""} />}
      {session.role === undefined && (
        <main data-testid="no-role">This account has no role yet; ask an admin, or register as a customer.</main>
      )}
    </>
  );
}
