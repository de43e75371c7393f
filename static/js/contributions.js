// Contributions: small progressive enhancements of the citizens' form. No inline script (CSP).
document.addEventListener("DOMContentLoaded", () => {
  // List the chosen files with their sizes and warn before sending files that are too large.
  document.querySelectorAll("input[type=file][data-max-file]").forEach((input) => {
    const maxFile = Number(input.dataset.maxFile);
    const maxTotal = Number(input.dataset.maxTotal);
    const summary = document.createElement("ul");
    summary.className = "file-summary list-unstyled mt-2";
    summary.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", summary);
    const format = (bytes) => (bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.ceil(bytes / 1024) + " kB");
    input.addEventListener("change", () => {
      summary.replaceChildren();
      let total = 0;
      Array.from(input.files).forEach((file) => {
        total += file.size;
        const item = document.createElement("li");
        item.textContent = file.name + " (" + format(file.size) + ")";
        if (file.size > maxFile) {
          item.classList.add("is-too-large");
          item.textContent += " – " + input.dataset.msgFile;
        }
        summary.appendChild(item);
      });
      if (total > maxTotal) {
        const item = document.createElement("li");
        item.className = "is-too-large";
        item.textContent = input.dataset.msgTotal;
        summary.appendChild(item);
      }
    });
  });
  // Move focus to the error summary after a failed submission.
  const errors = document.getElementById("form-errors");
  if (errors) {
    errors.focus();
  }
});
