// The query inspector's live feed: the site sends the rendered tables over
// server-sent events after each statement of the learner's app; each
// [data-query-feed] box on the page shows them (all loads, or the latest).
for (const box of document.querySelectorAll("[data-query-feed]")) {
  const latest = box.dataset.queryFeed === "latest";
  const feed = new EventSource(`/queries/events${latest ? "?latest=1" : ""}`);
  // The HTML comes from this site's own renderer, which escapes the SQL.
  feed.addEventListener("tables", (event) => {
    box.innerHTML = JSON.parse(event.data);
  });
}
