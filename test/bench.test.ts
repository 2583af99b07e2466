import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findRedisServer } from "../scripts/cluster/redis-server.ts";
import { REPO_ROOT } from "../scripts/harness/start-app.ts";

describe("npm run bench", () => {
  it("measures 3 / 2 / 1 user loads per page load, 0 / 1 per live navigation, 2 / 1 across two node processes, and writes them to its results file", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-"));
    const results = join(dir, "results.json");
    try {
      const run = spawnSync(process.execPath, ["--import=tsx", "scripts/bench.ts"], {
        cwd: REPO_ROOT,
        env: { ...process.env, BENCH_LOADS: "5", BENCH_RESULTS: results },
        encoding: "utf8",
      });
      expect(run.status, `the bench failed:\n${run.stderr}`).toBe(0);
      expect(run.stdout).toContain("user queries");
      const written = JSON.parse(readFileSync(results, "utf8"));
      const totals = written.results.map((r: { mode: string; userQueries: { total: number } }) => [r.mode, r.userQueries.total]);
      expect(totals).toEqual([
        ["naive (assign)", 3],
        ["assignNew, handoff off", 2],
        ["assignNew + handoff", 1],
        ["navigate, carried", 0],
        ["navigate, revalidateOnNavigate", 1],
        ["two nodes, in memory", 2],
        ...(findRedisServer() ? [["two nodes, Redis", 1]] : []),
      ]);
      const statements = Object.fromEntries(written.results.map((r: { mode: string; statementsMedian: number }) => [r.mode, r.statementsMedian]));
      expect(statements["assignNew + handoff"], "counted whole, a page load is the session read and the user query").toBe(2);
      expect(statements["navigate, carried"], "a carried navigation runs no statement at all").toBe(0);
      const across = written.results.find((r: { mode: string }) => r.mode === "two nodes, in memory");
      expect(across.userQueries, "in memory, the node the socket joins loads the user again").toEqual({
        "A http": 1,
        "B mount:connected": 1,
        total: 2,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
