// The Firestore documents the live reads return: the document models generated from the contract
// (contract.generated.ts), under the names the SDK's reads use. Timestamps arrive as JavaScript
// `Date`s (the reads convert them; the generator types a stored date-time as Date), so no
// Firestore type leaks into an app's state.
import type { Category } from "./contract.generated.js";

export type {
  Affiliate as AffiliateDocument,
  AffiliateCustomer as AffiliateCustomerDocument,
  Coupon as CouponDocument,
  DeliveryDetails as Delivery,
  Enrollment as EnrollmentDocument,
  FeedEntry as AdminActivityEntry,
  HourBucket as PulseHour,
  Notification as NotificationDocument,
  Order as OrderDocument,
  OrderTimelineEntry as TimelineEntry,
  PaymentError as PaymentErrorDocument,
  PlatformPulse as PulseDocument,
  Redemption as RedemptionDocument,
  Shop as ShopDocument,
  ShopCustomer as ShopCustomerDocument,
  StoredAddress as DeliveryAddress,
  UserProfile as UserProfileDocument,
} from "./contract.generated.js";

/** A document's fields with its id. */
export type WithId<T> = T & { id: string };

/** The badge as the unread-count read gives it (`notificationCounts/{uid}`; zeros when the user
 * never had a notification). */
export interface UnreadCounts {
  unread: number;
  unseen: number;
  unreadByCategory: Partial<Record<Category, number>>;
}
