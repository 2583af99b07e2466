// The hint ladder on a lesson page: show the rungs the learner has already
// seen (`course hint` counts them in .course/progress.json), then one more per
// click, in place. Each click is recorded by the page's own "Show the next
// hint" form — `course hint` run by the site — so the terminal carries on from
// the same rung. Without this script that form is the way to a hint.
const record = document.querySelector("form[data-hint-form]");
const seen = Number(document.querySelector("[data-hints-shown]")?.dataset.hintsShown ?? 0);
// One recording at a time: two `course hint` runs at once would both count from the same rung.
let recorded = Promise.resolve();

for (const ladder of document.querySelectorAll("[data-hint-ladder]")) {
  const rungs = [...ladder.querySelectorAll(".hint-rung")];
  const button = ladder.querySelector("[data-hint-next]");
  const last = ladder.querySelector(".hint-last");
  let shown = Math.min(seen, rungs.length);
  const update = () => {
    rungs.forEach((rung, index) => {
      rung.hidden = index >= shown;
    });
    button.hidden = shown >= rungs.length;
    last.hidden = shown < rungs.length;
    button.textContent = `Show hint ${shown + 1} of ${rungs.length}`;
  };
  const climb = () => {
    if (shown >= rungs.length) return;
    shown++;
    update();
    // Keep the keyboard on the button for the next rung; once the ladder ends, on the last rung.
    if (button.hidden) rungs[shown - 1].focus();
    if (!record) return;
    const body = new URLSearchParams(new FormData(record));
    // A refused POST (a stale token after the site restarted: 403) resolves too; say so as for a network error.
    const notRecorded = (why) => console.warn("The hint is shown but `course hint` did not record it:", why);
    recorded = recorded.then(() =>
      fetch(record.action, { method: "POST", body }).then((reply) => reply.ok || notRecorded(`${reply.status} ${reply.statusText}`), notRecorded),
    );
  };
  button.addEventListener("click", climb);
  // The aside's button climbs this ladder too, without leaving the page.
  record?.addEventListener("submit", (event) => {
    event.preventDefault();
    climb();
    rungs[shown - 1]?.scrollIntoView({ block: "center" });
  });
  update();
}
