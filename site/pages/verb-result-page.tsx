// What a `course` verb run from the site printed, and whether it worked.
export function VerbResultPage({ title, ok, output, back }: { title: string; ok: boolean; output: string; back: { href: string; label: string } }) {
  return (
    <>
      <h1>{title}</h1>
      <p className={ok ? "ok" : "bad"}>{ok ? "Done." : "It did not work:"}</p>
      <pre>{output}</pre>
      <p>
        <a href={back.href}>{back.label}</a> · <a href="/">Steps</a>
      </p>
    </>
  );
}
