// Inline marks of rule texts, rendered as DOM nodes (never as HTML strings).
//   {fr:…}  a French legal name, kept verbatim  -> <bdi lang="fr">…</bdi>
//   {ltr:…} any other Latin fragment            -> <bdi dir="ltr">…</bdi>
// The same rendering as build_tools/inline.py (render_inline) on the site side.
// Interface texts may also hold placeholders written [[name]]; they are filled with
// strings or nodes, inside or outside the marks.

const INLINE_MARK = /\{(fr|ltr):([^{}]*)\}/g;
const PLACEHOLDER = /\[\[([a-z_]+)\]\]/g;

function fillPlaceholders(parent, text, params) {
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > last) parent.append(text.slice(last, match.index));
    const value = params[match[1]];
    if (value === undefined || value === null) parent.append(match[0]);
    else if (typeof value === "string" || typeof value === "number") parent.append(String(value));
    else parent.append(value.cloneNode(true));
    last = match.index + match[0].length;
  }
  if (last < text.length) parent.append(text.slice(last));
}

// The nodes of a marked text, in a DocumentFragment.
function inlineNodes(text, params = {}) {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of String(text).matchAll(INLINE_MARK)) {
    if (match.index > last) fillPlaceholders(fragment, text.slice(last, match.index), params);
    const bdi = document.createElement("bdi");
    if (match[1] === "fr") bdi.lang = "fr";
    else bdi.dir = "ltr";
    fillPlaceholders(bdi, match[2], params);
    fragment.append(bdi);
    last = match.index + match[0].length;
  }
  if (last < text.length) fillPlaceholders(fragment, text.slice(last), params);
  return fragment;
}

// The plain text of a marked text (titles, attributes, calendar files).
function stripInline(text) {
  return String(text).replace(INLINE_MARK, (_, kind, inner) => inner);
}

export { inlineNodes, stripInline };
