// Whether the learner's app is running beside the site, and if it crashed, why.
import { portBusyFix, type AppStatus } from "../app-runner.ts";
import type { TypecheckResult } from "../typecheck-app.ts";
import { CodeProblemView } from "./code-problem.tsx";
import { Command, CsrfField } from "./layout.tsx";

export interface AppPageProps {
  status: AppStatus | null;
  url: string;
  listening: boolean;
  csrfToken: string;
  /** Set after the learner asked for a type-check. */
  typecheck?: TypecheckResult;
}

export function AppPage({ status, url, listening, csrfToken, typecheck }: AppPageProps) {
  return (
    <>
      <h1>Your app</h1>
      <AppState status={status} url={url} listening={listening} />
      <section className="typecheck">
        <h2>Type errors</h2>
        <p>Your app runs even with type errors (tsx strips the types); the checks and the next step may not. Type-check app/ to see them:</p>
        <form method="post" action="/app/typecheck" data-busy="Type-checking…">
          <CsrfField token={csrfToken} />
          <button type="submit">Type-check app/</button>
        </form>
        {typecheck && <TypecheckReport result={typecheck} />}
      </section>
      <p>
        The app's output — the query log, one line per SQL statement with the phase it ran in — is printed where you ran <Command text="npm start" />,
        each line starting with <code>[app]</code>.
      </p>
    </>
  );
}

function AppState({ status, url, listening }: Pick<AppPageProps, "status" | "url" | "listening">) {
  if (!status) {
    return (
      <p>
        This site was started without the app. Run it yourself with <Command text="npm run app" />.
      </p>
    );
  }
  switch (status.state) {
    case "absent":
      return (
        <p>
          No step started yet — run <Command text={`npx course start ${status.firstStep}`} />. The app starts as soon as app/ appears.
        </p>
      );
    case "running":
      return listening ? (
        <p className="ok">
          Running at <a href={url}>{url}</a> since {status.since.toLocaleTimeString()}.
        </p>
      ) : (
        <p>Starting at {url} … reload in a moment. If it stays like this, look at the terminal for an error.</p>
      );
    case "crashed":
      return (
        <>
          <p className="bad">Your app stopped (exit code {status.exitCode ?? "none"}). The error began:</p>
          {status.problems.map((problem, index) => (
            <CodeProblemView key={index} problem={problem} />
          ))}
          <pre>{status.errorLines.join("\n") || "(it printed nothing to stderr)"}</pre>
          <p>Fix it and save: the app restarts on the next save of a file in app/.</p>
        </>
      );
    case "port-busy":
      return <p className="bad">{portBusyFix(status.port)} Your app starts on the next save of a file in app/.</p>;
    case "stopped":
      return <p>Your app is not running.</p>;
  }
}

function TypecheckReport({ result }: { result: TypecheckResult }) {
  if (!result.ok) return <p className="warning">{result.problem}</p>;
  if (result.problems.length === 0) {
    return result.output ? <pre>{result.output}</pre> : <p className="ok">✓ app/ has no type errors.</p>;
  }
  return (
    <>
      <p className="bad">
        {result.problems.length} type error{result.problems.length === 1 ? "" : "s"} in app/:
      </p>
      {result.problems.map((problem, index) => (
        <CodeProblemView key={index} problem={problem} />
      ))}
    </>
  );
}
