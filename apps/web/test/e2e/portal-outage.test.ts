// The database going away under a running portal (a TCP proxy in front of the suite's database, cut
// and restored): every portal path explains the outage instead of answering 500, and a signed-in
// visitor is back where they were once the database is.
import { startTcpProxy, type TcpProxy } from "@fleet/db/testing";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { expectPortalExplainsOutage } from "./outage-checks";
import { type RunningServer, startNextServer } from "./server";

let proxy: TcpProxy;
let server: RunningServer;

beforeAll(async () => {
  const url = new URL(inject("databaseUrl"));
  proxy = await startTcpProxy(Number(url.port));
  url.port = String(proxy.port);
  server = await startNextServer({ DATABASE_URL: url.href });
});

afterAll(async () => {
  await server?.stop();
  await proxy?.close();
});

const signIn = async () => {
  const res = await fetch(`${server.baseUrl}/auth/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: server.baseUrl, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ api_key: inject("apiKey") }),
  });
  expect(res.status).toBe(303);
  return /^fleet_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1] as string;
};

test("with the database cut after sign-in, no portal path answers 500; back once it returns", async () => {
  const token = await signIn();
  const cookie = { cookie: `fleet_session=${token}` };
  expect((await fetch(`${server.baseUrl}/clusters`, { redirect: "manual", headers: cookie })).status).toBe(
    200,
  );

  await proxy.cut();
  try {
    await expectPortalExplainsOutage(server.baseUrl, token);
  } finally {
    await proxy.restore();
  }

  // The sign-out during the outage could not end the session: the token still works until it
  // expires (the browser no longer has it), and the outage notice leads a signed-in visitor back.
  await expect
    .poll(
      async () => (await fetch(`${server.baseUrl}/clusters`, { redirect: "manual", headers: cookie })).status,
    )
    .toBe(200);
  const back = await fetch(
    `${server.baseUrl}/sign-in?error=unavailable&next=%2Fclusters%3Fstatus%3Drunning`,
    {
      redirect: "manual",
      headers: cookie,
    },
  );
  expect(back.status).toBe(307);
  expect(back.headers.get("location")).toBe("/clusters?status=running");
});
