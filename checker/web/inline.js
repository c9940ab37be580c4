// Inline marks of rule texts, rendered as DOM nodes (never as HTML strings).
//   {fr:…}      a French legal name, kept verbatim          -> <bdi lang="fr">…</bdi>
//   {ltr:…}     any other Latin fragment                    -> <bdi dir="ltr">…</bdi>
//   {amount:id} a parameter's amount in force, {answer:id} the reader's answer,
//   {next_change:id} the date a parameter's new value is expected: filled by
//               `values(kind, id)` (a string or a node; without a value the mark stays as written,
//               as checker/inline.py leaves it).
// The same rendering as checker/inline.py and build_tools/render.py on the site side.
// Interface texts may also hold placeholders written [[name]]; they are filled with
// strings or nodes, inside or outside the marks.

const INLINE_MARK = /\{(fr|ltr|amount|answer|next_change):([^{}]*)\}/g;
const VALUE_MARKS = ["amount", "answer", "next_change"];
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
// params: {name: string | node} for [[name]]; values(kind, id) -> string | node | null for {amount:}/{answer:}.
function inlineNodes(text, params = {}, values = null) {
  const fragment = document.createDocumentFragment();
  text = String(text);
  let last = 0;
  for (const match of text.matchAll(INLINE_MARK)) {
    if (match.index > last) fillPlaceholders(fragment, text.slice(last, match.index), params);
    const [, kind, inner] = match;
    if (VALUE_MARKS.includes(kind)) {
      const value = values ? values(kind, inner) : null;
      fragment.append(value === null || value === undefined ? match[0] : value);
    } else {
      const bdi = document.createElement("bdi");
      if (kind === "fr") bdi.lang = "fr";
      else bdi.dir = "ltr";
      fillPlaceholders(bdi, inner, params);
      fragment.append(bdi);
    }
    last = match.index + match[0].length;
  }
  if (last < text.length) fillPlaceholders(fragment, text.slice(last), params);
  return fragment;
}

// The plain text of a marked text (titles, attributes, calendar files); values as for inlineNodes.
function stripInline(text, values = null) {
  return String(text).replace(INLINE_MARK, (whole, kind, inner) => {
    if (!VALUE_MARKS.includes(kind)) return inner;
    const value = values ? values(kind, inner) : null;
    if (value === null || value === undefined) return whole;
    return typeof value === "string" ? value : value.textContent;
  });
}

export { inlineNodes, stripInline };
