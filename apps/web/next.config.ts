import type { NextConfig } from "next";

// Headers every response carries; the Content-Security-Policy (per-request nonce) is set in src/proxy.ts.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), interest-cohort=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

const nextConfig: NextConfig = {
  // Workspace packages export TypeScript source (and the generated Prisma client imports `.ts` files).
  transpilePackages: ["@fleet/api", "@fleet/db", "@fleet/schema"],
  // Native-ish server dependencies stay plain Node requires instead of being bundled.
  serverExternalPackages: [
    "pg",
    "pg-copy-streams",
    "@prisma/adapter-pg",
    "@prisma/client",
    "@prisma/driver-adapter-utils",
    "pino",
  ],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
