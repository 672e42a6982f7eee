// A shop owner's page: the shop's name and the chosen section, each in its own file under shop/
// (the order board, live visitors, customers and members, payment errors, coupons, loyalty).
// `orders/{orderId}` and `payment-errors/{errorId}` mark one. Another shop's URL shows "not
// allowed" from the listeners. The visitors' charts (Recharts) load only when that section opens.
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

function ShopName({ shopId }: { shopId: string }) {
  const shop = useShop(shopId);
  return (
    <Title order={1} data-testid="shop-page" data-shop-id={shopId}>
      {shop.error ? "Not your shop" : shop.data?.name || "…"}
    </Title>
  );
}

const SECTIONS = new Set(["orders", "visitors", "customers", "payment-errors", "coupons", "loyalty"]);

export function Shop(props: { shopId: string; section: string; focus: string | undefined }) {
  const { shopId, section, focus } = props;
  if (!SECTIONS.has(section)) return <Navigate to={`/shop/${shopId}/orders`} replace />;
  return (
    <Stack>
      <ShopName shopId={shopId} />
      {section === "orders" && <Orders shopId={shopId} chosen={focus} />}
      {section === "visitors" && (
        <Suspense fallback={<Panel title="Visitors now" loading />}>
          <Visitors shopId={shopId} />
        </Suspense>
      )}
      {section === "customers" && <Customers shopId={shopId} />}
      {section === "payment-errors" && <PaymentErrors shopId={shopId} chosen={focus} />}
      {section === "coupons" && <Coupons shopId={shopId} />}
      {section === "loyalty" && <Loyalty shopId={shopId} />}
    </Stack>
  );
}
