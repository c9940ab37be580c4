/* Material's search worker, per language and with folded words.
 *
 * Why filter here: Material fetches one index from the site root (search/search_index.json) and
 * the i18n plugin merges every language into it; neither can give a page its own language's index.
 * So this worker, which Material starts in place of its own (the build points `search` in the page's
 * __config at it: build_tools/site_fixes.py), keeps the documents of the page's language only.
 *
 * Query string: worker=<Material's worker file, same folder>, prefix=<the language's path, "" for
 * the default language>, exclude=<the other languages' paths, comma-separated>.
 *
 * Folding (the same on the index and on the query): lower case; accents and Arabic marks dropped
 * (é→e, أ/إ/آ→ا); ي/ى→ی, ك→ک, ة→ه; ZWNJ and other invisible format marks, and tatweel, removed;
 * Persian and Arabic-Indic digits to ASCII. Everything runs on the files of this site. */
"use strict";

const params = new URL(self.location.href).searchParams;
const prefix = params.get("prefix") || "";
const exclude = (params.get("exclude") || "").split(",").filter(Boolean);

const LETTERS = { "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ە": "ه", "œ": "oe", "æ": "ae" };

/** One word or query as the index stores it: fold("Récépissé") === "recepisse". */
function fold(text) {
  return text.toLowerCase().normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[يىكةەœæ]/g, (letter) => LETTERS[letter])
    .replace(/[\p{Cf}\u0640]/gu, "")
    .replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (digit) => String((digit.charCodeAt(0) & 0xF)));
}

function inLanguage(doc) {
  return doc.location.startsWith(prefix) && !exclude.some((other) => doc.location.startsWith(other));
}

/** A message for Material's worker: set-up keeps this language's documents; a query is folded. */
function prepare(message) {
  if (message && typeof message.data === "string") return { ...message, data: fold(message.data) };
  if (message && message.data && Array.isArray(message.data.docs)) {
    return { ...message, data: { ...message.data, docs: message.data.docs.filter(inLanguage) } };
  }
  return message;
}

// Material's worker listens with the global addEventListener: hand it the prepared message
const listen = self.addEventListener.bind(self);
self.addEventListener = (type, listener, options) => listen(
  type, type === "message" ? (event) => listener({ data: prepare(event.data) }) : listener, options);

// only a file next to this one: the worker loads nothing from anywhere else
const worker = params.get("worker") || "";
if (!/^[\w.-]+\.js$/.test(worker)) throw new Error(`search-i18n.js: no worker file in ${self.location.search}`);
importScripts(worker);

// Lunr (exposed by Material's worker) runs every token of the index through a pipeline: fold first
const run = self.lunr.Pipeline.prototype.run;
self.lunr.Pipeline.prototype.run = function (tokens) {
  const folded = tokens.map((token) => token.update((text) => fold(text))).filter((token) => token.toString());
  return run.call(this, folded);
};
