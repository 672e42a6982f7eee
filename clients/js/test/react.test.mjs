// The React hooks, rendered by react-dom into happy-dom's document, against the emulators: a hook
// follows a changed target (reset, then the new data) and drops the old target's listener; the
// bell's marks; a read denied before a role grant recovers once the provider refreshed the token.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import { Window } from "happy-dom";
import { PICKUP_ORDER, actor, admin, closeAll, coupon, customer, example, refreshed, shop, signedUp, uidOf } from "./support.mjs";

// react-dom renders into a document; only this test process gets one.
const window = new Window();
for (const name of ["window", "document", "navigator"]) {
  Object.defineProperty(globalThis, name, { value: name === "window" ? window : window[name], configurable: true });
}
const { createElement } = await import("react");
const { createRoot } = await import("react-dom/client");
const hooks = await import("../dist/react/index.js");

const SETTLE_MS = 1500;

let adminSp;
let bakery;
let ada;

before(async () => {
  adminSp = await admin();
  bakery = await shop(adminSp, "Corner Bakery");
  ada = await customer("Ada Lovelace");
});
after(async () => {
  await window.happyDOM.close();
  await closeAll();
});

/** Renders `useHook(arg)` under a provider for `client`; every render's state is recorded. */
function mount(client, useHook, arg) {
  const renders = [];
  function Probe({ target }) {
    renders.push({ target, state: useHook(target) });
    return null;
  }
  const root = createRoot(document.createElement("div"));
  const show = (target) => {
    root.render(createElement(hooks.StorepulseProvider, { client }, createElement(Probe, { target })));
  };
  show(arg);
  return {
    renders,
    show,
    unmount: () => {
      root.unmount();
    },
    /** The first render from `since` on whose state satisfies `predicate`. */
    async until(predicate, since = 0, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = renders.slice(since).find((render) => predicate(render.state, render.target));
        if (found !== undefined) return found;
        if (Date.now() > deadline) {
          throw new Error(`no matching render within ${timeoutMs} ms; last: ${JSON.stringify(renders.at(-1))}`);
        }
        await sleep(20);
      }
    },
  };
}

