import { handleFleetRequest } from "@/server/fleet-handler";

export const dynamic = "force-dynamic";
// Next.js passes its route context second; the API handler takes the connection there (none here).
export const GET = (request: Request) => handleFleetRequest(request);
