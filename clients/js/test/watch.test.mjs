// Each `sp.watch` read, against the emulators: it shows what is there, then a change another
// actor makes, live from the server; a read the rules deny says so.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { StorepulseError } from "../dist/index.js";
import {
  PICKUP_ORDER,
  actor,
  admin,
  closeAll,
  coupon,
  customer,
  example,
  follow,
  refreshed,
  runPulseJob,
  shop,
  signedUp,
  uidOf,
  until,
} from "./support.mjs";

let adminSp;
let bakery;
let ada;
let orderId;

before(async () => {
  adminSp = await admin();
  bakery = await shop(adminSp, "Corner Bakery");
  ada = await customer("Ada Lovelace");
  ({ orderId } = await ada.placeOrder({ shopId: bakery.shopId, ...PICKUP_ORDER }));
});
after(closeAll);

const confirm = (expectedVersion) =>
  bakery.owner.updateOrderStatus({ orderId, status: expectedVersion === 1 ? "confirmed" : "preparing", expectedVersion });

test("order, orders, unreadCount and notifications see the shop move the order", async () => {
  const uid = uidOf(ada);
  const order = follow((listener) => ada.watch.order(orderId, listener));
  const orders = follow((listener) => ada.watch.orders(uid, listener));
  const badge = follow((listener) => ada.watch.unreadCount(uid, listener));
  const bell = follow((listener) => ada.watch.notifications(uid, { category: "order", limit: 5 }, listener));
  try {
    const before = await order.next((state) => state.live && state.data?.status === "placed");
    assert.equal(before.data.timeline.length, 1);
    assert.equal(before.data.placedAt instanceof Date, true, "timestamps arrive as Dates");
    await orders.next((state) => state.live && state.data?.[0]?.id === orderId);
    const unreadBefore = (await badge.next((state) => state.live)).data.unread;
    await bell.next((state) => state.live && state.data.length === 0);

    await confirm(1);
    const after = await order.next((state) => state.data?.status === "confirmed");
    assert.deepEqual(
      after.data.timeline.map((entry) => entry.status),
      ["placed", "confirmed"],
    );
    await orders.next((state) => state.data?.[0]?.statusLabel === "Confirmed by the shop");
    await badge.next((state) => state.data?.unread === unreadBefore + 1);
    const notified = await bell.next((state) => state.data?.length === 1);
    assert.equal(notified.data[0].category, "order");
    assert.equal(notified.data[0].read, false);
  } finally {
    for (const read of [order, orders, badge, bell]) read.stop();
  }
});

test("the watchOrder example reports the shop's confirmation", async () => {
  const { watchOrder } = await example("watchOrder.ts");
  const { orderId: watched } = await ada.placeOrder({ shopId: bakery.shopId, ...PICKUP_ORDER });
  const lines = follow((listener) => watchOrder(ada, watched, listener));
  try {
    await lines.next((line) => line === "Order placed (1 steps)");
    await bakery.owner.updateOrderStatus({ orderId: watched, status: "confirmed", expectedVersion: 1 });
    await lines.next((line) => line === "Confirmed by the shop (2 steps)");
  } finally {
    lines.stop();
  }
});

test("liveVisitors sees a visitor arrive", async () => {
  const visitors = follow((listener) => bakery.owner.watch.liveVisitors(bakery.shopId, listener));
  try {
    const before = (await visitors.next((state) => state.live)).data.total;
    const visitor = actor();
    await visitor.ensureSignedIn();
    await visitor.trackPage({ sessionId: `visit-${Date.now()}`, shopId: bakery.shopId, pageType: "homepage" });
    const after = await visitors.next((state) => state.data?.total === before + 1);
    assert.equal(after.data.pageTypes.homepage, 1);
  } finally {
    visitors.stop();
  }
});

