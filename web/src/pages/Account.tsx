// The signed-in user's account: who they are and what their role lets them see. A role change
// notification leads here (the new role's pages come with the next sign-in or token refresh).
import type { Session } from "@storepulse/client";

export function Account({ session }: { session: Session }) {
  return (
    <main className="account">
      <h1>Account</h1>
      <dl data-testid="account">
        <dt>E-mail</dt>
        <dd>{session.email ?? "none"}</dd>
        <dt>Role</dt>
        <dd>{session.role ?? "no role yet"}</dd>
        {session.shopId && (
          <>
            <dt>Shop</dt>
            <dd>{session.shopId}</dd>
          </>
        )}
      </dl>
    </main>
  );
}
