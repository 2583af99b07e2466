/**
 * What one socket, one session and one client address may do, with the
 * defaults. Tests shrink them; the bench lifts the per-address caps.
 */
import type { AddressLimitOptions } from "./address-limits.ts";
import { SESSION_IDLE_LIFETIME_IN_MS } from "./session-store.ts";

export type SocketLimits = AddressLimitOptions & {
  maxPayloadBytes: number; // a live frame is an event with form values: small
  heartbeatMs: number; // a peer that has not answered the last ping by the next one is reaped (1–2 intervals)
  messagesPerSecond: number;
  messageBurst: number;
  socketsPerSession: number; // one session with hundreds of tabs is an attack
  maxSocketAgeMs: number; // the session was checked at the upgrade: check it again (via a reload) this often
  joinTimeoutMs: number; // a socket that has not joined by then gives its slot back
};

export const SOCKET_DEFAULTS: SocketLimits = {
  maxPayloadBytes: 64 * 1024,
  heartbeatMs: 30_000,
  messagesPerSecond: 20,
  messageBurst: 40,
  socketsPerSession: 20,
  socketsPerAddress: 60, // a few sessions' worth of tabs; every browser tab on this machine shares 127.0.0.1
  upgradesPerSecondPerAddress: 20, // a reload storm of many tabs, not a flood
  upgradeBurstPerAddress: 40,
  maxSocketAgeMs: SESSION_IDLE_LIFETIME_IN_MS, // the socket's session was checked at the upgrade: check it again as often as it may expire
  joinTimeoutMs: 10_000,
};