test("shopInsights sums today's visits, checkouts, payments and failures into the funnel, methods and errors", async () => {
  const deli = await shop(adminSp, "Insights Deli");
  const hourAtStart = new Date().getUTCHours();
  const insights = follow((listener) => deli.owner.watch.shopInsights(deli.shopId, { days: 7 }, listener));
  try {
    const empty = (await insights.next((state) => state.live)).data;
    assert.equal(empty.days.length, 7);
    assert.equal(empty.days.at(-1), new Date().toISOString().slice(0, 10));
    assert.deepEqual([empty.visits, empty.paymentSuccessRate, empty.paymentMethods], [0, null, []]);

    const session = `insights-${Date.now()}`;
    const item = { productId: "loaf", name: "Loaf", qty: 1, unitPrice: 4 };
    const visit = async (pages) => {
      const visitor = actor();
      await visitor.ensureSignedIn();
      for (const [pageType, pageId] of pages) {
        await visitor.trackPage({ sessionId: session, shopId: deli.shopId, pageType, ...(pageId ? { pageId } : {}) });
      }
      return visitor;
    };
    const checkout = async (visitor) =>
      (await visitor.checkoutStarted({ sessionId: session, shopId: deli.shopId, items: [item], total: 4, currency: "EUR" })).checkoutId;
    // Three visits; two reach checkout and payment: card declined then card paid; paypal timed out.
    const ana = await visit([["homepage"], ["category", "bread"], ["checkout"]]);
    const ben = await visit([["homepage"], ["offer", "weekend"], ["checkout"]]);
    await visit([["homepage"]]);
    const anaCheckout = await checkout(ana);
    const benCheckout = await checkout(ben);
    await ana.paymentInitiated({ checkoutId: anaCheckout, method: "card" });
    await ana.paymentFailed({ checkoutId: anaCheckout, errorCode: "card_declined", errorMessage: "Declined." });
    await ana.paymentInitiated({ checkoutId: anaCheckout, method: "card" });
    await ana.paymentSucceeded({ checkoutId: anaCheckout, amount: 4 });
    await ben.paymentInitiated({ checkoutId: benCheckout, method: "paypal" });
    await ben.paymentFailed({ checkoutId: benCheckout, errorCode: "timeout", errorMessage: "The bank did not answer." });

    const { data } = await insights.next(
      (state) => state.data?.errorsByCode.timeout === 1 && state.data.funnel[3].count === 1 && state.data.pageViews === 7,
    );
    assert.deepEqual(data.funnel, [
      { step: "visits", count: 3, abandoned: 1, abandonment: 0.3333 },
      { step: "checkout", count: 2, abandoned: 0, abandonment: 0 },
      { step: "payment", count: 2, abandoned: 1, abandonment: 0.5 },
      { step: "paid", count: 1, abandoned: 0, abandonment: null },
    ]);
    assert.deepEqual(data.paymentMethods, [
      { method: "card", attempts: 2, succeeded: 1, failed: 1, share: 0.6667, successRate: 0.5 },
      { method: "paypal", attempts: 1, succeeded: 0, failed: 1, share: 0.3333, successRate: 0 },
    ]);
    assert.equal(data.paymentSuccessRate, 0.3333);
    assert.equal(data.revenueCents, 400);
    assert.deepEqual(data.errorsByCode, { card_declined: 1, timeout: 1 });
    assert.deepEqual(data.errorsByDay.at(-1), { day: data.days.at(-1), byCode: { card_declined: 1, timeout: 1 } });
    assert.deepEqual(data.errorsByDay.slice(0, 6).map((entry) => entry.byCode), [{}, {}, {}, {}, {}, {}]);
    assert.deepEqual([data.topCategories, data.topOffers], [[{ id: "bread", views: 1 }], [{ id: "weekend", views: 1 }]]);
    assert.equal(data.activityByHour.length, 24);
    assert.equal(data.activityByHour.reduce((total, views) => total + views, 0), 7);
    assert.equal(data.visitsByHour.reduce((total, visits) => total + visits, 0), 3);
    const hours = new Set([hourAtStart, new Date().getUTCHours()]);
    assert.ok(data.activityByHour.every((views, hour) => views === 0 || hours.has(hour)), `${data.activityByHour}`);

    const denied = await until((listener) => ada.watch.shopInsights(deli.shopId, { days: 1 }, listener), (state) => state.error !== undefined);
    assert.equal(denied.error.code, "permission-denied");
    const otherOwner = await until((listener) => bakery.owner.watch.shopInsights(deli.shopId, { days: 30 }, listener), (state) => state.error !== undefined);
    assert.equal(otherOwner.error.code, "permission-denied");
    const asAdmin = await until((listener) => adminSp.watch.shopInsights(deli.shopId, { days: 1 }, listener), (state) => state.live);
    assert.equal(asAdmin.data.visits, 3);
  } finally {
    insights.stop();
  }
});

