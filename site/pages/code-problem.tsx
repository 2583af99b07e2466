// Code that does not compile, shown as `course check` prints it: where (file:line:column), what, and the line itself.
import type { CodeProblem } from "../../scripts/course/check/outcome.ts";

export function CodeProblemView({ problem }: { problem: CodeProblem }) {
  const where = [problem.file, problem.line, problem.column].filter((part) => part !== null).join(":");
  return (
    <div className="code-problem">
      <p>
        <code>{where || "(unknown file)"}</code> {problem.message}
      </p>
      {problem.source !== null && (
        <pre>
          {problem.source}
          {problem.column !== null ? `\n${" ".repeat(problem.column - 1)}^` : ""}
        </pre>
      )}
    </div>
  );
}
