// Compiles every script in the app directory with esbuild before the checker
// runs, so a syntax error is reported as one (file, line, the line itself)
// instead of surfacing as a stack dump from deep inside the test runner.
import path from "node:path";
import { isNoise, readTree } from "../tree.ts";
import type { CodeProblem } from "./outcome.ts";

const LOADERS = { ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx" } as const;

type Extension = keyof typeof LOADERS;

export async function findSyntaxProblems(appDir: string, root: string): Promise<CodeProblem[]> {
  const scripts = [...readTree(appDir, isNoise).entries()].filter(([file]) => path.extname(file) in LOADERS);
  if (scripts.length === 0) return [];
  const esbuild = await import("esbuild");
  const results = await Promise.all(
    scripts.map(async ([file, content]): Promise<CodeProblem[]> => {
      const sourcefile = path.relative(root, path.join(appDir, file));
      try {
        await esbuild.transform(content.toString("utf8"), { loader: LOADERS[path.extname(file) as Extension], sourcefile, logLevel: "silent" });
        return [];
      } catch (error) {
        return problemsFrom(error, sourcefile);
      }
    }),
  );
  return results.flat();
}

function problemsFrom(error: unknown, sourcefile: string): CodeProblem[] {
  const failure = error as { errors?: { text: string; location: { file: string; line: number; column: number; lineText: string } | null }[] };
  if (!failure.errors) throw error;
  return failure.errors.map(({ text, location }) => ({
    kind: "compile" as const,
    file: location?.file || sourcefile,
    line: location?.line ?? null,
    column: location ? location.column + 1 : null,
    message: text,
    source: location?.lineText ?? null,
  }));
}
