// Surveys: in the question builder, show only the fields that belong to the chosen kind of
// question (options for choices and ranking, the scale for a scale). Without JavaScript every
// field is shown and the help texts say which kind each is for. No inline script (CSP).
document.addEventListener("DOMContentLoaded", () => {
  const kind = document.querySelector("select[name=kind][data-question-kind]");
  if (!kind) {
    return;
  }
  const blocks = document.querySelectorAll(".vp-kind-options[data-kinds]");
  const update = () => {
    blocks.forEach((block) => {
      const kinds = block.dataset.kinds.split(" ");
      block.hidden = !kinds.includes(kind.value);
    });
  };
  kind.addEventListener("change", update);
  update();
});