test("liveStats sees a redemption at the shop", async () => {
  const stats = follow((listener) => bakery.owner.watch.liveStats(`shop_${bakery.shopId}`, listener));
  try {
    const before = (await stats.next((state) => state.live)).data;
    const couponId = await coupon(bakery.owner, bakery.shopId);
    await ada.redeemCoupon({ couponId });
    const after = await stats.next((state) => state.data?.redemptionsTotal === before.redemptionsTotal + 1);
    assert.equal(after.data.today.redemptions, before.today.redemptions + 1);
    assert.equal(after.data.discountCentsTotal, before.discountCentsTotal + 500);
    assert.equal(before.redemptionsByCoupon[couponId], undefined);
    assert.equal(after.data.redemptionsByCoupon[couponId], 1);
    assert.ok(after.data.lastActivity instanceof Date);
  } finally {
    stats.stop();
  }
});

test("adminFeed sees a coupon created by a shop owner", async () => {
  const feed = follow((listener) => adminSp.watch.adminFeed({ type: "coupon_created", limit: 10 }, listener));
  try {
    await feed.next((state) => state.live);
    const couponId = await coupon(bakery.owner, bakery.shopId);
    const after = await feed.next((state) => state.data?.some((entry) => entry.couponId === couponId));
    assert.ok(after.data.every((entry) => entry.type === "coupon_created"));
  } finally {
    feed.stop();
  }
});

test("loyaltyCards sees the shop scan the customer's code", async () => {
  await bakery.owner.upsertLoyaltyProgram({ shopId: bakery.shopId, name: "Bakery Club", active: true });
  const cards = follow((listener) => ada.watch.loyaltyCards(uidOf(ada), listener));
  try {
    await cards.next((state) => state.live && state.data.length === 0);
    const { token } = await ada.issueQrToken();
    await bakery.owner.scanQr({ token });
    const after = await cards.next((state) => state.data?.length === 1);
    assert.deepEqual([after.data[0].shopName, after.data[0].status], ["Corner Bakery", "pending"]);
  } finally {
    cards.stop();
  }
});

test("pulse, read signed out, sees the every-minute job write it", async () => {
  const visitor = actor();
  const pulse = follow((listener) => visitor.watch.pulse(listener));
  try {
    const before = await pulse.next((state) => state.live);
    runPulseJob();
    const after = await pulse.next((state) => state.data !== null && state.data !== undefined && state.data !== before.data);
    assert.ok(after.data.asOf instanceof Date);
    assert.equal(after.data.lastHours.length, 12);
    assert.ok(after.data.customers >= 1);
  } finally {
    pulse.stop();
  }
});

test("session: a role granted by an admin reaches the user's claims without a sign-in", async () => {
  const someone = await signedUp("newcomer");
  const sessions = follow((listener) => someone.watch.session(listener));
  try {
    const first = await sessions.next((state) => state.data?.uid === uidOf(someone));
    assert.equal(first.data.role, undefined);
    const { shopId } = await adminSp.createShop({ name: "Night Market", ownerUid: uidOf(someone) });
    // The server moved users/{uid}.roleUpdatedAt; the watch refreshed the token on its own. Its
    // last look comes 15.5 s after the profile moved (session.ts): wait past it.
    const granted = await sessions.next((state) => state.data?.role === "shop", 20_000);
    assert.equal(granted.data.shopId, shopId);
  } finally {
    sessions.stop();
  }
});

test("profile sees an admin grant the user a role", async () => {
  const someone = await signedUp("profiled");
  const profile = follow((listener) => someone.watch.profile(uidOf(someone), listener));
  try {
    await profile.next((state) => state.live && state.data === null);
    await adminSp.setUserRole({ uid: uidOf(someone), role: "customer" });
    const granted = await profile.next((state) => state.data?.role === "customer");
    assert.equal(granted.data.id, uidOf(someone));
    assert.ok(granted.data.roleUpdatedAt instanceof Date);
  } finally {
    profile.stop();
  }
});

