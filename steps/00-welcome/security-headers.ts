/**
 * Security headers (helmet). The content security policy allows scripts and
 * styles from our own origin only, and a socket back to that origin.
 */
import helmet from "helmet";

export function securityHeaders(origin: string) {
  const socketOrigin = origin.replace(/^http/, "ws");
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        connectSrc: ["'self'", socketOrigin],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        // Only force https where the app is served over https.
        upgradeInsecureRequests: origin.startsWith("https:") ? [] : null,
      },
    },
    referrerPolicy: { policy: "same-origin" },
    // HSTS means nothing over plain http (browsers ignore it there); send it over https.
    strictTransportSecurity: origin.startsWith("https:") ? { maxAge: 31_536_000 } : false,
  });
}
