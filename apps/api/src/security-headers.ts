import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of /docs (Swagger UI): its scripts, styles and images from the API's own
 * origin (the UI ships no inline scripts; it sets inline styles), the document fetched from /docs/json,
 * never framed. No upgrade-insecure-requests: the API itself serves plain HTTP.
 */
export const DOCS_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "connect-src 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
].join('; ');

/**
 * The Content-Security-Policy of the dashboard (/ui): its own scripts, styles and images only (no inline
 * script or style), fetches to the API's own origin, never framed.
 */
export const UI_CSP = [
  "default-src 'none'",
  "base-uri 'none'",
  "connect-src 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "script-src 'self'",
  "style-src 'self'",
].join('; ');

/**
 * Security headers on every response (helmet): a JSON API loads nothing and is never framed, so its CSP
 * is `default-src 'none'; frame-ancestors 'none'`; X-Frame-Options DENY, Referrer-Policy no-referrer,
 * X-Content-Type-Options nosniff, Cross-Origin-Resource-Policy same-origin, no X-Powered-By. No
 * Strict-Transport-Security: the API serves plain HTTP and browsers ignore HSTS there; the proxy that
 * terminates TLS knows the domains and sets it. /docs replaces the CSP with DOCS_CSP (swagger-ui's
 * staticCSP). No CORS headers: browsers on other origins cannot read the API.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  void app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
}
