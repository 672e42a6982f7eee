// @storepulse/client: the core (no DOM or React dependency, so React Native can use it).
export const SDK_VERSION = "0.1.0";
