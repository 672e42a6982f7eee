// An admin's sections: activity (platform live stats, the feed newest first with a filter by entry
// type or by tracked action, "load more"), and the shop and affiliate lists.
import type { ActionType } from "@storepulse/client";
import { useAdminFeed, useAffiliates, useShops } from "@storepulse/client/react";
import { useState } from "react";
import { Navigate } from "react-router";
import { LiveBadge } from "../components/LiveBadge";
import { StatsStrip } from "../components/StatsStrip";
import { readProblem } from "../problems";

const PAGE = 20;
const TYPES = [
  "redemption", "redemption_reversed", "user_action", "customer_registered", "role_changed", "shop_created",
  "affiliate_created", "coupon_created", "loyalty_program_saved",
];
// Tracked actions the filter offers on their own (each is a `user_action` entry).
const ACTIONS: readonly ActionType[] = ["tab_change", "page_view", "search", "notification_open", "qr_scan"];
const ACTION_PREFIX = "action:";

/** The feed filter a select value names: "" (all), an entry type, or `action:<kind>`. */
function filterOf(value: string): { type?: string; action?: ActionType } {
  const action = ACTIONS.find((kind) => `${ACTION_PREFIX}${kind}` === value);
  if (action !== undefined) return { action };
  return TYPES.includes(value) ? { type: value } : {};
}

function Feed() {
  const [filter, setFilter] = useState("");
  const [size, setSize] = useState(PAGE);
  const feed = useAdminFeed({ ...filterOf(filter), limit: size });
  if (feed.error) return <p role="alert">{readProblem(feed.error)}</p>;
  return (
    <section aria-label="Activity feed">
      <h2>Activity <LiveBadge live={feed.live} /></h2>
      <label>
        Type{" "}
        <select value={filter} onChange={(event) => { setFilter(event.target.value); setSize(PAGE); }}>
          <option value="">all</option>
          {TYPES.map((name) => (
            <option key={name} value={name}>{name}</option>
          ))}
          {ACTIONS.map((kind) => (
            <option key={kind} value={`${ACTION_PREFIX}${kind}`}>user_action: {kind}</option>
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

export function Admin({ section }: { section: string }) {
  return (
    <main className="admin">
      {section === "activity" && (
        <>
          <StatsStrip scopeId="platform" />
          <Feed />
        </>
      )}
      {section === "directory" && <Directory />}
      {section !== "activity" && section !== "directory" && <Navigate to="/admin/activity" replace />}
    </main>
  );
}
