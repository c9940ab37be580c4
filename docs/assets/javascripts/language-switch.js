// The language switcher keeps the reader's place: its links carry the address's fragment (a guide
// section's anchor; heading ids are the same in every language), or, without one, the anchor of the
// section being read. The checker page keeps its answers the same way (checker/web/app.js).
// Loaded on every page as a module; it stores nothing and sends nothing.

function currentAnchor() {
  if (location.hash) return location.hash;
  const headings = [...document.querySelectorAll(".md-content h2[id], .md-content h3[id]")];
  const above = headings.filter((heading) => heading.getBoundingClientRect().top <= 80);
  return above.length ? `#${encodeURIComponent(above[above.length - 1].id)}` : "";
}

function carry(link) {
  const href = link.getAttribute("href").split("#")[0];
  link.setAttribute("href", href + currentAnchor());
}

// at the moment the reader follows a link (mouse, touch or keyboard), the link gets the current place
for (const type of ["pointerdown", "focusin", "click"]) {
  document.addEventListener(type, (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[hreflang]") : null;
    if (link) carry(link);
  }, true);
}
