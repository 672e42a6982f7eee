// An affiliate's page: the customers it acquired (no contact data exists here), their redemptions
// and commission, and its live stats.
import { StatsStrip } from "../components/StatsStrip";
import type { Services } from "../firebase";
import { useQuery } from "../live";
import { count, row, text } from "../fields";
import { build } from "../queries";


export function Affiliate({ services, affiliateId }: { services: Services; affiliateId: string }) {
  const customers = useQuery(
    build(services.db, "AFFILIATE_CUSTOMERS", { affiliateId }, 50),
    `acquired:${affiliateId}`,
    row,
  );
  return (
    <main className="affiliate">
      <StatsStrip services={services} scopeId={`affiliate_${affiliateId}`} />
      <section aria-label="Acquired customers">
        <h2>Acquired customers</h2>
        {customers.error && <p role="alert">{customers.error}</p>}
        <ul data-testid="acquired">
          {(customers.data ?? []).map((customer) => (
            <li key={customer.id}>
              {text(customer["customerName"])}: {count(customer["redemptionCount"])} redemptions, commission{" "}
              {(count(customer["commissionCents"]) / 100).toFixed(2)}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
