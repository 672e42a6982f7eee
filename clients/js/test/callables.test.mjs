// Every callable through its typed method, against the emulators: the admin, a shop owner, a
// customer and an anonymous visitor each act through their own client, as the apps would.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { initializeApp } from "firebase/app";
import { CustomProvider, initializeAppCheck } from "firebase/app-check";
import { StorepulseError, createStorepulse } from "../dist/index.js";
import {
  CALLABLE_METHODS,
  PICKUP_ORDER,
  actor,
  admin,
  called,
  closeAll,
  coupon,
  customer,
  example,
  serverCount,
  shop,
  signedUp,
  uidOf,
} from "./support.mjs";

let adminSp;
let bakery;
let affiliateCode;
let ada;

before(async () => {
  adminSp = await admin();
});
after(closeAll);

test("every callable of the contract has its camelCase method", () => {
  const sp = actor();
  assert.equal(CALLABLE_METHODS.length, 31);
  for (const name of CALLABLE_METHODS) assert.equal(typeof sp[name], "function", name);
});

test("an admin creates a shop and an affiliate and sets a role", async () => {
  bakery = await shop(adminSp, "Corner Bakery");
  assert.match(bakery.shopId, /\w+/);
  const grace = await signedUp("affiliate");
  const code = `GRACE${Math.random().toString(36).slice(2, 6)}`;
  const affiliate = await adminSp.createAffiliate({ name: "Grace's Picks", uid: uidOf(grace), code });
  assert.equal(affiliate.code, code.toUpperCase());
  affiliateCode = affiliate.code;
  const someone = await signedUp("someone");
  const granted = await adminSp.setUserRole({ uid: uidOf(someone), role: "customer" });
  assert.deepEqual([granted.role, granted.previousRole, granted.changed], ["customer", null, true]);
});

test("a customer registers and redeems a coupon; the shop reverses the redemption", async () => {
  ada = await customer("Ada Lovelace", { affiliateCode });
  const couponId = await coupon(bakery.owner, bakery.shopId);
  const redemption = await ada.redeemCoupon({ couponId, orderAmount: 20 });
  assert.equal(redemption.customerId, uidOf(ada));
  assert.deepEqual(redemption.discount, { kind: "amount", value: 5, amountCents: 500 });
  const reversed = await bakery.owner.reverseRedemption({ redemptionId: redemption.redemptionId, reason: "Rung up twice" });
  assert.equal(reversed.status, "reversed");
});

test("loyalty: a program, the customer's QR code scanned, a join, an invitation, points awarded and deducted", async () => {
  const { owner, shopId } = bakery;
  const program = await owner.upsertLoyaltyProgram({ shopId, name: "Bakery Club", pointsPerScan: 10, active: true });
  assert.equal(program.active, true);
  const code = await ada.issueQrToken();
  assert.ok(Date.parse(code.expiresAt) > Date.now());
  const scan = await owner.scanQr({ token: code.token });
  assert.equal(scan.outcome, "enrollment_requested");
  assert.equal(scan.customer.name, "Ada Lovelace");
  const joined = await ada.respondToEnrollment({ enrollmentId: scan.enrollmentId, accept: true });
  assert.equal(joined.status, "active");
  const again = await owner.inviteToProgram({ shopId, customerId: uidOf(ada) });
  assert.deepEqual([again.outcome, again.enrollmentId, again.status], ["already_member", scan.enrollmentId, "active"]);
  const byEmail = await owner.inviteToProgram({ shopId, email: "nobody@example.test" });
  assert.deepEqual(byEmail, { outcome: "sent_if_customer", enrollmentId: null, status: null, replayed: false });
  const award = await owner.adjustPoints({ customerId: uidOf(ada), delta: 50, reason: "Welcome" });
  assert.deepEqual([award.outcome, award.balance], ["awarded", 50]);
  const deduction = await owner.adjustPoints({ customerId: uidOf(ada), delta: -20, reason: "Free coffee" });
  assert.equal(deduction.outcome, "requested");
  const approved = await ada.respondToPointsRequest({ requestId: deduction.requestId, approve: true });
  assert.deepEqual([approved.status, approved.balance], ["approved", 30]);
});

