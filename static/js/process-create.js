// "Ny process": the address is filled in from the title until someone edits it by hand
// (the server makes the same suggestion when the field is left empty, and checks it).
document.addEventListener("DOMContentLoaded", () => {
  const slugify = (text) =>
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 72)
      .replace(/-+$/g, "");
  document.querySelectorAll("input[data-slug-from]").forEach((slug) => {
    const title = document.getElementById(slug.dataset.slugFrom);
    if (!title) return;
    let touched = slug.value !== "" && slug.value !== slugify(title.value);
    slug.addEventListener("input", () => {
      touched = slug.value !== "";
    });
    title.addEventListener("input", () => {
      if (!touched) slug.value = slugify(title.value);
    });
  });
});

// The process to copy is asked for only when "Copy an earlier process" is chosen.
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("copy-source");
  const radios = document.querySelectorAll('input[name="template"]');
  if (!source || !radios.length) return;
  const update = () => {
    const chosen = document.querySelector('input[name="template"]:checked');
    source.hidden = !chosen || chosen.value !== "copy";
  };
  radios.forEach((radio) => radio.addEventListener("change", update));
  update();
});
