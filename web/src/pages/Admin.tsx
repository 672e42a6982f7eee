// An admin's page: the activity feed newest first, with a type filter and "load more", platform
// live stats, and the shop and affiliate lists.
import { useAdminFeed, useAffiliates, useShops } from "@storepulse/client/react";
import { useState } from "react";
import { LiveBadge } from "../components/LiveBadge";
import { StatsStrip } from "../components/StatsStrip";
import { readProblem } from "../problems";

const PAGE = 20;
const TYPES = [
  "", "redemption", "redemption_reversed", "user_action", "customer_registered", "role_changed", "shop_created",
  "affiliate_created", "coupon_created", "loyalty_program_saved",
];

function Feed() {
  const [type, setType] = useState("");
  const [size, setSize] = useState(PAGE);
  const feed = useAdminFeed({ type: type || undefined, limit: size });
  if (feed.error) return <p role="alert">{readProblem(feed.error)}</p>;
  return (
    <section aria-label="Activity feed">
      <h2>Activity <LiveBadge live={feed.live} /></h2>
      <label>
        Type{" "}
        <select value={type} onChange={(event) => { setType(event.target.value); setSize(PAGE); }}>
          {TYPES.map((name) => (
            <option key={name} value={name}>{name || "all"}</option>
          ))}
        </select>
      </label>
      <ol data-testid="admin-feed">
        {(feed.data ?? []).map((entry) => (
          <li key={entry.id}>
            {entry.createdAt.toLocaleTimeString()} {entry.type}:{" "}
            {entry.summary}
          </li>
        ))}
      </ol>
      {(feed.data?.length ?? 0) >= size && (
        <button type="button" onClick={() => { setSize(size + PAGE); }}>Load more</button>
      )}
    </section>
  );
}

function Directory() {
  const shops = useShops();
  const affiliates = useAffiliates();
  return (
    <section aria-label="Shops and affiliates">
      <h2>Shops</h2>
      <ul data-testid="shops">
        {(shops.data ?? []).map((shop) => <li key={shop.id}>{shop.name}</li>)}
      </ul>
      <h2>Affiliates</h2>
      <ul data-testid="affiliates">
        {(affiliates.data ?? []).map((affiliate) => (
          <li key={affiliate.id}>{affiliate.name} ({affiliate.code})</li>
        ))}
      </ul>
    </section>
  );
}

export function Admin() {
  return (
    <main className="admin">
      <StatsStrip scopeId="platform" />
      <Feed />
      <Directory />
    </main>
  );
}