test("orders: placed, moved with the version shown, delivery updated, cancelled", async () => {
  const { owner, shopId } = bakery;
  const pickup = await ada.placeOrder({ shopId, ...PICKUP_ORDER });
  assert.deepEqual([pickup.status, pickup.totalCents, pickup.version], ["placed", 500, 1]);
  const cancelled = await ada.cancelOrder({ orderId: pickup.orderId, reason: "Changed my mind" });
  assert.deepEqual([cancelled.status, cancelled.progress], ["cancelled", null]);

  const address = { line1: "1 Analytical Row", city: "London", postalCode: "N1 1AA", country: "GB" };
  const delivery = await ada.placeOrder({ shopId, ...PICKUP_ORDER, fulfilment: { kind: "delivery", address } });
  const confirmed = await owner.updateOrderStatus({ orderId: delivery.orderId, status: "confirmed", expectedVersion: 1 });
  assert.equal(confirmed.version, 2);
  await owner.updateOrderStatus({ orderId: delivery.orderId, status: "preparing", expectedVersion: 2 });
  const eta = new Date(Date.now() + 30 * 60_000).toISOString();
  const updated = await owner.updateDelivery({ orderId: delivery.orderId, carrier: "Bike Couriers", eta });
  assert.deepEqual([updated.version, updated.notified], [4, true]);
});

test("an anonymous visitor's session and checkout, failed then paid", async () => {
  const visitor = actor();
  const uid = await visitor.ensureSignedIn();
  assert.equal(visitor.auth.currentUser.isAnonymous, true);
  assert.equal(await visitor.ensureSignedIn(), uid, "the same visitor, not a second sign-in");
  const { shopId } = bakery;
  const sessionId = `visit-${Date.now()}`;
  const page = await visitor.trackPage({ sessionId, shopId, pageType: "product", pageId: "croissant" });
  assert.deepEqual([page.status, page.started], ["active", true]);
  const beat = await visitor.heartbeat({ sessionId });
  assert.equal(beat.status, "active");
  const items = [{ productId: "croissant", name: "Croissant", qty: 2, unitPrice: 2.5 }];
  const checkout = await visitor.checkoutStarted({ sessionId, shopId, items, total: 5, currency: "EUR" });
  assert.equal(checkout.status, "started");
  const { checkoutId } = checkout;
  assert.equal((await visitor.paymentInitiated({ checkoutId, method: "card" })).status, "payment_initiated");
  const failed = await visitor.paymentFailed({ checkoutId, errorCode: "card_declined", errorMessage: "Declined" });
  assert.equal(failed.status, "failed");
  assert.ok(failed.paymentErrorId);
  await visitor.paymentInitiated({ checkoutId, method: "wallet" });
  const paid = await visitor.paymentSucceeded({ checkoutId, amount: 5 });
  assert.deepEqual([paid.status, paid.orderId], ["paid", null]);
  const ended = await visitor.endSession({ sessionId });
  assert.equal(ended.status, "ended");
});

test("a customer tracks an action and marks every notification read", async () => {
  const action = await ada.trackAction({ action: "search", context: { q: "croissant" }, shopId: bakery.shopId });
  assert.match(action.actionId, /\w+/);
  const marked = await ada.markNotifications({ all: true, state: "read" });
  assert.ok(marked.changed > 0, "the redemption, loyalty and order notifications were unread");
  assert.equal(marked.counts.unread, 0);
});

test("a customer exports their data; an admin exports and erases another's; a customer deletes their account", async () => {
  const mine = await ada.exportMyData();
  assert.equal(mine.uid, uidOf(ada));
  assert.equal(mine.collections.redemptions.length, 1);
  assert.equal(mine.documentCount, Object.values(mine.collections).flat().length);
  const erin = await customer("Erin Erased");
  const theirs = await adminSp.exportUserData({ uid: uidOf(erin) });
  assert.equal(theirs.collections.users[0].data.displayName, "Erin Erased");
  const erased = await adminSp.deleteUserData({ uid: uidOf(erin) });
  assert.deepEqual([erased.uid, erased.state, erased.authUserDeleted], [uidOf(erin), "done", true]);
  const lee = await customer("Lee Leaving");
  const gone = await lee.deleteMyAccount();
  assert.deepEqual([gone.uid, gone.state, gone.authUserDeleted], [uidOf(lee), "done", true]);
});

test("each callable was called through its method", () => {
  assert.deepEqual([...called].sort(), CALLABLE_METHODS);
});

