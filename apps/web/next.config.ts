import type { NextConfig } from "next";
import { distDir } from "./dist-dir";
import { SECURITY_HEADERS } from "./src/server/security-headers";

const nextConfig: NextConfig = {
  distDir,
  // Workspace packages export TypeScript source (and the generated Prisma client imports `.ts` files).
  transpilePackages: ["@fleet/api", "@fleet/client", "@fleet/db", "@fleet/schema"],
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
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
