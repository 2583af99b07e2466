// The live socket's caps, lifted for the bench alone: one client opening sockets (and sending
// events on them) as fast as it can, from one address, is what the per-address and per-socket
// rate limits are for. The app's own defaults are never changed; only the bench passes these.
const UNLIMITED = 1_000_000;

/** The page-load and navigation rows: one client, many upgrades and messages a second. */
export const BENCH_SOCKET_LIMITS = {
  upgradesPerSecondPerAddress: UNLIMITED,
  upgradeBurstPerAddress: UNLIMITED,
  messagesPerSecond: UNLIMITED,
  messageBurst: UNLIMITED,
};

/** The scale run: thousands of sockets from one address for a few sessions, too. */
export const SCALE_SOCKET_LIMITS = {
  ...BENCH_SOCKET_LIMITS,
  socketsPerSession: UNLIMITED,
  socketsPerAddress: UNLIMITED,
};
