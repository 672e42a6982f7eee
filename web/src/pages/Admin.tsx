// An admin's page: the activity feed newest first, with a type filter and "load more", platform
// live stats, and the shop and affiliate lists.
import { useState } from "react";
import { LiveBadge } from "../components/LiveBadge";
import { StatsStrip } from "../components/StatsStrip";
import type { Services } from "../firebase";
import { useQuery } from "../live";
import { row, text, time } from "../fields";
import { build } from "../queries";

const PAGE = 20;
const TYPES = [
  "", "redemption", "redemption_reversed", "user_action", "customer_registered", "role_changed", "shop_created",
  "affiliate_created", "coupon_created", "loyalty_program_saved",
];

function Feed({ services }: { services: Services }) {
  const [type, setType] = useState("");
  const [size, setSize] = useState(PAGE);
  const feed = useQuery(
    type
      ? build(services.db, "ADMIN_FEED_BY_TYPE", { type }, size)
      : build(services.db, "ADMIN_FEED", {}, size),
    `feed:${type}:${size}`,
    row,
  );
  if (feed.error) return <p role="alert">{feed.error}</p>;
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
            {time(entry["createdAt"])} {text(entry["type"])}:{" "}
            {text(entry["summary"])}
          </li>
        ))}
      </ol>
      {(feed.data?.length ?? 0) >= size && (
        <button type="button" onClick={() => { setSize(size + PAGE); }}>Load more</button>
      )}
    </section>
  );
}

function Directory({ services }: { services: Services }) {
  const shops = useQuery(build(services.db, "ALL_SHOPS", {}), "shops", row);
  const affiliates = useQuery(build(services.db, "ALL_AFFILIATES", {}), "affiliates", row);
  return (
    <section aria-label="Shops and affiliates">
      <h2>Shops</h2>
      <ul data-testid="shops">
        {(shops.data ?? []).map((shop) => <li key={shop.id}>{text(shop["name"])}</li>)}
      </ul>
      <h2>Affiliates</h2>
      <ul data-testid="affiliates">
        {(affiliates.data ?? []).map((affiliate) => (
          <li key={affiliate.id}>{text(affiliate["name"])} ({text(affiliate["code"])})</li>
        ))}
      </ul>
    </section>
  );
}

export function Admin({ services }: { services: Services }) {
  return (
    <main className="admin">
      <StatsStrip services={services} scopeId="platform" />
      <Feed services={services} />
      <Directory services={services} />
    </main>
  );
}
