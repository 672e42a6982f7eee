// An affiliate's page: the customers it acquired (no contact data exists here), their redemptions
// and commission, and its live stats.
import { useAffiliateCustomers } from "@storepulse/client/react";
import { StatsStrip } from "../components/StatsStrip";
import { readProblem } from "../problems";

export function Affiliate({ affiliateId }: { affiliateId: string }) {
  const customers = useAffiliateCustomers(affiliateId, { limit: 50 });
  return (
    <main className="affiliate">
      <StatsStrip scopeId={`affiliate_${affiliateId}`} />
      <section aria-label="Acquired customers">
        <h2>Acquired customers</h2>
        {customers.error && <p role="alert">{readProblem(customers.error)}</p>}
        <ul data-testid="acquired">
          {(customers.data ?? []).map((customer) => (
            <li key={customer.id}>
              {customer.customerName}: {customer.redemptionCount} redemptions, commission{" "}
              {(customer.commissionCents / 100).toFixed(2)}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
