// A React storefront: one Storepulse client beside the Firebase app, the visit tracked from the
// first page on, and the provider the hooks read from.
import { createStorepulse } from "@storepulse/client";
import { StorepulseProvider } from "@storepulse/client/react";
import { startTracking } from "@storepulse/client/tracker";
import { initializeApp } from "firebase/app";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

const app = initializeApp({ apiKey: "YOUR_API_KEY", authDomain: "YOUR_PROJECT.firebaseapp.com", projectId: "YOUR_PROJECT" });
const sp = createStorepulse(app);

// Once per page load, outside React: it follows the router (pushState, back and forward) by
// itself, matching paths against `pages`; a <body data-sp-page="..." data-sp-id="..."> wins.
const tracker = startTracking(sp, {
  shopId: "YOUR_SHOP_ID",
  pages: { "/": "homepage", "/collections/:id": "category", "/products/:id": "product", "/cart": "checkout" },
});

function AddToCart({ productId }: { productId: string }) {
  return (
    <button type="button" onClick={() => void tracker.track("add_to_cart", { productId })}>
      Add to cart
    </button>
  );
}

function Storefront() {
  return (
    <main>
      <h1>Fruit market</h1>
      <AddToCart productId="apples" />
    </main>
  );
}

createRoot(document.getElementById("root") ?? document.body).render(
  <StrictMode>
    <StorepulseProvider client={sp}>
      <Storefront />
    </StorepulseProvider>
  </StrictMode>,
);
