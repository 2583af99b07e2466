// The step chain. steps/00-* is the whole base app; every later steps/NN-* is
// an overlay on the previous step's solution, and solutions/NN-* an overlay on
// steps/NN-*:
//   starter(NN)  = base ⊕ sol00 ⊕ step01 ⊕ sol01 ⊕ … ⊕ stepNN
//   solution(NN) = starter(NN) ⊕ solNN
// An overlay deletes files by listing them in `.course-deletions` at its root
// (one app-relative path per line, `#` comments). A file identical to the one
// it overlays, or a deletion of something that is not there, is an error.
import fs from "node:fs";
import path from "node:path";
import { CourseTreeError } from "./errors.ts";
import { readTree, type Tree } from "./tree.ts";
import type { Step } from "./steps.ts";

export const DELETIONS_FILE = ".course-deletions";

export type TreeKind = "starter" | "solution";

interface Layer {
  /** Course-relative directory, for messages: "solutions/01-socket-mount". */
  label: string;
  dir: string;
}

export function layersFor(steps: Step[], step: Step, kind: TreeKind): Layer[] {
  const layers: Layer[] = [];
  for (const each of steps.slice(0, steps.indexOf(step) + 1)) {
    layers.push({ label: `steps/${each.id}`, dir: each.starterDir });
    if (each !== step || kind === "solution") layers.push({ label: `solutions/${each.id}`, dir: each.solutionDir });
  }
  return layers;
}

/** Builds starter(step) or solution(step); throws a CourseTreeError listing every problem. */
export function buildTree(steps: Step[], step: Step, kind: TreeKind): Tree {
  const { tree, problems } = composeLayers(layersFor(steps, step, kind));
  if (problems.length > 0) throw new CourseTreeError(`The step chain is broken:\n  ${problems.join("\n  ")}`);
  return tree;
}

/** Every problem in the whole chain, for the honesty proof and course authors. */
export function lintChain(steps: Step[]): string[] {
  const last = steps[steps.length - 1];
  return last ? composeLayers(layersFor(steps, last, "solution")).problems : ["steps/ holds no NN-slug directories"];
}

function composeLayers(layers: Layer[]): { tree: Tree; problems: string[] } {
  const problems: string[] = [];
  let tree: Tree = new Map();
  layers.forEach((layer, index) => {
    if (!fs.existsSync(layer.dir)) {
      problems.push(`${layer.label}/ is missing (every step needs steps/NN-slug and solutions/NN-slug)`);
      return;
    }
    const files = readTree(layer.dir, (relative) => relative === DELETIONS_FILE);
    const deletions = readDeletions(layer.dir);
    if (index === 0 && deletions.length > 0) problems.push(`${layer.label}/${DELETIONS_FILE}: the base step has nothing to delete`);
    tree = applyOverlay(tree, layer.label, files, index === 0 ? [] : deletions, problems);
  });
  return { tree, problems };
}

function applyOverlay(base: Tree, label: string, files: Tree, deletions: string[], problems: string[]): Tree {
  const result = new Map(base);
  for (const deletion of deletions) {
    const doomed = [...result.keys()].filter((file) => file === deletion || file.startsWith(`${deletion}/`));
    if (doomed.length === 0) problems.push(`${label}/${DELETIONS_FILE}: "${deletion}" does not exist in what this overlay applies to`);
    if (files.has(deletion)) problems.push(`${label}/${DELETIONS_FILE}: "${deletion}" is deleted and provided at once — just provide it`);
    for (const file of doomed) result.delete(file);
  }
  for (const [file, content] of files) {
    if (base.get(file)?.equals(content)) {
      problems.push(`${label}/${file} is identical to the file it overlays — remove it from ${label}/`);
    }
    result.set(file, content);
  }
  return result;
}

function readDeletions(dir: string): string[] {
  const file = path.join(dir, DELETIONS_FILE);
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter((line) => line !== "")
    .map((line) => line.replace(/^\.\//, "").replace(/\/+$/, ""));
}