test("openOrders sees a customer's order arrive on the board and leave it when cancelled", async () => {
  const board = follow((listener) => bakery.owner.watch.openOrders(bakery.shopId, listener));
  try {
    await board.next((state) => state.live);
    const { orderId: placed } = await ada.placeOrder({ shopId: bakery.shopId, ...PICKUP_ORDER });
    const arrived = await board.next((state) => state.data?.some((order) => order.id === placed));
    assert.ok(arrived.data.every((order) => order.shopId === bakery.shopId && order.progress !== null));
    await bakery.owner.cancelOrder({ orderId: placed, reason: "Out of croissants", expectedVersion: 1 });
    await board.next((state) => state.data !== undefined && !state.data.some((order) => order.id === placed));
  } finally {
    board.stop();
  }
});

test("a redemption reaches shopCustomers, the customer's redemptions and affiliateCustomers; the reversal too", async () => {
  const agent = await signedUp("affiliate");
  const code = `AGENT${Math.random().toString(36).slice(2, 6)}`;
  const { affiliateId } = await adminSp.createAffiliate({ name: "Agent Deals", uid: uidOf(agent), code });
  await refreshed(agent);
  const couponId = await coupon(bakery.owner, bakery.shopId, { affiliateId, commissionRate: 0.1 });
  const grace = await customer("Grace Hopper");
  const customers = follow((listener) => bakery.owner.watch.shopCustomers(bakery.shopId, { limit: 10 }, listener));
  const mine = follow((listener) => grace.watch.redemptions(uidOf(grace), listener));
  const acquired = follow((listener) => agent.watch.affiliateCustomers(affiliateId, listener));
  try {
    await Promise.all([customers, mine, acquired].map((read) => read.next((state) => state.live)));
    const { redemptionId } = await grace.redeemCoupon({ couponId, orderAmount: 20 });
    const seen = await customers.next((state) => state.data?.some((row) => row.customerId === uidOf(grace)));
    assert.equal(seen.data.find((row) => row.customerId === uidOf(grace)).redemptionCount, 1);
    const redeemed = await mine.next((state) => state.data?.length === 1);
    assert.deepEqual([redeemed.data[0].id, redeemed.data[0].status, redeemed.data[0].shopName], [redemptionId, "active", "Corner Bakery"]);
    const agents = await acquired.next((state) => state.data?.length === 1);
    assert.deepEqual([agents.data[0].customerName, agents.data[0].acquiredVia], ["Grace Hopper", "coupon"]);

    await bakery.owner.reverseRedemption({ redemptionId, reason: "Rung up twice" });
    await mine.next((state) => state.data?.[0]?.status === "reversed");
  } finally {
    for (const read of [customers, mine, acquired]) read.stop();
  }
});

test("loyaltyMembers sees a customer accept the shop's card", async () => {
  await bakery.owner.upsertLoyaltyProgram({ shopId: bakery.shopId, name: "Bakery Club", active: true });
  const linus = await customer("Linus Pauling");
  const members = follow((listener) => bakery.owner.watch.loyaltyMembers(bakery.shopId, { limit: 10 }, listener));
  try {
    await members.next((state) => state.live);
    const { token } = await linus.issueQrToken();
    const { enrollmentId } = await bakery.owner.scanQr({ token });
    await linus.respondToEnrollment({ enrollmentId, accept: true });
    const joined = await members.next((state) => state.data?.some((card) => card.customerId === uidOf(linus)));
    assert.ok(joined.data.every((card) => card.status === "active"));
  } finally {
    members.stop();
  }
});

