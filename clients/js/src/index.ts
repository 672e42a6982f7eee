// @storepulse/client: the core (no DOM or React dependency, so React Native can use it).
export { StorepulseError, type StorepulseErrorCode, type FieldProblem } from "./errors.js";
export { functionUrl, type FunctionsLocation } from "./callable.js";
