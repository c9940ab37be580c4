// A table wider than the screen scrolls sideways inside its own box (shadows on the sides say so:
// docs/assets/stylesheets/site.css). That box becomes a keyboard-focusable region named after the
// table's heading, so a keyboard user can scroll it with the arrow keys and a screen reader names it.
// Checked again when the window's width changes. Loaded on every page as a module; it stores nothing.

// the heading the table belongs to: the nearest one before it
function headingOf(node) {
  for (let item = node; item && !item.classList.contains("md-typeset"); item = item.parentElement) {
    for (let before = item.previousElementSibling; before; before = before.previousElementSibling) {
      if (/^H[1-6]$/.test(before.tagName) && before.id) return before;
    }
  }
  return null;
}

// each region's name is its heading's text, numbered when several tables share a heading (unique names)
function markScrollers() {
  const used = new Map();
  for (const table of document.querySelectorAll(".md-typeset table:not([class])")) {
    const scroller = table.closest(".md-typeset__scrollwrap") || table;
    const scrolls = scroller.scrollWidth > scroller.clientWidth + 1;
    if (scrolls && !scroller.hasAttribute("data-scroll-region")) {
      const heading = table.caption || headingOf(scroller);
      scroller.setAttribute("data-scroll-region", "");
      scroller.setAttribute("role", "region");
      scroller.tabIndex = 0;
      if (heading) {
        const copy = heading.cloneNode(true);
        for (const link of copy.querySelectorAll(".headerlink")) link.remove();
        const name = copy.textContent.trim();
        const count = (used.get(name) || 0) + 1;
        used.set(name, count);
        scroller.setAttribute("aria-label", count > 1 ? `${name} (${count.toLocaleString(document.documentElement.lang)})` : name);
      }
    } else if (scrolls) {
      const name = scroller.getAttribute("aria-label");
      if (name) used.set(name, (used.get(name) || 0) + 1);
    } else if (!scrolls && scroller.hasAttribute("data-scroll-region")) {
      for (const name of ["data-scroll-region", "role", "tabindex", "aria-labelledby", "aria-label"]) scroller.removeAttribute(name);
    }
  }
}

let pending = null;
addEventListener("resize", () => {
  cancelAnimationFrame(pending);
  pending = requestAnimationFrame(markScrollers);
});
if (document.readyState === "complete") markScrollers();
else addEventListener("load", markScrollers, { once: true });
