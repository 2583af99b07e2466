// While a slow action runs (the checks take a few seconds), say so on its button.
for (const form of document.querySelectorAll("form[data-busy]")) {
  form.addEventListener("submit", () => {
    const button = form.querySelector("button");
    if (!button) return;
    button.disabled = true;
    button.textContent = form.dataset.busy;
  });
}
