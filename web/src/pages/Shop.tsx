// A shop owner's page: the shop's name and the chosen section, each in its own file under shop/
// (the overview, the order board, live visitors, insights, customers and members, payment errors,
// coupons, loyalty).
// `orders/{orderId}` and `payment-errors/{errorId}` mark one. Another shop's URL shows "not
// allowed" from the listeners. The charts (Recharts) load only with the sections that draw them.
import { Stack, Title } from "@mantine/core";
import { useShop } from "@storepulse/client/react";
import { lazy, Suspense } from "react";
import { Navigate } from "react-router";
import { Panel } from "../components/Panel";
import { Coupons } from "./shop/Coupons";
import { Customers } from "./shop/Customers";
import { Loyalty } from "./shop/Loyalty";
import { Orders } from "./shop/Orders";
import { PaymentErrors } from "./shop/PaymentErrors";

const Visitors = lazy(() => import("./shop/Visitors").then((m) => ({ default: m.Visitors })));
const Overview = lazy(() => import("./shop/Overview").then((m) => ({ default: m.Overview })));
const Insights = lazy(() => import("./shop/Insights").then((m) => ({ default: m.Insights })));

function ShopName({ shopId }: { shopId: string }) {
  const shop = useShop(shopId);
  return (
    <Title order={1} data-testid="shop-page" data-shop-id={shopId}>
      {shop.error ? "Not your shop" : shop.data?.name || "…"}
    </Title>
  );
}

const SECTIONS = new Set(["overview", "orders", "visitors", "insights", "customers", "payment-errors", "coupons", "loyalty"]);

export function Shop(props: { shopId: string; section: string; focus: string | undefined }) {
  const { shopId, section, focus } = props;
  if (!SECTIONS.has(section)) return <Navigate to={`/shop/${shopId}/overview`} replace />;
  return (
    <Stack>
      <ShopName shopId={shopId} />
      {section === "overview" && (
        <Suspense fallback={<Panel title="Right now" loading />}>
          <Overview shopId={shopId} />
        </Suspense>
      )}
      {section === "orders" && <Orders shopId={shopId} chosen={focus} />}
      {section === "visitors" && (
        <Suspense fallback={<Panel title="Visitors now" loading />}>
          <Visitors shopId={shopId} />
        </Suspense>
      )}
      {section === "insights" && (
        <Suspense fallback={<Panel title="Insights" loading />}>
          <Insights shopId={shopId} />
        </Suspense>
      )}
      {section === "customers" && <Customers shopId={shopId} />}
      {section === "payment-errors" && <PaymentErrors shopId={shopId} chosen={focus} />}
      {section === "coupons" && <Coupons shopId={shopId} />}
      {section === "loyalty" && <Loyalty shopId={shopId} />}
    </Stack>
  );
}
