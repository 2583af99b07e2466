// The runtime's main entry (#live) must not load the Redis client: every app
// and every check imports it, and only an app on more than one node uses
// Redis (#live/redis). Loading ioredis costs a check tens of milliseconds.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The packages under node_modules that importing `entry` loads, in a fresh process. */
function packagesLoadedBy(entry: string): string[] {
  const script = `await import(${JSON.stringify(path.join(ROOT, entry))});
const { createRequire } = await import("node:module");
const loaded = Object.keys(createRequire(import.meta.url).cache);
console.log(JSON.stringify([...new Set(loaded.map((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(file)?.[1]).filter(Boolean))]));`;
  const output = execFileSync(process.execPath, ["--import=tsx", "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
  return JSON.parse(output.trim().split("\n").pop()!) as string[];
}

describe("the runtime's entries", () => {
  it("#live loads express and ws but not the Redis client", () => {
    const loaded = packagesLoadedBy("live/index.ts");
    expect(loaded).toContain("express");
    expect(loaded).not.toContain("ioredis");
  });

  it("#live/redis loads the Redis client", () => {
    expect(packagesLoadedBy("live/redis.ts")).toContain("ioredis");
  });
});
