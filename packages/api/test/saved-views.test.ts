// Saved views through the tRPC router: saved for the account (replacing one of the same name),
// listed to every key of the account that can use them, with a key restricted to projects seeing
// and saving only views of its projects; a query the list would refuse is refused here too.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createCaller, createContextInner, type Principal, toFleetError } from "../src/index.ts";
import { createAccount, startApp, type TestApp } from "../src/testing/index.ts";

let app: TestApp;
let full: Principal;
let restricted: Principal;
let stranger: Principal;
let projects: string[];

beforeAll(async () => {
  app = await startApp();
  const account = await createAccount(app.db, { projects: 2, templates: 0 });
  const other = await createAccount(app.db, { projects: 1, templates: 0 });
  projects = account.projects;
  full = { accountId: account.id, apiKeyId: "k1", scopes: ["clusters:read"], projectIds: null };
  restricted = { ...full, apiKeyId: "k2", projectIds: [projects[0] as string] };
  stranger = { accountId: other.id, apiKeyId: "k3", scopes: ["clusters:read"], projectIds: null };
}, 60_000);
afterAll(() => app?.close());

const caller = (principal: Principal) => createCaller(createContextInner({ db: app.db, principal }));
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (error: unknown) => toFleetError(error).fleetCode,
  );

describe("saved views", () => {
  test("saved for the account, without page or cursor, and listed by name to its other keys", async () => {
    const saved = await caller(full).views.save({
      name: "Expensive H100s",
      query: "?sort_order=desc&gpu_type=H100&page=3&sort_by=cost",
      hidden_columns: ["expires", "project"],
    });
    expect(saved).toMatchObject({
      name: "Expensive H100s",
      query: "gpu_type=H100&sort_by=cost&sort_order=desc",
      hidden_columns: ["expires", "project"],
    });
    await caller(full).views.save({ name: "All running", query: "status=running" });
    const listed = await caller({ ...full, apiKeyId: "another key" }).views.list();
    expect(listed.map((v) => v.name)).toEqual(["All running", "Expensive H100s"]);
    expect(await caller(stranger).views.list()).toEqual([]);
  });

  test("saving under a name that exists replaces that view", async () => {
    const first = await caller(full).views.save({ name: "Replace me", query: "status=stopped" });
    const second = await caller(full).views.save({
      name: "Replace me",
      query: "status=error",
      hidden_columns: ["gpus"],
    });
    expect(second.id).toBe(first.id);
    const view = (await caller(full).views.list()).find((v) => v.name === "Replace me");
    expect(view).toMatchObject({ query: "status=error", hidden_columns: ["gpus"] });
  });

  test("a key restricted to projects sees and saves only views of its projects", async () => {
    await caller(full).views.save({ name: "Project B", query: `project_id=${projects[1]}` });
    await caller(full).views.save({ name: "Project A", query: `project_id=${projects[0]}` });
    const seen = (await caller(restricted).views.list()).map((v) => v.name);
    expect(seen).toContain("Project A");
    expect(seen).toContain("All running");
    expect(seen).not.toContain("Project B");
    expect(
      await codeOf(caller(restricted).views.save({ name: "Sneaky", query: `project_id=${projects[1]}` })),
    ).toBe("FORBIDDEN");
    const other = (await caller(full).views.list()).find((v) => v.name === "Project B");
    expect(await codeOf(caller(restricted).views.delete({ id: other?.id ?? "" }))).toBe("NOT_FOUND");
  });

  test("a query the list refuses, a bad name or column, and another account's view are refused", async () => {
    const bad = await caller(full)
      .views.save({ name: "Bad", query: "limit=500&colour=red" })
      .catch((error: unknown) => toFleetError(error));
    expect(bad).toMatchObject({ fleetCode: "VALIDATION_ERROR" });
    expect((bad as { errors?: { param: string }[] }).errors?.map((e) => e.param).sort()).toEqual([
      "query.colour",
      "query.limit",
    ]);
    expect(await codeOf(caller(full).views.save({ name: "  ", query: "" }))).toBe("VALIDATION_ERROR");
    expect(
      await codeOf(caller(full).views.save({ name: "Cols", query: "", hidden_columns: ["name" as "gpus"] })),
    ).toBe("VALIDATION_ERROR");
    const mine = (await caller(full).views.list())[0];
    expect(await codeOf(caller(stranger).views.delete({ id: mine?.id ?? "" }))).toBe("NOT_FOUND");
    await caller(full).views.delete({ id: mine?.id ?? "" });
    expect((await caller(full).views.list()).some((v) => v.id === mine?.id)).toBe(false);
  });

  test("reading the fleet is what a view needs: a key without clusters:read is refused", async () => {
    const writer = { ...full, scopes: ["clusters:write"] } as Principal;
    expect(await codeOf(caller(writer).views.list())).toBe("FORBIDDEN");
    expect(await codeOf(caller(writer).views.save({ name: "x", query: "" }))).toBe("FORBIDDEN");
  });
});
