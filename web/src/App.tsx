// The app shell: who is signed in decides the routes. Nobody (or a visitor) sees the sign-in page
// with the pulse; a signed-in user gets a header (who, the bell, sign out), the sections of their
// role as links (each section its own URL, so a page can be linked and reloaded) and the section.
// A role opening a URL that is not its own is sent to its own (a shop owner may type another
// shop's URL: that page's listeners then say "not allowed"). Every move between pages is
// recorded as a `tab_change` action, which admins see in the feed.
import type { Session } from "@storepulse/client";
import { useSession, useStorepulse, useTabChanges } from "@storepulse/client/react";
import { signOut } from "firebase/auth";
import { Navigate, NavLink, Route, Routes, useLocation, useParams } from "react-router";
import { Bell } from "./components/Bell";
import { Account } from "./pages/Account";
import { Admin } from "./pages/Admin";
import { Affiliate } from "./pages/Affiliate";
import { Customer } from "./pages/Customer";
import { Shop } from "./pages/Shop";
import { SignIn } from "./pages/SignIn";
import { home, redirectFor, sectionsOf } from "./sections";

function Sections({ session }: { session: Session }) {
  const sections = sectionsOf(session);
  if (sections.length < 2) return null;
  return (
    <nav aria-label="Sections">
      <ul className="sections">
        {sections.map((section) => (
          <li key={section.path}>
            <NavLink to={section.path}>{section.label}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function ShopRoute() {
  const { shopId = "", section = "orders", focus } = useParams();
  return <Shop shopId={shopId} section={section} focus={focus} />;
}

function CustomerRoute({ uid }: { uid: string }) {
  const { section = "orders", focus } = useParams();
  return <Customer uid={uid} section={section} focus={focus} />;
}

function AdminRoute() {
  const { section = "activity" } = useParams();
  return <Admin section={section} />;
}

function SignedIn({ session }: { session: Session }) {
  const location = useLocation();
  const redirect = redirectFor(session, location.pathname);
  // The shell mounts on the page the user lands on: arriving (or being sent) there is no page change.
  return redirect === null ? <Shell session={session} path={location.pathname} /> : <Navigate to={redirect} replace />;
}

function Shell({ session, path }: { session: Session; path: string }) {
  const sp = useStorepulse();
  useTabChanges(path);
  return (
    <>
      <header className="top">
        <span data-testid="signed-in">
          {session.email} ({session.role ?? "no role"})
        </span>{" "}
        <NavLink to="/account">Account</NavLink>{" "}
        <button type="button" onClick={() => void signOut(sp.auth)}>
          Sign out
        </button>
        {session.role !== undefined && <Bell session={session} />}
      </header>
      <Sections session={session} />
      <Routes>
        <Route path="/account" element={<Account session={session} />} />
        <Route path="/shop/:shopId/:section?/:focus?" element={<ShopRoute />} />
        <Route path="/customer/:section?/:focus?" element={<CustomerRoute uid={session.uid} />} />
        <Route path="/admin/:section?" element={<AdminRoute />} />
        <Route path="/affiliate" element={<Affiliate affiliateId={session.affiliateId ?? ""} />} />
        <Route
          path="*"
          element={
            session.role === undefined ? (
              <main data-testid="no-role">This account has no role yet; ask an admin, or register as a customer.</main>
            ) : (
              <Navigate to={home(session)} replace />
            )
          }
        />
      </Routes>
    </>
  );
}

export function App() {
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
  return <SignedIn session={session} />;
}
