// @storepulse/client: the core (no DOM or React dependency, so React Native can use it).
export {
  createStorepulse,
  type CallableMethods,
  type CallRequest,
  type CallResponse,
  type Storepulse,
  type StorepulseOptions,
  type TrackingClient,
  type Watchers,
} from "./client.js";
export { StorepulseError, type StorepulseErrorCode, type FieldProblem } from "./errors.js";
export { functionUrl, type FunctionsLocation } from "./callable.js";
export type { LiveState, Listener, Unsubscribe } from "./live.js";
export type {
  AdminFeedOptions,
  DayStats,
  FunnelStep,
  InsightsSpan,
  ListOptions,
  LiveStats,
  LiveVisitors,
  NotificationsOptions,
  OrderWithTimeline,
  PaymentMethodFigures,
  RankedPage,
  ShopInsights,
  ShopInsightsOptions,
} from "./reads.js";
export type { Session } from "./session.js";
export { OPEN_STATUSES, nextStatuses, statusLabel, type Fulfilment } from "./orders.js";
export type * from "./documents.js";
export type * from "./contract.generated.js";
