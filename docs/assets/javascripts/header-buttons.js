// The theme's menu and search buttons at narrow widths are labels of hidden checkboxes (#__drawer,
// #__search): the mouse opens them, the keyboard cannot reach them. Each becomes a real button here
// (Tab, Enter, Space), named and with aria-expanded; Escape closes the open menu and gives the focus back
// to its button. The closed drawer and search are out of the tab order (docs/assets/stylesheets/site.css
// hides them). Loaded on every page as a module; it stores nothing and sends nothing.

const labels = document.querySelector("script[data-menu-label]");
const names = { __drawer: labels && labels.dataset.menuLabel, __search: labels && labels.dataset.searchLabel };

for (const id of ["__drawer", "__search"]) {
  const toggle = document.getElementById(id);
  const label = document.querySelector(`.md-header label.md-header__button[for="${id}"]`);
  if (!toggle || !label) continue;
  const button = document.createElement("button");
  button.type = "button";
  button.className = label.className;
  if (names[id]) button.setAttribute("aria-label", names[id]);
  button.dataset.toggles = id;
  button.append(...label.childNodes);
  label.replaceWith(button);
  const show = () => button.setAttribute("aria-expanded", String(toggle.checked));
  show();
  toggle.addEventListener("change", show);
  button.addEventListener("click", () => {
    toggle.checked = !toggle.checked;
    toggle.dispatchEvent(new Event("change", { bubbles: true }));
    if (toggle.checked && id === "__drawer") {
      const first = document.querySelector(".md-sidebar--primary a[href]");
      if (first) requestAnimationFrame(() => first.focus());
    }
  });
  // the theme's own Enter on the focused button would toggle it a second time
  button.addEventListener("keydown", (event) => { if (event.key === "Enter") event.stopPropagation(); });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !toggle.checked || id !== "__drawer") return;
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change", { bubbles: true }));
    button.focus();
  });
}