test("a refusal rejects with StorepulseError: the callable's code and the field it names", async () => {
  const tooFew = { ...PICKUP_ORDER.items[0], qty: 0 };
  await assert.rejects(ada.placeOrder({ shopId: bakery.shopId, ...PICKUP_ORDER, items: [tooFew] }), (error) => {
    assert.ok(error instanceof StorepulseError);
    assert.equal(error.code, "invalid-argument");
    assert.match(error.field, /^items/);
    return true;
  });
  await assert.rejects(ada.createShop({ name: "Not mine", ownerUid: uidOf(ada) }), { code: "permission-denied" });
});

test("a network failure after the server acted: the retry reuses the key and one redemption exists", async () => {
  const sentKeys = [];
  let dropNextAnswer = false;
  // The request reaches the server, which redeems; the answer is lost on the way back.
  const droppingFetch = async (url, init) => {
    sentKeys.push(JSON.parse(init.body).data.idempotencyKey);
    const response = await fetch(url, init);
    if (dropNextAnswer) {
      dropNextAnswer = false;
      throw new TypeError("fetch failed: the connection dropped");
    }
    return response;
  };
  const grace = await customer("Grace Hopper", {}, { fetch: droppingFetch });
  const couponId = await coupon(bakery.owner, bakery.shopId);
  sentKeys.length = 0;
  dropNextAnswer = true;
  const redemption = await grace.redeemCoupon({ couponId });
  assert.equal(sentKeys.length, 2, "one retry");
  assert.equal(sentKeys[0], sentKeys[1], "the retry sent the same key");
  assert.equal(redemption.replayed, true, "the retry was answered with the first result");
  assert.equal(await serverCount("redemptions", "customerId", uidOf(grace)), 1);

  // A caller's own key is sent as given: the same intent twice acts once.
  const key = `checkout-${Date.now()}`;
  const first = await grace.trackAction({ action: "share", idempotencyKey: key });
  const again = await grace.trackAction({ action: "share", idempotencyKey: key });
  assert.deepEqual([again.actionId, again.replayed], [first.actionId, true]);
});

test("calls carry the App Check token of an app that uses App Check, and none otherwise", async () => {
  const sent = [];
  const answering = async (_url, init) => {
    sent.push(init.headers);
    return new Response(JSON.stringify({ result: { recorded: true } }), { status: 200 });
  };
  const config = { apiKey: "demo-api-key", projectId: "demo-storepulse", appId: "1:1:web:1" };
  const checked = initializeApp(config, "app-check");
  let minted = 0;
  const appCheck = initializeAppCheck(checked, {
    provider: new CustomProvider({
      getToken: async () => ({ token: `attested-${(minted += 1)}`, expireTimeMillis: Date.now() + 3_600_000 }),
    }),
  });
  const request = { sessionId: "s", shopId: "x", pageType: "homepage" };
  const storepulse = createStorepulse(checked, { appCheck, fetch: answering });
  assert.deepEqual(await storepulse.trackPage(request), { recorded: true });
  await storepulse.trackPage(request);
  // redeem_coupon and scan_qr spend a limited-use token per call (contract: limitedUseAppCheckToken).
  await storepulse.redeemCoupon({ couponId: "c" });
  await storepulse.scanQr({ token: "t" });
  await createStorepulse(initializeApp(config, "no-app-check"), { fetch: answering }).trackPage(request);
  assert.deepEqual(
    sent.map((headers) => headers["X-Firebase-AppCheck"]),
    ["attested-1", "attested-1", "attested-2", "attested-3", undefined],
  );
});

test("the redeem example: one intent redeems once, and each refusal says why", async () => {
  const { redeem, newIntent } = await example("redeem.ts");
  const grace = await customer("Grace Hopper");
  const couponId = await coupon(bakery.owner, bakery.shopId, { perCustomerLimit: 1 });
  const intent = newIntent();
  const first = await redeem(grace, couponId, intent);
  assert.deepEqual([first.ok, first.savedCents], [true, 500]);
  assert.deepEqual(await redeem(grace, couponId, intent), first, "the same tap sent again is the same redemption");
  assert.equal(await serverCount("redemptions", "couponId", couponId), 1);

  assert.deepEqual(await redeem(grace, couponId, newIntent()), {
    ok: false,
    reason: "This coupon has been used as often as it allows.",
    field: undefined,
  });
  assert.deepEqual(await redeem(grace, "no-such-coupon", newIntent()), {
    ok: false,
    reason: "There is no such coupon.",
    field: "couponId",
  });
  const malformed = await redeem(grace, "not/an/id", newIntent());
  assert.equal(malformed.ok, false);
  assert.equal(malformed.field, "couponId");
  assert.match(malformed.reason, /^Check couponId: /);
});
