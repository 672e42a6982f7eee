// Who is signed in decides the routes. Nobody (or a visitor) sees the landing page with the pulse;
// a signed-in user gets the app shell (components/Shell.tsx) with their role's sections. Each
// role's pages are their own chunk, loaded after sign-in (React.lazy), so the landing page stays
// small. A role opening a URL that is not its own is sent to its own (a shop owner may type another
// shop's URL: that page's listeners then say "not allowed").
import { Center, Loader } from "@mantine/core";
import type { Session } from "@storepulse/client";
import { useSession } from "@storepulse/client/react";
import { lazy, Suspense } from "react";
import { Navigate, Route, Routes, useLocation, useParams } from "react-router";
import { SignIn } from "./pages/SignIn";
import { home, redirectFor } from "./sections";

const Shell = lazy(() => import("./components/Shell").then((m) => ({ default: m.Shell })));
const Account = lazy(() => import("./pages/Account").then((m) => ({ default: m.Account })));
const Admin = lazy(() => import("./pages/Admin").then((m) => ({ default: m.Admin })));
const Affiliate = lazy(() => import("./pages/Affiliate").then((m) => ({ default: m.Affiliate })));
const Customer = lazy(() => import("./pages/Customer").then((m) => ({ default: m.Customer })));
const Shop = lazy(() => import("./pages/Shop").then((m) => ({ default: m.Shop })));

function ShopRoute() {
  const { shopId = "", section = "overview", focus } = useParams();
  return <Shop shopId={shopId} section={section} focus={focus} />;
}

function CustomerRoute({ uid }: { uid: string }) {
  const { section = "orders", focus } = useParams();
  return <Customer uid={uid} section={section} focus={focus} />;
}

function AdminRoute() {
  const { section = "overview" } = useParams();
  return <Admin section={section} />;
}

function Loading() {
  return (
    <Center h="60vh">
      <Loader role="status" aria-label="Loading" />
    </Center>
  );
}

function SignedIn({ session }: { session: Session }) {
  const location = useLocation();
  const redirect = redirectFor(session, location.pathname);
  // The shell mounts on the page the user lands on: arriving (or being sent) there is no page change.
  if (redirect !== null) return <Navigate to={redirect} replace />;
  return (
    <Suspense fallback={<Loading />}>
      <Shell session={session} path={location.pathname}>
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
                <p data-testid="no-role">This account has no role yet; ask an admin, or register as a customer.</p>
              ) : (
                <Navigate to={home(session)} replace />
              )
            }
          />
        </Routes>
      </Shell>
    </Suspense>
  );
}

export function App() {
  const session = useSession();
  if (session === undefined) return <Loading />;
  if (session === null || session.anonymous) return <SignIn visitor={session !== null} />;
  return <SignedIn session={session} />;
}
