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
  follow,
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

test("liveStats sees a redemption at the shop", async () => {
  const stats = follow((listener) => bakery.owner.watch.liveStats(`shop_${bakery.shopId}`, listener));
  try {
    const before = (await stats.next((state) => state.live)).data;
    const couponId = await coupon(bakery.owner, bakery.shopId);
    await ada.redeemCoupon({ couponId });
    const after = await stats.next((state) => state.data?.redemptionsTotal === before.redemptionsTotal + 1);
    assert.equal(after.data.today.redemptions, before.today.redemptions + 1);
    assert.equal(after.data.discountCentsTotal, before.discountCentsTotal + 500);
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
    // The server moved users/{uid}.roleUpdatedAt; the watch refreshed the token on its own.
    const granted = await sessions.next((state) => state.data?.role === "shop");
    assert.equal(granted.data.shopId, shopId);
  } finally {
    sessions.stop();
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
