import "server-only";

// Process-wide state of the portal lives on globalThis under Symbol.for("fleet.<name>"): Next.js
// evaluates a module once per route bundle and again on every dev reload, so a module's own variable
// would give one process several databases and handlers. server.mjs, which Next.js does not compile,
// reaches the same slots by the same names.
const slots = globalThis as Record<symbol, unknown>;
const slotOf = (name: string) => Symbol.for(`fleet.${name}`);

/** What the process keeps under `name`, if anything (see above). */
export function processSlot(name: string): unknown {
  return slots[slotOf(name)];
}

/**
 * The process's one `name`, made by `create` on first use. A promise that rejects is forgotten, so
 * the next call tries again (a database that was down at start-up is connected once it is up).
 */
export function processSingleton<T>(name: string, create: () => T): T {
  const slot = slotOf(name);
  if (Object.hasOwn(slots, slot)) return slots[slot] as T;
  const value = create();
  slots[slot] = value;
  if (value instanceof Promise) {
    value.catch(() => {
      if (slots[slot] === value) delete slots[slot];
    });
  }
  return value;
}