/** Renders `element` under a provider for `client` into the document, for a test to look at and click. */
function render(client, element) {
  const container = document.createElement("div");
  document.body.appendChild(container);
  const root = createRoot(container);
  root.render(createElement(hooks.StorepulseProvider, { client }, element));
  return {
    container,
    unmount: () => {
      root.unmount();
      container.remove();
    },
    /** The first moment `predicate(container)` holds. */
    async until(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(container)) {
        if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms; shown: ${container.innerHTML}`);
        await sleep(20);
      }
    },
  };
}

const button = (container, name) =>
  [...container.querySelectorAll("button")].find((element) => element.textContent.trim().startsWith(name));

const move = (orderId, status, expectedVersion) =>
  bakery.owner.updateOrderStatus({ orderId, status, expectedVersion });

test("useOrder follows a changed order: resets, shows the new one, and no longer listens to the old", async () => {
  const first = (await ada.placeOrder({ shopId: bakery.shopId, ...PICKUP_ORDER })).orderId;
  const second = (await ada.placeOrder({ shopId: bakery.shopId, ...PICKUP_ORDER })).orderId;
  const view = mount(ada, hooks.useOrder, first);
  try {
    await view.until((state) => state.live && state.data?.id === first);

    // The same target rendered again keeps its data (followed by query equality, no key).
    let since = view.renders.length;
    view.show(first);
    await sleep(100);
    assert.ok(view.renders.slice(since).every(({ state }) => state.data?.id === first));

    since = view.renders.length;
    view.show(second);
    await view.until((state) => state.live && state.data?.id === second, since);
    const afterChange = view.renders.slice(since);
    assert.equal(afterChange[0].state.data, undefined, "reset when the target changed");
    assert.ok(
      afterChange.every(({ state }) => state.data === undefined || state.data.id === second),
      "nothing of the first order shown for the second",
    );

    // The first order's listener is gone: its change renders nothing.
    since = view.renders.length;
    await move(first, "confirmed", 1);
    await sleep(SETTLE_MS);
    assert.equal(view.renders.length, since, "no render for the order no longer shown");

    await move(second, "confirmed", 1);
    const moved = await view.until((state) => state.data?.status === "confirmed", since);
    assert.deepEqual(
      moved.state.data.timeline.map((entry) => entry.status),
      ["placed", "confirmed"],
    );

    // Unmounted, nothing listens any more.
    view.unmount();
    since = view.renders.length;
    await move(second, "preparing", 2);
    await sleep(SETTLE_MS);
    assert.equal(view.renders.length, since);
  } finally {
    view.unmount();
  }
});

test("useNotifications marks read; useUnreadCount follows the badge", async () => {
  const uid = uidOf(ada);
  const useBell = (target) => ({ badge: hooks.useUnreadCount(target), bell: hooks.useNotifications(target, { limit: 10 }) });
  const { orderId } = await ada.placeOrder({ shopId: bakery.shopId, ...PICKUP_ORDER });
  await move(orderId, "confirmed", 1);
  const view = mount(ada, useBell, uid);
  try {
    const unread = await view.until(({ badge, bell }) => badge.data?.unread > 0 && bell.data?.some((note) => !note.read));
    await unread.state.bell.markAllRead();
    await view.until(({ badge, bell }) => badge.data?.unread === 0 && bell.data.every((note) => note.read));

    await move(orderId, "preparing", 2);
    const fresh = await view.until(({ badge, bell }) => badge.data?.unread === 1 && bell.data.some((entry) => !entry.read));
    const note = fresh.state.bell.data.find((entry) => !entry.read);
    await fresh.state.bell.markRead([note.id]);
    const isRead = (bell) => bell.data?.find((entry) => entry.id === note.id)?.read === true;
    await view.until(({ badge, bell }) => badge.data?.unread === 0 && isRead(bell), view.renders.indexOf(fresh));
  } finally {
    view.unmount();
  }
});

test("useTabChanges records each page change (not the first page) as a tab_change the admin feed filters by", async () => {
  const feed = mount(adminSp, (options) => hooks.useAdminFeed(options), { action: "tab_change", limit: 20 });
  const owner = bakery.owner;
  const moves = (state) => (state.data ?? []).filter((entry) => entry.actorUid === uidOf(owner));
  const view = mount(owner, (path) => hooks.useTabChanges(path), `/shop/${bakery.shopId}/orders`);
  try {
    await feed.until((state) => state.live);
    // Each path is rendered (React would skip a render superseded before it ran): the same path
    // twice is one page.
    for (const section of ["visitors", "visitors", "loyalty"]) {
      const path = `/shop/${bakery.shopId}/${section}`;
      const since = view.renders.length;
      view.show(path);
      await view.until((_state, target) => target === path, since);
    }
    const seen = await feed.until((state) => moves(state).length === 2);
    assert.ok(seen.state.data.every((entry) => entry.type === "user_action" && entry.action === "tab_change"));
    await sleep(SETTLE_MS);
    assert.equal(moves(feed.renders.at(-1).state).length, 2, "one entry per change, none for the first page");
  } finally {
    view.unmount();
    feed.unmount();
  }
});

test("a read denied before a role grant recovers once the provider refreshed the token", async () => {
  const newcomer = await signedUp("newcomer");
  const useOwnerView = (shopId) => ({ session: hooks.useSession(), visitors: hooks.useLiveVisitors(shopId) });
  const view = mount(newcomer, useOwnerView, bakery.shopId);
  try {
    const denied = await view.until(({ visitors }) => visitors.error !== undefined);
    assert.equal(denied.state.visitors.error.code, "permission-denied");
    assert.equal(denied.state.session.role, undefined);

    await adminSp.setUserRole({ uid: uidOf(newcomer), role: "shop", shopId: bakery.shopId });
    const granted = await view.until(({ session, visitors }) => session?.role === "shop" && visitors.live);
    assert.equal(granted.state.visitors.error, undefined);
    assert.equal(typeof granted.state.visitors.data.total, "number");
  } finally {
    view.unmount();
  }
});

test("useShopInsights follows a new span and a visit", async () => {
  const view = mount(bakery.owner, (days) => hooks.useShopInsights(bakery.shopId, { days }), 1);
  try {
    const today = await view.until((state) => state.live);
    assert.equal(today.state.data.days.length, 1);
    assert.equal(today.state.data.activityByHour.length, 24);
    const before = today.state.data.visits;

    const since = view.renders.length;
    view.show(7);
    const week = await view.until((state, target) => target === 7 && state.live, since);
    assert.equal(week.state.data.days.length, 7);
    assert.equal(week.state.data.days.at(-1), today.state.data.days[0]);
    assert.ok(view.renders.slice(since).some((render) => render.target === 7 && render.state.data === undefined), "reset first");

    const visitor = actor();
    await visitor.ensureSignedIn();
    await visitor.trackPage({ sessionId: `react-insights-${Date.now()}`, shopId: bakery.shopId, pageType: "category", pageId: "rye" });
    const visited = await view.until((state, target) => target === 7 && state.data?.visits === week.state.data.visits + 1, since);
    assert.ok(visited.state.data.topCategories.some((page) => page.id === "rye" && page.views >= 1));
    assert.ok(week.state.data.visits >= before);
  } finally {
    view.unmount();
  }
});

test("useQrToken shows the customer's code with its expiry", async () => {
  const view = mount(ada, hooks.useQrToken, undefined);
  try {
    const shown = await view.until((state) => state.token !== undefined);
    assert.ok(shown.state.expiresAt instanceof Date);
    assert.ok(shown.state.expiresAt.getTime() > Date.now() + 60_000, "good for longer than the refresh period");
    assert.equal(shown.state.error, undefined);
  } finally {
    view.unmount();
  }
});

test("the other hooks read live: orders, cards, stats, visitors, feed and pulse", async () => {
  const uid = uidOf(ada);
  const customerHooks = () => ({
    orders: hooks.useOrders(uid, { limit: 5 }),
    cards: hooks.useLoyaltyCards(uid),
    pulse: hooks.usePulse(),
  });
  const ownerHooks = () => ({
    stats: hooks.useLiveStats(`shop_${bakery.shopId}`),
    visitors: hooks.useLiveVisitors(bakery.shopId),
  });
  const adminHooks = () => ({ feed: hooks.useAdminFeed({ type: "shop_created" }) });
  const views = [mount(ada, customerHooks), mount(bakery.owner, ownerHooks), mount(adminSp, adminHooks)];
  try {
    const [mine, owners, admins] = await Promise.all([
      views[0].until((state) => Object.values(state).every((read) => read.live)),
      views[1].until((state) => Object.values(state).every((read) => read.live)),
      views[2].until((state) => state.feed.live),
    ]);
    assert.ok(mine.state.orders.data.length > 0);
    assert.ok(Array.isArray(mine.state.cards.data));
    assert.equal(owners.state.stats.error, undefined);
    assert.equal(typeof owners.state.visitors.data.total, "number");
    assert.ok(admins.state.feed.data.some((entry) => entry.shopId === bakery.shopId));
  } finally {
    for (const view of views) view.unmount();
  }
});

test("the Bell example shows the unread count, opens the list, and marks all read", async () => {
  const { Bell } = await example("Bell.tsx");
  const { orderId } = await ada.placeOrder({ shopId: bakery.shopId, ...PICKUP_ORDER });
  await move(orderId, "confirmed", 1);
  const page = render(ada, createElement(Bell));
  const unread = (container) => Number(container.querySelector("[data-testid=unread]")?.textContent);
  try {
    await page.until((container) => unread(container) > 0);
    assert.equal(page.container.querySelector("ul"), null, "the list is read only while open");
    button(page.container, "Notifications").click();
    await page.until((container) => container.querySelector("li.unread")?.textContent.includes("Corner Bakery") === true);
    button(page.container, "Mark all read").click();
    await page.until((container) => unread(container) === 0 && container.querySelector("li.unread") === null);
    assert.equal(button(page.container, "Mark all read").disabled, true);
  } finally {
    page.unmount();
  }
});

test("the OrderStatus example shows the shop's status change and the timeline's new step", async () => {
  const { OrderStatus } = await example("OrderStatus.tsx");
  const { orderId } = await ada.placeOrder({ shopId: bakery.shopId, ...PICKUP_ORDER });
  const page = render(ada, createElement(OrderStatus, { orderId }));
  const status = (container) => container.querySelector("[data-testid=status]")?.textContent;
  try {
    await page.until((container) => status(container) === "Order placed" && container.querySelectorAll("li").length === 1);
    await move(orderId, "confirmed", 1);
    await page.until((container) => status(container) === "Confirmed by the shop");
    const steps = [...page.container.querySelectorAll("li")].map((step) => step.textContent);
    assert.equal(steps.length, 2, "the status and its timeline step arrive together");
    assert.match(steps[1], /Confirmed by the shop$/);
    assert.equal(page.container.querySelector("progress").getAttribute("value"), "25");
  } finally {
    page.unmount();
  }
});

test("the hooks added for the web app read live: profile, redemptions, shop, board, people, coupons, directory", async () => {
  const uid = uidOf(ada);
  const agent = await signedUp("affiliate");
  const code = `HOOK${Math.random().toString(36).slice(2, 6)}`;
  const { affiliateId } = await adminSp.createAffiliate({ name: "Hooked", uid: uidOf(agent), code });
  await refreshed(agent);
  await ada.redeemCoupon({ couponId: await coupon(bakery.owner, bakery.shopId) });
  const { orderId } = await ada.placeOrder({ shopId: bakery.shopId, ...PICKUP_ORDER });
  const customerHooks = () => ({ profile: hooks.useProfile(uid), redemptions: hooks.useRedemptions(uid, { limit: 5 }) });
  const ownerHooks = () => ({
    shop: hooks.useShop(bakery.shopId),
    board: hooks.useOpenOrders(bakery.shopId),
    customers: hooks.useShopCustomers(bakery.shopId, { limit: 5 }),
    members: hooks.useLoyaltyMembers(bakery.shopId, { limit: 5 }),
    errors: hooks.usePaymentErrors(bakery.shopId, { limit: 5 }),
    coupons: hooks.useCoupons(bakery.shopId, { limit: 5 }),
  });
  const adminHooks = () => ({ shops: hooks.useShops(), affiliates: hooks.useAffiliates() });
  const agentHooks = () => ({ acquired: hooks.useAffiliateCustomers(affiliateId) });
  const views = [mount(ada, customerHooks), mount(bakery.owner, ownerHooks), mount(adminSp, adminHooks), mount(agent, agentHooks)];
  const allLive = (state) => Object.values(state).every((read) => read.live);
  try {
    const [mine, owners, admins, agents] = await Promise.all(views.map((view) => view.until(allLive)));
    assert.equal(mine.state.profile.data.role, "customer");
    assert.ok(mine.state.redemptions.data.length > 0);
    assert.equal(owners.state.shop.data.name, "Corner Bakery");
    assert.ok(owners.state.board.data.some((order) => order.id === orderId));
    assert.ok(owners.state.customers.data.some((row) => row.customerId === uid));
    assert.ok(Array.isArray(owners.state.members.data) && Array.isArray(owners.state.errors.data));
    assert.ok(owners.state.coupons.data.length > 0);
    assert.ok(admins.state.shops.data.some((entry) => entry.id === bakery.shopId));
    assert.ok(admins.state.affiliates.data.some((entry) => entry.id === affiliateId));
    assert.deepEqual(agents.state.acquired.data, []);
  } finally {
    for (const view of views) view.unmount();
  }
});