test("paymentErrors sees a visitor's payment fail", async () => {
  const errors = follow((listener) => bakery.owner.watch.paymentErrors(bakery.shopId, { limit: 5 }, listener));
  try {
    await errors.next((state) => state.live);
    const visitor = actor();
    await visitor.ensureSignedIn();
    const sessionId = `pay-${Date.now()}`;
    await visitor.trackPage({ sessionId, shopId: bakery.shopId, pageType: "checkout" });
    const items = [{ productId: "cake", name: "Cake", qty: 1, unitPrice: 12 }];
    const { checkoutId } = await visitor.checkoutStarted({ sessionId, shopId: bakery.shopId, items, total: 12, currency: "EUR" });
    await visitor.paymentInitiated({ checkoutId, method: "card" });
    await visitor.paymentFailed({ checkoutId, errorCode: "card_declined", errorMessage: "Declined" });
    const failed = await errors.next((state) => state.data?.some((error) => error.checkoutId === checkoutId));
    const error = failed.data.find((entry) => entry.checkoutId === checkoutId);
    assert.deepEqual([error.errorCode, error.amountCents], ["card_declined", 1200]);
    assert.ok(error.createdAt instanceof Date);
  } finally {
    errors.stop();
  }
});

test("coupons sees a coupon an admin saved for the shop", async () => {
  const coupons = follow((listener) => bakery.owner.watch.coupons(bakery.shopId, { limit: 50 }, listener));
  try {
    await coupons.next((state) => state.live);
    const couponId = await coupon(adminSp, bakery.shopId, { title: "Admin's treat" });
    const saved = await coupons.next((state) => state.data?.some((entry) => entry.id === couponId));
    assert.equal(saved.data.find((entry) => entry.id === couponId).title, "Admin's treat");
  } finally {
    coupons.stop();
  }
});

test("shops and affiliates see another admin create them; shop reads the owner's shop and no other", async () => {
  const second = await signedUp("admin");
  await adminSp.setUserRole({ uid: uidOf(second), role: "admin" });
  await refreshed(second);
  const shops = follow((listener) => adminSp.watch.shops(listener));
  const affiliates = follow((listener) => adminSp.watch.affiliates(listener));
  try {
    await Promise.all([shops, affiliates].map((read) => read.next((state) => state.live)));
    const market = await shop(second, "Night Market");
    const code = `NIGHT${Math.random().toString(36).slice(2, 6)}`;
    const agent = await signedUp("affiliate");
    const { affiliateId } = await second.createAffiliate({ name: "Night Owls", uid: uidOf(agent), code });
    await shops.next((state) => state.data?.some((entry) => entry.id === market.shopId && entry.name === "Night Market"));
    await affiliates.next((state) => state.data?.some((entry) => entry.id === affiliateId && entry.code === code.toUpperCase()));

    const own = await until((listener) => market.owner.watch.shop(market.shopId, listener), (state) => state.live);
    assert.equal(own.data.name, "Night Market");
    const other = await until((listener) => market.owner.watch.shop(bakery.shopId, listener), (state) => state.error !== undefined);
    assert.equal(other.error.code, "permission-denied");
  } finally {
    shops.stop();
    affiliates.stop();
  }
});

test("users shows an admin a role change first in the list; a customer may not list users", async () => {
  const users = follow((listener) => adminSp.watch.users({ limit: 5 }, listener));
  try {
    await users.next((state) => state.live);
    const grace = await customer("Grace Hopper");
    await adminSp.setUserRole({ uid: uidOf(grace), role: "admin" });
    const changed = await users.next((state) => state.data?.[0]?.uid === uidOf(grace) && state.data[0].role === "admin");
    assert.ok(changed.data.length <= 5);
    const denied = await until((listener) => ada.watch.users(listener), (state) => state.error !== undefined);
    assert.equal(denied.error.code, "permission-denied");
  } finally {
    users.stop();
  }
});

test("a read the rules deny reports permission-denied, not an empty view", async () => {
  const denied = await until(
    (listener) => ada.watch.liveVisitors(bakery.shopId, listener),
    (state) => state.error !== undefined,
  );
  assert.ok(denied.error instanceof StorepulseError);
  assert.equal(denied.error.code, "permission-denied");
  assert.match(denied.error.message, /not allowed/i);
  assert.deepEqual([denied.data, denied.live], [undefined, false]);

  const signedOut = actor();
  const badge = await until((listener) => signedOut.watch.unreadCount(uidOf(ada), listener), (state) => state.error !== undefined);
  assert.equal(badge.error.code, "permission-denied");
});
